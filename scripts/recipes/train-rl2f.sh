#!/usr/bin/env bash
# Recipe for models/rl2f: RL²F, on-policy RL over 4-turn didactic dialogues on math with the
# scripted teacher's feedback, from models/base. Run from the repository root after
# `npm run build`:  bash scripts/recipes/train-rl2f.sh [out-dir]   (QUICK=1 for a smoke run)
source "$(dirname "$0")/common.sh"
rl_in_chunks "${1:-models/rl2f}" --teacher scripted --turns 4

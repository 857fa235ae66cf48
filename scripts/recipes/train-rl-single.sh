#!/usr/bin/env bash
# Recipe for models/rl-single: the single-turn RL baseline. The same policy gradient, tasks and
# budget of generated tokens as models/rl2f, but every episode is one attempt (K = 1), so the
# model never sees feedback in training.
#   bash scripts/recipes/train-rl-single.sh [out-dir]   (QUICK=1 for a smoke run)
source "$(dirname "$0")/common.sh"
rl_in_chunks "${1:-models/rl-single}" --turns 1

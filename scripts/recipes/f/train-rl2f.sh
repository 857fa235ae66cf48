#!/usr/bin/env bash
# Recipe for models/f-rl2f: RL²F, on-policy RL over 4-turn didactic dialogues on math with the
# scripted teacher's feedback, STEPS steps (default 1000) from models/base-f. Its generated tokens
# are the budget the single-turn baselines are matched to, so it runs first. From the repository
# root after `npm run build`:
#   bash scripts/recipes/f/train-rl2f.sh [out-dir]     (QUICK=1 for a smoke run, STEPS=n, BASE=dir)
# Stopped or crashed, the same command continues it. The wall time is printed at the end and
# written to <out-dir>/recipe.json.
source "$(dirname "$0")/common.sh"
OUT="${1:-models/f-rl2f}"
recipe_clock "$OUT"
rl_in_chunks "$OUT" --teacher scripted --turns 4 --steps "$STEPS"
finish_recipe "$OUT" "$STEPS"

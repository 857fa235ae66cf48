#!/usr/bin/env bash
# Recipe for models/f-rl2f-unary: RL²F trained with the unary teacher (every wrong attempt hears
# only that it is wrong), otherwise exactly models/f-rl2f. Evaluated under the scripted teacher,
# f-rl2f − f-rl2f-unary is what reading the feedback adds over being trained to retry. From the
# repository root after `npm run build`:
#   bash scripts/recipes/f/train-rl2f-unary.sh [out-dir]     (QUICK=1 for a smoke run, STEPS=n, BASE=dir)
# Stopped or crashed, the same command continues it. The wall time is printed at the end and
# written to <out-dir>/recipe.json.
source "$(dirname "$0")/common.sh"
OUT="${1:-models/f-rl2f-unary}"
recipe_clock "$OUT"
rl_in_chunks "$OUT" --teacher unary --turns 4 --steps "$STEPS"
finish_recipe "$OUT" "$STEPS"

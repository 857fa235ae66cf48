#!/usr/bin/env bash
# Recipe for models/f-rl2f-tm: RL²F with teacher modelling, otherwise exactly models/f-rl2f. The
# model also learns to write the scripted teacher's turns (λ = 0.05), with the teacher-token
# anchor (--teacher-kl 1) keeping its log-probability of that text near base-f's: part of the
# teacher's text cannot be predicted from the transcript (the direction needs the answer), and in
# the first reproduction unanchored teacher modelling dragged the policy away. Evaluated with
# `--teacher self` (it critiques its own attempts) against its own no-feedback and unary controls.
# From the repository root after `npm run build`:
#   bash scripts/recipes/f/train-rl2f-tm.sh [out-dir]     (QUICK=1 for a smoke run, STEPS=n, BASE=dir)
# Stopped or crashed, the same command continues it. The wall time is printed at the end and
# written to <out-dir>/recipe.json.
source "$(dirname "$0")/common.sh"
OUT="${1:-models/f-rl2f-tm}"
recipe_clock "$OUT"
rl_in_chunks "$OUT" --teacher scripted --turns 4 --teacher-modelling 0.05 --teacher-kl 1 --steps "$STEPS"
finish_recipe "$OUT" "$STEPS"

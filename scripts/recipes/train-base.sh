#!/usr/bin/env bash
# Recipe for models/base: the untrained-model analogue. Single-turn answers only (never any
# feedback) from the math and maze generators, mostly at difficulty 1 with some difficulty 2.
# Rerun from the repository root after `npm run build`:  bash scripts/recipes/train-base.sh [out-dir]
# About 40 minutes of training on 2 cores shared with other work.
set -euo pipefail
OUT="${1:-models/base}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
didactic() { node dist/src/cli/main.js "$@"; }

# Seeds 1001+ so the training tasks differ from the evaluation's default seeds.
didactic data sft --domain math --difficulty 1 --n 24000 --seed 1001 --out "$WORK/math1.jsonl"
didactic data sft --domain math --difficulty 2 --n 6000 --seed 1002 --out "$WORK/math2.jsonl"
didactic data sft --domain maze --difficulty 1 --n 6000 --seed 1003 --out "$WORK/maze1.jsonl"
didactic data sft --domain maze --difficulty 2 --n 2000 --seed 1004 --out "$WORK/maze2.jsonl"
cat "$WORK"/math1.jsonl "$WORK"/math2.jsonl "$WORK"/maze1.jsonl "$WORK"/maze2.jsonl > "$WORK/train.jsonl"

DATA="$WORK/train.jsonl"
# Phase 1: batch 64, 800 steps on one cosine schedule. The model learns the answer format and
# the typical answer of each kind of task, but hardly reads the operands yet.
didactic train sft --data "$DATA" --out "$OUT" --preset small --steps 800 \
  --batch-size 64 --lr 3e-3 --warmup 50 --seed 1 --eval-every 50 --checkpoint-every 50
# Phase 2: resume on a longer schedule (the learning rate climbs back up), stopping at step 1400.
didactic train sft --data "$DATA" --out "$OUT" --resume --steps 2200 --stop-at 1400 \
  --batch-size 64 --lr 3e-3 --warmup 50 --seed 1 --eval-every 50 --checkpoint-every 50
# Phase 3: smaller batches, so four times as many updates for the same compute.
didactic train sft --data "$DATA" --out "$OUT" --resume --steps 4400 \
  --batch-size 16 --lr 2e-3 --warmup 50 --seed 1 --eval-every 200 --checkpoint-every 200
# Keep the shipped directory small: weights, config and the loss curve; drop resume state.
rm -f "$OUT/optimizer.safetensors" "$OUT/state.json"

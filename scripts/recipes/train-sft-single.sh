#!/usr/bin/env bash
# Recipe for models/sft-single: the single-turn SFT baseline (rejection sampling). Sample answers
# from models/base with no feedback until the shared token budget is spent, keep the correct
# ones, fine-tune models/base on them.
#   bash scripts/recipes/train-sft-single.sh [out-dir]   (QUICK=1 for a smoke run)
source "$(dirname "$0")/common.sh"
OUT="${1:-models/sft-single}"
didactic train rft --student "embedded:$BASE" "${DOMAIN[@]}" "${RFT[@]}" --lr 3e-4 --warmup 10 \
  --seed "$SEED" --token-budget "$TOKEN_BUDGET" --out "$OUT"
rm -f "$OUT/optimizer.safetensors" "$OUT/state.json"

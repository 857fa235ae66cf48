#!/usr/bin/env bash
# Recipe for models/f-sft-single: single-turn SFT on the model's own correct answers (rejection
# sampling) from models/base-f. It samples with no feedback until it has generated as many student
# tokens as models/f-rl2f did in training, keeps the correct answers, and fine-tunes under the RL
# runs' optimiser schedule: the same learning rate, warm-up and number of update steps (STEPS),
# constant after warm-up. Needs f-rl2f trained first (RL2F=<dir> to read another). From the
# repository root after `npm run build`:
#   bash scripts/recipes/f/train-sft-single.sh [out-dir]     (QUICK=1 for a smoke run, STEPS=n, BASE=dir)
# The wall time is printed at the end and written to <out-dir>/recipe.json.
source "$(dirname "$0")/common.sh"
OUT="${1:-models/f-sft-single}"
TOKEN_BUDGET=$(rl2f_tokens)
recipe_clock "$OUT"
# Enough tasks for the budget to stop sampling while answers average at least two tokens (the
# tasks are generated up front, so not a million of them).
TASKS=$((TOKEN_BUDGET / (2 * RFT_SAMPLES) + 64))
# Stopped, the same command continues: the sampling after the last whole batch of its journal
# (rft-samples.jsonl), the fine-tuning from its last checkpoint.
RESUME=()
[[ -f "$OUT/state.json" || -f "$OUT/rft-samples.jsonl" ]] && RESUME=(--resume)
didactic train rft --student "embedded:$BASE" "${DOMAIN[@]}" --tasks "$TASKS" --samples "$RFT_SAMPLES" --max-tokens "$MAX_TOKENS" \
  --token-budget "$TOKEN_BUDGET" --steps "$STEPS" --batch-size "$RFT_BATCH" --lr "$LR" --warmup "$WARMUP" --lr-floor 1 \
  --seed "$SEED" --out "$OUT" "${RESUME[@]}"
rm -f "$OUT/optimizer.safetensors" "$OUT/state.json" "$OUT/rft-samples.jsonl"
if [[ "$(node -e 'process.stdout.write(require(process.argv[1]).stoppedBy)' "$(realpath "$OUT/rft.json")")" != "token-budget" ]]; then
  echo "warning: sampling ran out of tasks before f-rl2f's $TOKEN_BUDGET tokens; $OUT/rft.json has the tokens it did generate" >&2
fi
finish_recipe "$OUT" "$STEPS"

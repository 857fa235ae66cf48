#!/usr/bin/env bash
# Experiment: does RL²F pull ahead of single-turn RL when the starting model can already take a
# second turn? models/base never saw a feedback turn: after one it often writes no answer at all.
# This gives it that turn by fine-tuning on its own dialogues, then runs the shipped RL recipes
# from there and compares them with `didactic reproduce`. From the repository root, after
# `npm run build`:  bash scripts/experiments/dialogue-warm-start.sh [out-dir]
# (default runs/warm-start; QUICK=1 for a smoke run of a few minutes).
#
# 1. dialogues: models/base with the scripted teacher, K = 4, on training tasks of seed 3001
#    (neither the RL recipes' 2001 nor the evaluation's 1).
# 2. models/dialogue-sft: models/base fine-tuned on each feedback turn followed by a reply with
#    the reference answer (`data dialogues --kind corrected`) and on its own solving attempts
#    (`--kind solved`), so turn-1 answering is trained too.
# 3. rl-single and rl2f from dialogue-sft, with the recipes' settings and token budget, side by side.
# 4. `didactic reproduce --base <dialogue-sft> --methods base,rl-single,rl2f`.
source "$(dirname "$0")/../recipes/common.sh"
OUT="${1:-runs/warm-start}"
if [[ "${QUICK:-0}" == "1" ]]; then
  DIALOGUE_TASKS=60; SFT=(--steps 10 --batch-size 8); EVAL=(--quick --tasks 10)
else
  DIALOGUE_TASKS=2000; SFT=(--steps 300 --batch-size 16); EVAL=()
fi
mkdir -p "$OUT/models"

didactic eval --student "embedded:$BASE" "${DOMAIN[@]}" --teacher scripted --turns 4 \
  --tasks "$DIALOGUE_TASKS" --seed 3001 --concurrency 16 --out "$OUT/dialogues" > /dev/null
didactic data dialogues "$OUT/dialogues" --kind corrected --out "$OUT/corrected.jsonl"
didactic data dialogues "$OUT/dialogues" --kind solved --out "$OUT/solved.jsonl"
cat "$OUT/corrected.jsonl" "$OUT/solved.jsonl" > "$OUT/dialogue-sft.jsonl"

START="$OUT/models/dialogue-sft"
if [[ ! -f "$START/model.safetensors" ]]; then
  didactic train sft --from "embedded:$BASE" --data "$OUT/dialogue-sft.jsonl" "${SFT[@]}" \
    --lr 3e-4 --warmup 10 --seed "$SEED" --eval-every 50 --checkpoint-every 50 --out "$START"
  rm -f "$START/optimizer.safetensors"
fi

# Two cores, two single-threaded trainings: run them side by side.
BASE="$START" bash scripts/recipes/train-rl-single.sh "$OUT/models/rl-single" & single=$!
BASE="$START" bash scripts/recipes/train-rl2f.sh "$OUT/models/rl2f" & multi=$!
wait "$single"
wait "$multi"

didactic reproduce "${EVAL[@]}" --base "embedded:$START" --models "$OUT/models" \
  --methods base,rl-single,rl2f --out "$OUT/reproduce"

#!/usr/bin/env bash
# Can the embedded model learn to follow the feedback's direction at all? A supervised check
# beside RL: fine-tune models/base-f on synthetic dialogues whose feedback is true (about the
# attempt shown: "too low" after a low answer) and, as the control, on the same dialogues with
# the feedback shuffled (base-f's own start), with the same data sizes, seeds and schedule; and a
# third arm where the true-feedback dialogues end not in the correct answer but in a move the way
# the feedback points (scripts/experiments/direction-moves.mjs), which teaches the direction and
# nothing else; and *blind*, the same with moves of 1 to 10 whatever the answer, which can only be
# predicted from the attempt before and the feedback's words. Then evaluate all under the
# scripted and unary teachers and count right-way moves (scripts/experiments/direction-signal.mjs),
# and ask each whether its next answer depends on the words at all
# (scripts/experiments/direction-counterfactual.mjs). If the true-feedback models move the right way
# more often than the shuffled one, supervision can teach the direction; if not, the model does
# not pick it up from this much data either.
# Usage, from the repository root after `npm run build`:
#   bash scripts/experiments/direction-oracle.sh [steps] [examples]    (defaults 2000, 32000)
# BASE= (default models/base-f), OUT= (default runs/direction-oracle), ARMS= (default
# "true shuffled moves blind": a subset trains, evaluates and asks only those arms). Each arm is
# skipped when its model is already there, so a stopped run continues.
set -euo pipefail
STEPS="${1:-2000}"
N="${2:-32000}"
BASE="${BASE:-models/base-f}"
OUT="${OUT:-runs/direction-oracle}"
read -ra arms <<< "${ARMS:-true shuffled moves blind}"
didactic() { node dist/src/cli/main.js "$@"; }
source scripts/experiments/sft-arm.sh
mkdir -p "$OUT"
for feedback in true shuffled; do
  [[ -f "$OUT/$feedback.jsonl" ]] ||
    didactic data synthetic --domain math --difficulty 1 --n "$N" --dialogue-share 0.5 --feedback "$feedback" --seed 3102 \
      --out "$OUT/$feedback.jsonl" >/dev/null
done
[[ -f "$OUT/moves.jsonl" ]] || node scripts/experiments/direction-moves.mjs "$OUT/true.jsonl" "$OUT/moves.jsonl" 3103
[[ -f "$OUT/blind.jsonl" ]] || node scripts/experiments/direction-moves.mjs "$OUT/true.jsonl" "$OUT/blind.jsonl" 3103 --blind
models=("$BASE")
for feedback in "${arms[@]}"; do
  sft_arm "$OUT/$feedback.jsonl" "$BASE" "$OUT/sft-$feedback" "$STEPS" 250
  models+=("$OUT/sft-$feedback")
done
evals=()
for m in "${models[@]}"; do
  evals+=("$OUT/eval-$(basename "$m")")
  # An eval already done is resumed with nothing left to run.
  didactic eval --student "embedded:$m" --domain math --difficulty 1 --teacher scripted,unary --turns 4 --tasks 500 \
    --seed 1 --concurrency 64 --out "${evals[-1]}" | grep -E '^\| (domain|math)'
done
node scripts/experiments/direction-signal.mjs "${evals[@]}"
node scripts/experiments/direction-counterfactual.mjs "${models[@]}"

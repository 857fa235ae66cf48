#!/usr/bin/env bash
# Can the embedded model learn to read *where* the maze feedback says the path went wrong, when
# it is supervised on it? The maze counterpart of direction-oracle.sh, beside the RL of
# maze-probe.sh. From BASE (default models/base-f), 2,000 SFT steps (batch 16, lr 5e-4) in each arm:
#   shuffled  the control, base-m's recipe (maze-probe.sh): 16,000 synthetic math examples and
#          16,000 maze examples, half dialogues, all with shuffled feedback (skipped when BASE_M
#          names a base-m already trained from BASE);
#   true   the same with the maze feedback *true* (about the path shown), ending in the reference path;
#   blind  the same math and 32,000 maze dialogues with shuffled feedback in which every reply
#          after a text naming a failing move keeps the last path up to that move and changes it
#          there (scripts/experiments/maze-moves.mjs): a reply only the words predict.
# Then maze-counterfactual.mjs asks each whether its next path changes at the move the text names.
# Usage, from the repository root after `npm run build`:
#   bash scripts/experiments/maze-oracle.sh        (OUT=<dir>, default runs/maze-oracle; BASE=, BASE_M=)
# ARMS=blind trains and asks only that arm beside the control (default "true blind"). Each
# arm is skipped when its model is already there, so a stopped run continues.
set -euo pipefail
OUT="${OUT:-runs/maze-oracle}"
BASE="${BASE:-models/base-f}"
BASE_M="${BASE_M:-}"
didactic() { node dist/src/cli/main.js "$@"; }
source scripts/experiments/sft-arm.sh
mkdir -p "$OUT"
[[ -f "$OUT/math.jsonl" ]] ||
  didactic data synthetic --domain math --difficulty 1 --n 16000 --dialogue-share 0.5 --feedback shuffled --seed 5102 --out "$OUT/math.jsonl"
[[ -f "$OUT/mix-true.jsonl" ]] || {
  didactic data synthetic --domain maze --difficulty 1 --n 16000 --dialogue-share 0.5 --feedback true --seed 5101 --out "$OUT/maze-true.jsonl"
  cat "$OUT/math.jsonl" "$OUT/maze-true.jsonl" > "$OUT/mix-true.jsonl"
}
[[ -n "$BASE_M" || -f "$OUT/mix-shuffled.jsonl" ]] || {
  didactic data synthetic --domain maze --difficulty 1 --n 16000 --dialogue-share 0.5 --feedback shuffled --seed 5101 --out "$OUT/maze-shuffled.jsonl"
  cat "$OUT/math.jsonl" "$OUT/maze-shuffled.jsonl" > "$OUT/mix-shuffled.jsonl"
}
[[ -f "$OUT/mix-blind.jsonl" ]] || {
  didactic data synthetic --domain maze --difficulty 1 --n 32000 --dialogue-share 1 --feedback shuffled --seed 5104 --out "$OUT/maze-dialogues.jsonl"
  node scripts/experiments/maze-moves.mjs "$OUT/maze-dialogues.jsonl" "$OUT/maze-blind.jsonl" 5103
  cat "$OUT/math.jsonl" "$OUT/maze-blind.jsonl" > "$OUT/mix-blind.jsonl"
}
[[ -n "$BASE_M" ]] || sft_arm "$OUT/mix-shuffled.jsonl" "$BASE" "$OUT/sft-shuffled" 2000 500
read -ra arms <<< "${ARMS:-true blind}"
asked=()
for arm in "${arms[@]}"; do
  sft_arm "$OUT/mix-$arm.jsonl" "$BASE" "$OUT/sft-$arm" 2000 500
  asked+=("$OUT/sft-$arm")
done
node scripts/experiments/maze-counterfactual.mjs "${BASE_M:-$OUT/sft-shuffled}" "${asked[@]}" --tasks 200 --samples 8

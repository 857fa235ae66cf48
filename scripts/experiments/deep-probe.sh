#!/usr/bin/env bash
# Does depth let the embedded model learn what feedback says? The small preset (3 layers) barely
# learns it even under direct supervision (direction-oracle.sh, maze-oracle.sh; docs/rl.md), so
# before any RL on a larger model, the same supervised checks on a deeper start:
#   1. base-f's recipe at the deep preset (small's width, 6 layers): scripts/recipes/train-base-f.sh;
#   2. its gate before RL: scripts/recipes/gate-base-f.sh;
#   3. the deciding arms first: math blind, then the maze's shuffled control and blind arm, each
#      with its counterfactual (about 3 × 25 min of training here);
#   4. the rest of both checks (math true, shuffled and moves; maze true).
# If its blind arms read the words far more than small's (+3.5 on math, +2.2 on the maze), RL²F
# from the deep start is the next run; if not, model size is not what stops it here.
# Usage, from the repository root after `npm run build`:
#   bash scripts/experiments/deep-probe.sh        (OUT=<dir>, default runs/deep-probe)
# Every step continues from where it stopped, so rerun the same line after an interruption; to
# carry a stopped run to another machine, `bash scripts/experiments/park.sh park runs/deep-probe`
# and commit parked/ (this script unparks it when runs/deep-probe has no base yet).
set -euo pipefail
OUT="${OUT:-runs/deep-probe}"
BASE="$OUT/base-f-deep"
mkdir -p "$OUT"
# Continue from a run parked in git by another machine (scripts/experiments/park.sh).
if [[ -d "parked/$(basename "$OUT")" && ! -f "$BASE/model.safetensors" ]]; then
  bash scripts/experiments/park.sh unpark "$OUT"
fi
if [[ ! -f "$BASE/model.safetensors" || -f "$BASE/state.json" ]]; then
  PRESET=deep WORK="$OUT/work" CHUNK="${CHUNK:-50}" bash scripts/recipes/train-base-f.sh "$BASE"
fi
OUT="$OUT/gate" bash scripts/recipes/gate-base-f.sh "$BASE"
BASE="$BASE" OUT="$OUT/direction-oracle" ARMS=blind bash scripts/experiments/direction-oracle.sh
BASE="$BASE" OUT="$OUT/maze-oracle" ARMS=blind bash scripts/experiments/maze-oracle.sh
BASE="$BASE" OUT="$OUT/direction-oracle" bash scripts/experiments/direction-oracle.sh
BASE="$BASE" OUT="$OUT/maze-oracle" bash scripts/experiments/maze-oracle.sh

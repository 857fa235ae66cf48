#!/usr/bin/env bash
# Does RL²F teach the embedded model to use feedback that asks for a simpler act than comparing
# numbers? On the maze the scripted teacher says where the path first goes wrong ("Your first 2
# moves are fine. Move 3 goes left ... into a wall"); using that means keeping the moves it calls
# fine and changing the next one, a copy and one change, not a comparison of two numbers. Steps:
#   1. a maze start, base-m: models/base-f fine-tuned on synthetic math and maze dialogues with
#      shuffled feedback (it answers after maze feedback but starts with no use of what it says);
#   2. base-m evaluated on the maze and on math under the scripted, unary and no-feedback teachers;
#   3. RL²F on the maze from base-m with the scripted teacher, the f recipe otherwise unchanged,
#      twice: with the outcome reward alone (m-rl2f) and with the reward for acting on the place
#      the verdict names as well (m-rl2f-rho1, --direction-reward 1);
#   4. scripts/experiments/maze-counterfactual.mjs on the start and both RL²F models: does the
#      next path change at the move the feedback names?
# Usage, from the repository root after `npm run build`:
#   bash scripts/experiments/maze-probe.sh [rl-steps]      (default 250; OUT=<dir>, default runs/maze-probe)
# Each step is skipped when its output is already there, so a stopped run continues.
set -euo pipefail
STEPS="${1:-250}"
OUT="${OUT:-runs/maze-probe}"
didactic() { node dist/src/cli/main.js "$@"; }
mkdir -p "$OUT"
if [[ ! -f "$OUT/base-m/model.safetensors" ]]; then
  didactic data synthetic --domain math --difficulty 1 --n 16000 --dialogue-share 0.5 --feedback shuffled --seed 5102 --out "$OUT/math.jsonl"
  didactic data synthetic --domain maze --difficulty 1 --n 16000 --dialogue-share 0.5 --feedback shuffled --seed 5101 --out "$OUT/maze.jsonl"
  cat "$OUT/math.jsonl" "$OUT/maze.jsonl" > "$OUT/mix.jsonl"
  didactic train sft --data "$OUT/mix.jsonl" --from embedded:models/base-f --out "$OUT/base-m" --steps 2000 --batch-size 16 \
    --lr 5e-4 --warmup 50 --seed 1 --eval-every 500 --checkpoint-every 500
  rm -f "$OUT/base-m/optimizer.safetensors" "$OUT/base-m/state.json"
fi
evaluate() { # evaluate MODEL NAME
  didactic eval --student "embedded:$1" --domain maze --teacher scripted,unary,none --turns 4 --tasks 300 --concurrency 64 \
    --out "$OUT/eval-$2-maze" | grep -E '^\| (domain|maze)'
  didactic eval --student "embedded:$1" --domain math --difficulty 1 --teacher scripted,unary --turns 4 --tasks 300 --concurrency 64 \
    --out "$OUT/eval-$2-math" | grep -E '^\| (domain|math)'
}
evaluate "$OUT/base-m" base-m
RL_DOMAIN=maze BASE="$OUT/base-m" STEPS="$STEPS" DIRECTION_REWARD=0 bash scripts/recipes/f/train-rl2f.sh "$OUT/m-rl2f"
RL_DOMAIN=maze BASE="$OUT/base-m" STEPS="$STEPS" DIRECTION_REWARD=1 bash scripts/recipes/f/train-rl2f.sh "$OUT/m-rl2f-rho1"
for m in m-rl2f m-rl2f-rho1; do evaluate "$OUT/$m" "$m"; done
node scripts/experiments/direction-signal.mjs "$OUT"/eval-*-maze
node scripts/experiments/maze-counterfactual.mjs "$OUT/base-m" "$OUT/m-rl2f" "$OUT/m-rl2f-rho1" --tasks 200 --samples 8

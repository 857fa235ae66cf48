#!/usr/bin/env bash
# Recipe for models/base-f: a start that can take a second turn. The same single-turn math and
# maze mix as models/base, except that half of the math examples are synthetic dialogues: one to
# three earlier wrong attempts, each followed by real scripted feedback, before a trained reply
# that writes its working. The feedback is shuffled (each text is about a different wrong
# attempt than the one it follows), so the model learns to answer after feedback but starts with
# no use of what the feedback says. The tokenizer is trained on this data, feedback included.
# Rerun from the repository root after `npm run build`:  bash scripts/recipes/train-base-f.sh [out-dir]
# Then gate it before RL:  bash scripts/recipes/gate-base-f.sh [out-dir]
set -euo pipefail
OUT="${1:-models/base-f}"
WORK="${WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
didactic() { node dist/src/cli/main.js "$@"; }

# Seeds 1101+ so the training tasks differ from the evaluation's (and from models/base's).
[[ -f "$WORK/train.jsonl" ]] || {
  didactic data synthetic --domain math --difficulty 1 --n 24000 --dialogue-share 0.5 --seed 1101 --out "$WORK/math1.jsonl"
  didactic data synthetic --domain math --difficulty 2 --n 6000 --dialogue-share 0.5 --seed 1102 --out "$WORK/math2.jsonl"
  didactic data sft --domain maze --difficulty 1 --n 6000 --seed 1103 --out "$WORK/maze1.jsonl"
  didactic data sft --domain maze --difficulty 2 --n 2000 --seed 1104 --out "$WORK/maze2.jsonl"
  cat "$WORK"/math1.jsonl "$WORK"/math2.jsonl "$WORK"/maze1.jsonl "$WORK"/maze2.jsonl > "$WORK/train.jsonl"
}
DATA="$WORK/train.jsonl"
# sft_in_chunks ARGS...: one process per chunk of CHUNK steps (the tensor library keeps every
# compiled shape's memory for the life of a process), each continuing the last with --resume.
CHUNK="${CHUNK:-200}"
sft_in_chunks() {
  local total="$1" stop="$2"; shift 2
  local step=0
  [[ -f "$OUT/state.json" ]] && step=$(node -e 'process.stdout.write(String(require(process.argv[1]).step))' "$(realpath "$OUT/state.json")")
  while (( step < stop )); do
    local next=$(( step + CHUNK < stop ? step + CHUNK : stop ))
    local resume=()
    [[ -f "$OUT/state.json" ]] && resume=(--resume)
    didactic train sft --data "$DATA" --out "$OUT" --preset small --steps "$total" --stop-at "$next" "${resume[@]}" "$@"
    step=$next
  done
}
# The three phases of models/base, at its step counts.
sft_in_chunks 800 800 --batch-size 64 --lr 3e-3 --warmup 50 --seed 1 --eval-every 50 --checkpoint-every 50
sft_in_chunks 2200 1400 --batch-size 64 --lr 3e-3 --warmup 50 --seed 1 --eval-every 50 --checkpoint-every 50
sft_in_chunks 4400 4400 --batch-size 16 --lr 2e-3 --warmup 50 --seed 1 --eval-every 200 --checkpoint-every 200
rm -f "$OUT/optimizer.safetensors" "$OUT/state.json"

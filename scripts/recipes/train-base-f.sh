#!/usr/bin/env bash
# Recipe for models/base-f: a start that can take a second turn. The same single-turn math and
# maze mix as models/base, except that half of the math examples are synthetic dialogues: one to
# three earlier wrong attempts, each followed by real scripted feedback, before a trained reply
# that writes its working. The feedback is shuffled (each text is about a different wrong
# attempt than the one it follows), so the model learns to answer after feedback but starts with
# no use of what the feedback says. The tokenizer is trained on this data, feedback included.
# Rerun from the repository root after `npm run build`:  bash scripts/recipes/train-base-f.sh [out-dir]
# Then gate it before RL:  bash scripts/recipes/gate-base-f.sh [out-dir]
# PRESET=deep trains the same recipe at another model size (src/embedded/config.ts; default small).
set -euo pipefail
OUT="${1:-models/base-f}"
WORK="${WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
didactic() { node dist/src/cli/main.js "$@"; }

# Seeds 1101+ so the training tasks differ from the evaluation's (and from models/base's).
[[ -f "$WORK/train.jsonl" ]] || {
  didactic data synthetic --domain math --difficulty 1 --n 24000 --dialogue-share 0.5 --seed 1101 --out "$WORK/math1.jsonl"
  # At most two earlier attempts at difficulty 2: three worked attempts with feedback overflow the window.
  didactic data synthetic --domain math --difficulty 2 --n 6000 --dialogue-share 0.5 --max-earlier 2 --seed 1102 --out "$WORK/math2.jsonl"
  didactic data sft --domain maze --difficulty 1 --n 6000 --seed 1103 --out "$WORK/maze1.jsonl"
  didactic data sft --domain maze --difficulty 2 --n 2000 --seed 1104 --out "$WORK/maze2.jsonl"
  cat "$WORK"/math1.jsonl "$WORK"/math2.jsonl "$WORK"/maze1.jsonl "$WORK"/maze2.jsonl > "$WORK/train.jsonl"
}
DATA="$WORK/train.jsonl"
# sft_in_chunks TOTAL STOP ARGS...: one process per chunk of CHUNK steps (the tensor library keeps
# every compiled shape's memory for the life of a process), each continuing the last with
# --resume; a chunk that dies is retried from its last checkpoint.
CHUNK="${CHUNK:-100}"
step_of() { node -e 'process.stdout.write(String(require(process.argv[1]).step))' "$(realpath "$OUT/state.json")"; }
sft_in_chunks() {
  local total="$1" stop="$2"; shift 2
  local failures=0 step=0
  while :; do
    step=0
    [[ -f "$OUT/state.json" ]] && step=$(step_of)
    (( step < stop )) || break
    local next=$(( step + CHUNK < stop ? step + CHUNK : stop ))
    local resume=()
    [[ -f "$OUT/state.json" ]] && resume=(--resume)
    if didactic train sft --data "$DATA" --out "$OUT" --preset "${PRESET:-small}" --steps "$total" --stop-at "$next" "${resume[@]}" "$@"; then
      failures=0
    else
      failures=$((failures + 1))
      (( failures < 3 )) || { echo "train sft failed three times in a row; giving up" >&2; return 1; }
      echo "train sft stopped with an error; continuing from the last checkpoint" >&2
    fi
  done
}
# The three phases of models/base and the same number of examples seen, with batches of 32
# instead of 64 in the first two (dialogues are longer; 64 of them exhaust the 4 GiB heap).
sft_in_chunks 1600 1600 --batch-size 32 --lr 3e-3 --warmup 100 --seed 1 --eval-every 100 --checkpoint-every 50
sft_in_chunks 4400 2800 --batch-size 32 --lr 3e-3 --warmup 100 --seed 1 --eval-every 100 --checkpoint-every 50
sft_in_chunks 5800 5800 --batch-size 16 --lr 2e-3 --warmup 50 --seed 1 --eval-every 200 --checkpoint-every 100
rm -f "$OUT/optimizer.safetensors" "$OUT/state.json"

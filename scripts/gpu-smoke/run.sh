#!/usr/bin/env bash
# A few GRPO steps of a small model against didactic's environment server, through TRL's rollout_func.
# For a machine with a CUDA GPU and trl, transformers, datasets and vllm installed. Not part of CI.
# It has NOT been run in didactic's own development environment (no GPU, no trainer there).
#
#   scripts/gpu-smoke/run.sh [model]        (default Qwen/Qwen2.5-0.5B-Instruct; try google/gemma-3-1b-it)
set -euo pipefail
cd "$(dirname "$0")/../.."
MODEL="${1:-Qwen/Qwen2.5-0.5B-Instruct}"
OUT="${OUT:-runs/gpu-smoke}"
mkdir -p "$OUT"
[ -f dist/src/cli/main.js ] || npx tsc -p tsconfig.json

node dist/src/cli/main.js data export --format trl --domain math --difficulty 1 --n 64 --max-attempts 3 --out "$OUT/train.jsonl"

node dist/src/cli/main.js env serve --port 0 --store "$OUT/env-store" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  URL=$(grep -o 'http://[0-9.]*:[0-9]*' "$OUT/server.log" | head -1 || true)
  [ -n "$URL" ] && break
  sleep 1
done
[ -n "${URL:-}" ] || { echo "the server did not start:"; cat "$OUT/server.log"; exit 1; }

DIDACTIC_URL="$URL" PYTHONPATH="$PWD/python${PYTHONPATH:+:$PYTHONPATH}" \
  python3 scripts/gpu-smoke/trl_smoke.py --model "$MODEL" --data "$OUT/train.jsonl" --out "$OUT/trl" --steps "${STEPS:-3}"
curl -s "$URL/v1/stats"; echo

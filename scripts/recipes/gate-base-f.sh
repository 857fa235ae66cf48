#!/usr/bin/env bash
# The gate a start model must pass before RL²F runs from it (compared with models/base):
#   1. turn-1 accuracy comparable to models/base's (not more than 5 points below it),
#   2. no final answer after feedback in at most 3% of later attempts (scripted teacher),
#   3. scripted ≈ unary at turn K (the start makes no use of what the feedback says).
# Usage, from the repository root after `npm run build`:  bash scripts/recipes/gate-base-f.sh [model-dir] [tasks]
set -euo pipefail
MODEL="${1:-models/base-f}"
TASKS="${2:-300}"
OUT="${OUT:-runs/gate-$(basename "$MODEL")}"
didactic() { node dist/src/cli/main.js "$@"; }
for m in "$MODEL" models/base; do
  didactic eval --student "embedded:$m" --domain math --difficulty 1 --teacher scripted,unary,none --turns 3 \
    --tasks "$TASKS" --concurrency 16 --out "$OUT/$(basename "$m")" >/dev/null
done
node scripts/recipes/gate.mjs "$OUT/$(basename "$MODEL")" "$OUT/base"

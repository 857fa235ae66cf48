#!/usr/bin/env bash
# Consolidation: distil the answers a model reached after feedback back into its first answer,
# and compare acc@1 with no teacher before and after against a single-turn baseline of equal
# compute (RFT: the model's own correct first answers, sampled at the same generated-token budget
# and fine-tuned on the same SFT schedule).
# Usage, from the repository root after `npm run build`:
#   bash scripts/experiments/consolidate.sh [model-dir] [rollout-tasks]
set -euo pipefail
MODEL="${1:-models/base}"
TASKS="${2:-2000}"
OUT="${OUT:-runs/consolidate-$(basename "$MODEL")}"
SFT=(--steps "${STEPS:-150}" --batch-size 16 --lr 3e-4 --warmup 10)
didactic() { node dist/src/cli/main.js "$@"; }
mkdir -p "$OUT"

# 1. Dialogues with the scripted teacher on training tasks (seeds apart from the evaluation's).
didactic eval --student "embedded:$MODEL" --domain math --difficulty 1 --teacher scripted --turns 4 \
  --tasks "$TASKS" --seed 3001 --concurrency 16 --out "$OUT/rollouts" >/dev/null
TOKENS=$(node -e 'process.stdout.write(String(require(process.argv[1]).total.outputTokens))' "$(realpath "$OUT/rollouts/usage.json")")
echo "rollouts: $TOKENS generated student tokens"
# 2. The answers reached after feedback, as single-turn examples; fine-tune on them.
didactic data dialogues "$OUT/rollouts" --kind consolidated --out "$OUT/consolidated.jsonl"
didactic train sft --from "embedded:$MODEL" --data "$OUT/consolidated.jsonl" "${SFT[@]}" --eval-every 50 --checkpoint-every 50 --out "$OUT/consolidated"
# 3. The single-turn baseline at the same generation budget and SFT schedule.
didactic train rft --student "embedded:$MODEL" --domain math --difficulty 1 --seed 3001 --token-budget "$TOKENS" \
  --samples 4 --tasks 100000 "${SFT[@]}" --out "$OUT/rft"
# 4. acc@1 with no teacher, on the evaluation's tasks.
for m in "$MODEL" "$OUT/consolidated" "$OUT/rft"; do
  didactic eval --student "embedded:$m" --domain math --difficulty 1 --teacher none --turns 1 --tasks 1000 \
    --concurrency 16 --out "$OUT/eval-$(basename "$m")" >/dev/null
  echo "$(basename "$m"): $(node -e 'const s=require(process.argv[1]);const r=s.results.find((x)=>x.condition==="none");process.stdout.write(`acc@1 ${(100*r.cumulativeAccuracy[0]).toFixed(1)}% [${r.interval95[0].map((v)=>(100*v).toFixed(1)).join(", ")}] over ${r.episodes} tasks`)' "$(realpath "$OUT/eval-$(basename "$m")/summary.json")")"
done

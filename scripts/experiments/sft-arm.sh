# Sourced by the oracle scripts (direction-oracle.sh, maze-oracle.sh), which define `didactic`.
# sft_arm DATA BASE OUT STEPS EVAL_EVERY: fine-tune BASE on DATA into OUT under the oracle arms'
# schedule (batch 16, lr 5e-4, 50 warm-up steps, seed 1). An arm whose model is written and
# whose checkpoint state is gone is done and skipped; one with a state continues from it.
sft_arm() {
  local data="$1" base="$2" out="$3" steps="$4" every="$5"
  [[ -f "$out/model.safetensors" && ! -f "$out/state.json" ]] && return 0
  local resume=()
  [[ -f "$out/state.json" ]] && resume=(--resume)
  didactic train sft --data "$data" --from "embedded:$base" --out "$out" --steps "$steps" \
    --batch-size 16 --lr 5e-4 --warmup 50 --seed 1 --eval-every "$every" --checkpoint-every 500 "${resume[@]}"
  rm -f "$out/optimizer.safetensors" "$out/state.json"
}

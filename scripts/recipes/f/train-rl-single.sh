#!/usr/bin/env bash
# Recipe for models/f-rl-single and models/f-rl-single-tokens: single-turn RL (K = 1, the model
# never sees feedback), the same policy gradient, tasks and settings as models/f-rl2f. One run,
# matched to RL²F twice: its checkpoint at step STEPS is kept as f-rl-single (matched steps), and
# the run continues until it has generated as many student tokens as f-rl2f did (matched tokens),
# which is f-rl-single-tokens. The learning rate is constant after warm-up, so the steps both
# share are the same whichever stop the run is headed for. Needs f-rl2f trained first (RL2F=<dir>
# to read another). From the repository root after `npm run build`:
#   bash scripts/recipes/f/train-rl-single.sh [steps-dir] [tokens-dir]     (QUICK=1, STEPS=n, BASE=dir)
# Stopped or crashed, the same command continues it. The wall time is printed at the end and
# written to <dir>/recipe.json of both (for f-rl-single, the run's time until step STEPS).
source "$(dirname "$0")/common.sh"
OUT_STEPS="${1:-models/f-rl-single}"
OUT_TOKENS="${2:-models/f-rl-single-tokens}"
TOKEN_BUDGET=$(rl2f_tokens)
recipe_clock "$OUT_TOKENS"
# The schedule's length only bounds the run; the token budget ends it.
MAX_STEPS=$((STEPS * 100))
MILESTONE="$STEPS"
# after_chunk OUT STEP: the run has just reached STEPS: keep that checkpoint as its own model.
# (The step is read from the run itself: STEP is -1 once the token budget is spent, which may be
# at step STEPS exactly.)
after_chunk() {
  local step
  step=$(node -e 'process.stdout.write(String(require(process.argv[1]).step))' "$(realpath "$1/rl-state.json")")
  [[ "$step" == "$STEPS" && ! -f "$OUT_STEPS/rl-state.json" ]] || return 0
  rm -rf "$OUT_STEPS.partial"
  mkdir -p "$OUT_STEPS.partial"
  find "$1" -mindepth 1 -maxdepth 1 ! -name optimizer.safetensors ! -name 'recipe*' -exec cp -r {} "$OUT_STEPS.partial/" \;
  # Its wall time: the run's until now.
  write_recipe_json "$OUT_STEPS.partial" "$STEPS" "$(recipe_seconds)"
  rm -rf "$OUT_STEPS"
  mv "$OUT_STEPS.partial" "$OUT_STEPS"
  echo "kept the checkpoint at step $STEPS as $OUT_STEPS (matched steps); continuing to $TOKEN_BUDGET tokens"
}
rl_in_chunks "$OUT_TOKENS" --turns 1 --steps "$MAX_STEPS" --token-budget "$TOKEN_BUDGET"
if [[ ! -f "$OUT_STEPS/rl-state.json" ]]; then
  echo "single-turn RL spent f-rl2f's $TOKEN_BUDGET tokens before step $STEPS, so there is no matched-steps checkpoint; rerun with a larger RL²F run" >&2
  exit 1
fi
finish_recipe "$OUT_TOKENS" "$(node -e 'process.stdout.write(String(require(process.argv[1]).step))' "$(realpath "$OUT_TOKENS/rl-state.json")")"

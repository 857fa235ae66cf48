# The chunked `train rl` loop both suites of recipes share (sourced by scripts/recipes/common.sh
# and scripts/recipes/f/common.sh, which set the variables it reads):
#   BASE, DOMAIN, GROUP, RL   the start model and the `train rl` flags of every chunk
#   MAX_STEPS                 stop at this step
#   TOKEN_BUDGET              stop once this many student tokens are generated (unset or 0: no budget)
#   CHUNK                     steps per process
#   MILESTONE                 optional: a step at which a chunk ends exactly, so its checkpoint can be kept
#   after_chunk OUT STEP      optional function, called with the run's step before each chunk and once at the end
didactic() { node dist/src/cli/main.js "$@"; }

# rl_state_step OUT: the run's step, or -1 once its token budget is spent.
rl_state_step() {
  node -e 'const s=require(process.argv[1]);const b=+process.argv[2];process.stdout.write(String(b>0&&s.totalGeneratedTokens>=b?-1:s.step))' \
    "$(realpath "$1/rl-state.json")" "${TOKEN_BUDGET:-0}"
}

# rl_in_chunks OUT ARGS...: `train rl` in chunks of CHUNK steps until the token budget (or
# MAX_STEPS) is reached; a run already in OUT is continued.
rl_in_chunks() {
  local out="$1"; shift
  local step=0 next resume=() failures=0
  while :; do
    if [[ -f "$out/rl-state.json" ]]; then
      resume=(--resume)
      step=$(rl_state_step "$out")
      # Before the stop test, so that a run killed between a chunk and its hook still gets it.
      if declare -F after_chunk >/dev/null; then after_chunk "$out" "$step"; fi
      [[ "$step" == "-1" || "$step" -ge "$MAX_STEPS" ]] && break
    fi
    next=$((step + CHUNK))
    if [[ -n "${MILESTONE:-}" ]] && (( step < MILESTONE && MILESTONE < next )); then next=$MILESTONE; fi
    # A chunk that dies (the tensor library's 4 GiB heap) is retried from its last checkpoint; the
    # resumed run draws the same tasks and samples, so the result does not depend on the crash.
    if didactic train rl --student "embedded:$BASE" "${DOMAIN[@]}" "${GROUP[@]}" "${RL[@]}" \
      --stop-at "$next" --checkpoint-every 5 --out "$out" "${resume[@]}" "$@"; then
      failures=0
    else
      failures=$((failures + 1))
      (( failures < 3 )) || { echo "train rl failed three times in a row; giving up" >&2; return 1; }
      echo "train rl stopped with an error; continuing from the last checkpoint" >&2
    fi
  done
  # Keep the shipped directory small: the model, its curves and log; drop resume state.
  rm -f "$out/optimizer.safetensors"
}

# Shared settings of the second comparison's recipes (sourced by scripts/recipes/f/train-*.sh).
# Every recipe starts from models/base-f (BASE=<dir> for another start), trains on generated math
# at difficulty 1 with seeds that differ from the evaluation's, and every RL method runs the same
# number of steps STEPS (default 1000) with the same policy-gradient settings: per-turn credit, a
# per-attempt loss denominator, and the same lr, warm-up, KL, γ, attempt length, group and tasks
# per step. The single-turn baselines are also matched to RL²F's generated tokens. QUICK=1 shrinks
# everything to a smoke run of a minute or two (what `didactic reproduce --train --quick --suite f`
# runs); its models are not meant to be good.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../chunks.sh"

BASE="${BASE:-models/base-f}"
# RL_DOMAIN / RL_DIFFICULTY train on another domain for a probe (the maze probe in docs/rl.md);
# the shipped models are trained on math at difficulty 1.
DOMAIN=(--domain "${RL_DOMAIN:-math}" --difficulty "${RL_DIFFICULTY:-1}")
SEED=2001
# 1e-4 with no warm-up: twice the first suite's rate, as the review of the first reproduction
# proposed for a run of a thousand steps. Attempts are 48 tokens at most, as in the first suite: at
# difficulty 1 base-f answers in about 3 tokens (its working shows only on multi-step tasks).
# LR=<rate> overrides it for a probe (docs/rl.md, "Is reading the direction learnable?"); the
# shipped models are trained with the default.
LR="${LR:-1e-4}"
# DIRECTION_REWARD=<ρ> adds the reward for moving the way the verdict pointed (src/rl/credit.ts),
# for the direction-reward probe; the shipped models are trained with 0, the outcome alone.
DIRECTION_REWARD="${DIRECTION_REWARD:-0}"
MAX_TOKENS=48
if [[ "${QUICK:-0}" == "1" ]]; then
  STEPS="${STEPS:-4}"
  GROUP=(--group 4 --tasks-per-step 2)
  WARMUP=1
  # Two chunks per run at least, so the smoke run exercises --resume.
  CHUNK=2
  RFT_BATCH=4
  RFT_SAMPLES=4
else
  STEPS="${STEPS:-1000}"
  GROUP=(--group 8 --tasks-per-step 8)
  WARMUP=0
  # One process per chunk: the tensor library keeps every compiled shape's memory for the life
  # of the process, so long runs continue with --resume in a fresh process.
  CHUNK=25
  RFT_BATCH=16
  RFT_SAMPLES=8
fi
MAX_STEPS="$STEPS"
TOKEN_BUDGET=0
RL=(--credit turn --denominator attempts --lr "$LR" --warmup "$WARMUP" --std-normalize --kl 0.05 --gamma 0.7
  --direction-reward "$DIRECTION_REWARD"
  --max-tokens "$MAX_TOKENS" --seed "$SEED")

# rl2f_tokens [DIR]: the student tokens models/f-rl2f generated in training, the budget the
# single-turn baselines are matched to.
rl2f_tokens() {
  local dir="${1:-${RL2F:-models/f-rl2f}}"
  [[ -f "$dir/rl-state.json" ]] || { echo "no RL²F run at $dir (rl-state.json): train it first with scripts/recipes/f/train-rl2f.sh, or set RL2F=<dir>" >&2; return 1; }
  node -e 'process.stdout.write(String(require(process.argv[1]).totalGeneratedTokens))' "$(realpath "$dir/rl-state.json")"
}

# The recipe's wall time: recipe_clock OUT starts counting into OUT/recipe-seconds, added to on
# every exit (an error, a stop with SIGINT or SIGTERM; not SIGKILL), so that a recipe stopped and
# continued with the same command states the time of all its runs; finish_recipe writes the total.
RECIPE_BEGAN=$SECONDS
EARLIER=0
recipe_clock() {
  CLOCK="$1/recipe-seconds"
  mkdir -p "$1"
  if [[ -f "$CLOCK" ]]; then
    EARLIER=$(cat "$CLOCK")
  elif [[ -f "$1/recipe.json" ]]; then
    EARLIER=$(node -e 'process.stdout.write(String(require(process.argv[1]).seconds))' "$(realpath "$1/recipe.json")")
  fi
  trap 'echo "$(recipe_seconds)" > "$CLOCK"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}
recipe_seconds() { echo $((EARLIER + SECONDS - RECIPE_BEGAN)); }
# write_recipe_json OUT STEPS SECONDS
write_recipe_json() {
  node -e 'const [file,recipe,seconds,steps]=process.argv.slice(1);require("node:fs").writeFileSync(file,JSON.stringify({recipe,seconds:+seconds,steps:+steps},null,1)+"\n")' \
    "$1/recipe.json" "scripts/recipes/f/$(basename "$0")" "$3" "$2"
}
# finish_recipe OUT STEPS: print the recipe's wall time and record it in OUT/recipe.json.
finish_recipe() {
  local seconds
  seconds=$(recipe_seconds)
  write_recipe_json "$1" "$2" "$seconds"
  trap - EXIT
  rm -f "$CLOCK"
  echo "$(basename "$0"): ${seconds} s wall time; written to $1/recipe.json"
}

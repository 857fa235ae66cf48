# Shared settings of the RL²F recipes (sourced by scripts/recipes/train-*.sh). Every recipe starts from
# models/base, trains on generated math at difficulty 1 with seeds that differ from the
# evaluation's, and stops at the same budget of generated student tokens, so the methods are
# compared at equal generation cost. QUICK=1 shrinks everything to a smoke test of a few
# minutes in total (what `didactic reproduce --train --quick` runs); its models are not meant
# to be good.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/chunks.sh"

BASE="${BASE:-models/base}"
DOMAIN=(--domain math --difficulty 1)
SEED=2001
if [[ "${QUICK:-0}" == "1" ]]; then
  TOKEN_BUDGET=300
  GROUP=(--group 4 --tasks-per-step 2)
  MAX_STEPS=60
  CHUNK=60
  RFT=(--tasks 400 --samples 4 --steps 10 --batch-size 8)
else
  # ~110 multi-turn steps of 64 episodes; the single-turn runs get the same tokens.
  TOKEN_BUDGET=50000
  GROUP=(--group 8 --tasks-per-step 8)
  MAX_STEPS=2000
  # One process per chunk: the tensor library keeps every compiled shape's memory for the life
  # of the process, so long runs continue with --resume in a fresh process.
  CHUNK=25
  RFT=(--tasks 20000 --samples 8 --steps 300 --batch-size 16)
fi
# The policy-gradient settings all RL recipes share. The shipped models were trained with
# episode-level credit and a token-mean loss (the first reproduction), kept here so that these
# recipes still rebuild them; `train rl` now defaults to per-turn credit and a per-attempt mean.
RL=(--credit episode --denominator tokens --lr 5e-5 --std-normalize --kl 0.05 --gamma 0.7 --max-tokens 48 --seed "$SEED" --token-budget "$TOKEN_BUDGET" --steps "$MAX_STEPS")

#!/usr/bin/env bash
# Recipe for models/rl2f-tm: RL²F plus teacher modelling. The same episodes as models/rl2f, and
# the model also learns to write the scripted teacher's critique (weight 0.05 on the teacher
# turns, which it sees without the privileged answer), so `--teacher self` can use it. At this
# scale teacher modelling pulls the policy away (λ = 0.3 and λ = 0.05 alike; see docs/rl.md).
#   bash scripts/recipes/train-rl2f-tm.sh [out-dir]   (QUICK=1 for a smoke run)
source "$(dirname "$0")/common.sh"
rl_in_chunks "${1:-models/rl2f-tm}" --teacher scripted --turns 4 --teacher-modelling 0.05

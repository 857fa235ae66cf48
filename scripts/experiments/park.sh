#!/usr/bin/env bash
# Keep a stopped experiment in git between machines: the one that continues a long run is often
# not the one that started it, and runs/ is not committed.
#   park   copies every directory under RUN that holds a model or a checkpoint (its weights,
#          optimiser state, state.json, config and logs) to parked/<RUN's name>/;
#   unpark copies them back into RUN, so the experiment's script continues from them.
# Data files and eval runs stay out: the data is regenerated from its seeds (byte for byte) and
# an eval is rerun. Usage, from the repository root:
#   bash scripts/experiments/park.sh park|unpark <run-dir>
set -euo pipefail
ACTION="${1:?usage: park.sh park|unpark <run-dir>}"
RUN="${2:?usage: park.sh park|unpark <run-dir>}"
PARKED="parked/$(basename "$RUN")"
case "$ACTION" in
  park)
    rm -rf "$PARKED"
    while IFS= read -r dir; do
      rel="${dir#"$RUN"/}"
      mkdir -p "$PARKED/$rel"
      # Only what a model directory holds: weights, optimiser, resume state, config, logs, curves.
      find "$dir" -maxdepth 1 -type f \( -name '*.safetensors' -o -name 'state.json' -o -name 'config.json' \
        -o -name 'train-log.jsonl' -o -name '*.svg' \) -exec cp {} "$PARKED/$rel/" \;
    done < <(find "$RUN" -mindepth 1 -type f \( -name 'model.safetensors' -o -name 'state.json' \) -printf '%h\n' | sort -u)
    echo "parked $(find "$PARKED" -type f | wc -l) files ($(du -sh "$PARKED" | cut -f1)) from $RUN in $PARKED"
    ;;
  unpark)
    [[ -d "$PARKED" ]] || { echo "nothing parked in $PARKED" >&2; exit 1; }
    mkdir -p "$RUN"
    cp -r "$PARKED"/. "$RUN"/
    echo "unparked $PARKED into $RUN"
    ;;
  *)
    echo "usage: park.sh park|unpark <run-dir>" >&2
    exit 2
    ;;
esac

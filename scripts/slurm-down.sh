#!/usr/bin/env bash
# Stops the daemons scripts/slurm-up.sh started (slurmd, slurmctld, munged), by their process ids.
set -euo pipefail
for d in slurmd slurmctld munged; do
  for p in $(pgrep -x "$d" || true); do echo "slurm-down: stopping $d ($p)"; kill "$p"; done
done

#!/usr/bin/env bash
# Brings up a single-node Slurm cluster on this machine, for the Slurm tests (tests/Resampling.SlurmTests) and for
# trying `resampling submit` by hand. Run as root on Debian (or Ubuntu). Idempotent: run it again and it finishes at
# once when the node is already idle.
#
#   - installs slurm-wlm and munge when missing (apt-get);
#   - creates the munge key when missing and starts munged;
#   - writes /etc/slurm/slurm.conf for this host (name, CPUs and memory as `slurmd -C` reports them; one node, one
#     partition `debug`; select/cons_tres by CPU; proctrack/linuxproc and task/none so that no cgroup is needed,
#     which containers often do not allow; no accounting database);
#   - starts slurmctld and slurmd, and waits (at most SLURM_UP_TIMEOUT seconds, 120 by default) until `sinfo`
#     shows the node idle.
#
# The daemons run as root and log to /var/log/slurm. Stop them with scripts/slurm-down.sh.
set -euo pipefail

timeout="${SLURM_UP_TIMEOUT:-120}"
conf=/etc/slurm/slurm.conf
say() { echo "slurm-up: $*"; }

if [[ $(id -u) -ne 0 ]]; then echo "slurm-up: run as root (it installs packages and starts daemons)" >&2; exit 77; fi

node_state() { sinfo -h -N -o %T 2>/dev/null | head -n 1 || true; }
if command -v sinfo >/dev/null && pgrep -x slurmctld >/dev/null && pgrep -x slurmd >/dev/null && [[ $(node_state) == idle* ]]; then
  say "already up: $(sinfo -h -N -o '%N %T %c CPUs')"
  exit 0
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm munge >/dev/null
fi

# munge: a key shared by the (one) node and the controller, and its daemon.
install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
install -d -o munge -g munge -m 0755 /run/munge
if [[ ! -s /etc/munge/munge.key ]]; then
  say "creating the munge key"
  if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key --force
  else dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none; fi
fi
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key
if ! pgrep -x munged >/dev/null; then
  say "starting munged"
  runuser -u munge -- /usr/sbin/munged
fi

# slurm.conf for this host. `slurmd -C` prints this node's NodeName line (CPUs, sockets, cores, RealMemory).
host=$(hostname -s)
node_line=$(slurmd -C | head -n 1)
install -d /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
new_conf=$(cat <<CONF
# Written by scripts/slurm-up.sh: a single-node cluster on ${host}.
ClusterName=resampling
SlurmctldHost=${host}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
# Finished jobs stay visible to squeue for a few seconds only (the tests wait on them).
MinJobAge=10
${node_line} State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF
)
if [[ ! -f $conf ]] || [[ "$(cat "$conf")" != "$new_conf" ]]; then
  say "writing $conf"
  printf '%s\n' "$new_conf" > "$conf"
  # A changed configuration needs the daemons restarted.
  pkill_pid() { local p; p=$(pgrep -x "$1" || true); [[ -n $p ]] && kill $p && sleep 1 || true; }
  pkill_pid slurmd
  pkill_pid slurmctld
fi

if ! pgrep -x slurmctld >/dev/null; then say "starting slurmctld"; slurmctld; fi
if ! pgrep -x slurmd >/dev/null; then say "starting slurmd"; slurmd; fi

# Wait for the node; a node left down or drained by an earlier run is returned to service.
for ((i = 0; i < timeout; i++)); do
  state=$(node_state)
  case "$state" in
    idle*) say "up: $(sinfo -h -N -o '%N %T %c CPUs %m MB')"; exit 0 ;;
    down*|drain*) scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 1
done
echo "slurm-up: the node is not idle after ${timeout} s (state '${state:-none}'); see /var/log/slurm/slurmctld.log and slurmd.log" >&2
exit 1

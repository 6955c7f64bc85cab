#!/usr/bin/env bash
# A throwaway single-node Slurm cluster on this machine, for tests.
#
#   scripts/slurm/cluster.sh start DIR   # prints: export SLURM_CONF=DIR/slurm.conf
#   scripts/slurm/cluster.sh stop DIR
#
# DIR is a folder the caller made (an empty temp dir). Everything the cluster needs
# lives under it: its own munge key and munged, slurm.conf and gres.conf, the
# controller's state, slurmd's spool, the logs and the pid files. Nothing is read
# from /etc/munge or /etc/slurm, and no system service is touched.
#
# The one node is this machine, under its real short hostname, with its real CPUs
# and memory (from `slurmd -C`), and 4 GPUs that exist only on paper, so that scripts
# that ask for GPUs are scheduled on a machine with none. Slurm 22.05 counts a GPU
# only when gres.conf names a device file for it, and only a character or block
# device: the "devices" are DIR/dev/nvidia0..3, links to /dev/null. A job that asks
# for GPUs gets CUDA_VISIBLE_DEVICES (0, 1, ...) as on a real GPU node; nothing binds
# or hides devices (no cgroups).
#
# Clients (sbatch, squeue, sinfo, scancel) find the cluster through SLURM_CONF; start
# prints the line to set it on stdout, everything else goes to stderr.
#
# Needs root, and the Debian packages slurmctld, slurmd (they bring slurm-client and
# munge). The ports are 6817 (slurmctld) and 6818 (slurmd), or the next free pair;
# set SLURM_CLUSTER_PORT=N to use N and N+1. DIR's path must be short (80 bytes at
# most): munge and slurmd put Unix sockets under it.
set -euo pipefail

# How long start waits for the node to be idle, and stop for the daemons to go.
START_TIMEOUT=${SLURM_CLUSTER_START_TIMEOUT:-60}
STOP_TIMEOUT=${SLURM_CLUSTER_STOP_TIMEOUT:-10}

log() { printf 'slurm-cluster: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  echo "usage: $0 start DIR | stop DIR" >&2
  exit 2
}

# alive PID: true while PID is a running process (a zombie counts as gone).
alive() {
  local pid=$1 stat
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  stat=$(<"/proc/$pid/stat") || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# pid_of FILE: the pid written in FILE, or nothing.
pid_of() {
  local pid=""
  if [ -s "$1" ]; then read -r pid <"$1" || true; fi
  if [[ $pid =~ ^[0-9]+$ ]]; then echo "$pid"; fi
}

# port_in_use PORT: true when something on this machine accepts connections on PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

show_logs() {
  local f
  for f in "$D/munge/munged.log" "$D/log/slurmctld.log" "$D/log/slurmd.log" \
    "$D/log/slurmctld.out" "$D/log/slurmd.out"; do
    [ -s "$f" ] || continue
    printf '\n===== %s (last 40 lines) =====\n' "$f" >&2
    tail -n 40 "$f" >&2
  done
}

# kill_pidfile NAME FILE COMM: SIGTERM the process in FILE if it is still COMM, wait,
# then SIGKILL. Prints nothing when there is nothing to kill.
kill_pidfile() {
  local name=$1 file=$2 comm=$3 pid i
  pid=$(pid_of "$file")
  if [ -z "$pid" ] || ! alive "$pid"; then rm -f "$file"; return 0; fi
  # Never kill a process that only reuses an old pid.
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "$comm" ]; then
    log "pid $pid in $file is not $comm any more; leaving it alone"
    rm -f "$file"
    return 0
  fi
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    log "$name (pid $pid) ignored SIGTERM for ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
  fi
  alive "$pid" && die "$name (pid $pid) is still running"
  rm -f "$file"
}

# Job steps (slurmstepd) of this cluster: they carry SLURM_CONF=DIR/slurm.conf in
# their environment, inherited from slurmd.
stepds() {
  local p
  for p in $(pgrep -x slurmstepd || true); do
    { tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null | grep -qxF "SLURM_CONF=$CONF" && echo "$p"
  done
  return 0
}

# tree PID...: PID and all its descendants, parents first.
tree() {
  local p
  for p in "$@"; do
    echo "$p"
    # shellcheck disable=SC2046 # one pid a word
    tree $(pgrep -P "$p" || true)
  done
}

cmd_stop() {
  local f pid pids="" left p i
  for f in "$D/run/slurmctld.pid" "$D/run/slurmd.pid" "$D/munge/munged.pid"; do
    pid=$(pid_of "$f")
    if [ -n "$pid" ]; then pids="$pids $pid"; fi
  done
  if [ -z "$pids" ]; then
    log "nothing to stop in $D"
    return 0
  fi
  # Cancel what is still queued or running, so that the job steps end cleanly.
  if alive "$(pid_of "$D/run/slurmctld.pid")"; then
    export SLURM_CONF=$CONF
    if [ -n "$(timeout 5 squeue -h -o %i 2>/dev/null)" ]; then
      log "cancelling the jobs still in the queue"
      timeout 10 scancel --quiet --user=root 2>/dev/null || true
      i=$SECONDS
      while ((SECONDS - i < 10)); do
        [ -z "$(timeout 5 squeue -h -o %i 2>/dev/null)" ] && [ -z "$(stepds)" ] && break
        sleep 0.1
      done
    fi
  fi
  kill_pidfile slurmd "$D/run/slurmd.pid" slurmd
  kill_pidfile slurmctld "$D/run/slurmctld.pid" slurmctld
  # A job step whose slurmctld or slurmd died would linger: end it and the job's
  # processes under it.
  left=$(stepds)
  if [ -n "$left" ]; then
    # shellcheck disable=SC2086 # one pid a word
    left=$(tree $left)
    log "killing leftover job steps and their processes: ${left//$'\n'/ }"
    # shellcheck disable=SC2086 # one pid a word
    kill -KILL $left 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do [ -z "$(stepds)" ] && break; sleep 0.1; done
  fi
  kill_pidfile munged "$D/munge/munged.pid" munged
  # The daemons forked away from us, so init reaps them; until it does they show in
  # ps and pgrep as <defunct>. Give it a few seconds, so that after stop nothing of
  # this cluster is listed.
  for ((i = 0; i < 50; i++)); do
    left=""
    for p in $pids; do if [ -e "/proc/$p" ]; then left="$left $p"; fi; done
    [ -z "$left" ] && break
    sleep 0.1
  done
  log "stopped"
}

cmd_start() {
  local f pid node nodeline cpus mem host port sock i state reason
  [ "$(id -u)" = 0 ] || die "must run as root (SlurmUser=root, jobs run as root)"
  for f in munged mungekey slurmctld slurmd sinfo; do
    command -v "$f" >/dev/null || [ -x "/usr/sbin/$f" ] ||
      die "$f not found: apt-get install --no-install-recommends slurmctld slurmd"
  done
  PATH=$PATH:/usr/sbin
  for f in "$D/run/slurmctld.pid" "$D/run/slurmd.pid" "$D/munge/munged.pid"; do
    pid=$(pid_of "$f")
    if [ -n "$pid" ] && alive "$pid"; then
      die "a cluster is already running in $D (pid $pid in $f); run: $0 stop $D"
    fi
  done
  [ -e "$CONF" ] && die "$D already holds a cluster (slurm.conf); use a fresh folder"
  sock=$D/munge/munge.socket
  [ ${#D} -le 80 ] || die "DIR's path is ${#D} bytes long; at most 80 fit (Unix socket paths)"

  # slurmctld and slurmd listen on port and port + 1.
  if [ -n "${SLURM_CLUSTER_PORT:-}" ]; then
    port=$SLURM_CLUSTER_PORT
    [[ $port =~ ^[0-9]+$ ]] || die "SLURM_CLUSTER_PORT must be a port number, not $port"
    if port_in_use "$port" || port_in_use $((port + 1)); then
      die "port $port or $((port + 1)) is in use (SLURM_CLUSTER_PORT=$port)"
    fi
  else
    for ((port = 6817; port < 6917; port += 2)); do
      port_in_use "$port" || port_in_use $((port + 1)) || break
    done
    [ $port -lt 6917 ] || die "no two free ports between 6817 and 6916"
  fi

  mkdir -p "$D/munge" "$D/state" "$D/spool" "$D/log" "$D/run" "$D/dev"
  chmod 700 "$D/munge"

  # A fresh key for this cluster only.
  mungekey --create --force --keyfile="$D/munge/munge.key" 2>"$D/log/mungekey.out" ||
    { cat "$D/log/mungekey.out" >&2; die "mungekey failed"; }
  chmod 600 "$D/munge/munge.key"
  # --force: munged, run as root from a 0700 temp dir, would otherwise refuse the
  # socket's folder ("Socket is inaccessible: execute permissions for all required").
  munged --force --socket="$sock" --key-file="$D/munge/munge.key" \
    --pid-file="$D/munge/munged.pid" --log-file="$D/munge/munged.log" \
    --seed-file="$D/munge/munged.seed" </dev/null >"$D/log/munged.out" 2>&1 ||
    { show_logs; die "munged did not start"; }
  for ((i = 0; i < 50; i++)); do [ -S "$sock" ] && break; sleep 0.1; done
  munge --socket="$sock" --no-input | unmunge --socket="$sock" >/dev/null 2>&1 ||
    { show_logs; cmd_stop; die "munge does not answer on $sock"; }

  # This machine as slurmd sees it, e.g. "NodeName=vm CPUs=2 Boards=1
  # SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=24105": the whole
  # line goes into slurm.conf, so the node's layout matches what slurmd reports.
  nodeline=$(slurmd -C | head -n 1)
  node=$(sed -n 's/^NodeName=\([^ ]*\) .*/\1/p' <<<"$nodeline")
  cpus=$(sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' <<<"$nodeline")
  mem=$(sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' <<<"$nodeline")
  if [ -z "$node" ] || [ -z "$cpus" ] || [ -z "$mem" ]; then
    cmd_stop; die "cannot read this machine's node line from slurmd -C: $nodeline"
  fi
  host=$(hostname -s 2>/dev/null || uname -n)
  host=${host%%.*}
  [ "$host" = "$node" ] || log "note: hostname -s says $host, slurmd -C says $node; using $node"

  cat >"$CONF" <<EOF
# Written by scripts/slurm/cluster.sh: a single-node test cluster under $D.
ClusterName=pos-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/run/slurmctld.pid
SlurmdPidFile=$D/run/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups: plain process tracking, no task binding, no accounting.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
# cons_tres schedules CPUs and GPUs (--gpus-per-task needs it).
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# Start the next array task as soon as one ends (the default batch_sched_delay waits
# 3 s between rounds).
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
ReturnToService=2
InactiveLimit=0
KillWait=5
# sbatch --wait checks every 2 s only while MinJobAge is at most 4; above that it
# checks at 2 s, 10 s, then every 32 s. The cost: a finished job leaves
# scontrol show job after 4 s to a minute (0 is refused: "MinJobAge must be at
# least 2"). Use sbatch --wait's exit status (the highest of the tasks') or files
# the tasks write.
MinJobAge=4
SlurmctldTimeout=30
SlurmdTimeout=60
GresTypes=gpu
$nodeline NodeAddr=127.0.0.1 Gres=gpu:4 State=UNKNOWN
PartitionName=main Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
  # 4 GPUs on paper. Without File= (or with a plain file) slurmd 22.05 reports
  # "gres/gpu count reported lower than configured (0 < 4)" and the node is INVAL.
  for i in 0 1 2 3; do ln -sfn /dev/null "$D/dev/nvidia$i"; done
  cat >"$D/gres.conf" <<EOF
AutoDetect=off
NodeName=$node Name=gpu File=$D/dev/nvidia[0-3]
EOF

  export SLURM_CONF=$CONF
  # Both daemons fork into the background and write their pid files; their stdio goes
  # to files so that a caller reading our output is not kept waiting by them.
  slurmctld -f "$CONF" </dev/null >"$D/log/slurmctld.out" 2>&1 ||
    { show_logs; cmd_stop; die "slurmctld did not start"; }
  slurmd -f "$CONF" </dev/null >"$D/log/slurmd.out" 2>&1 ||
    { show_logs; cmd_stop; die "slurmd did not start"; }

  # Wall-clock deadlines: a client that cannot reach slurmctld retries for seconds.
  local started=$SECONDS
  state=""
  while ((SECONDS - started < START_TIMEOUT)); do
    state=$(timeout 5 sinfo -h -N -n "$node" -o %T 2>/dev/null | head -n 1 || true)
    [ "$state" = idle ] && break
    case $state in
    inval* | drain*)
      reason=$(timeout 5 sinfo -h -N -n "$node" -o %E 2>/dev/null || true)
      show_logs; cmd_stop; die "node $node is $state: $reason" ;;
    esac
    for f in slurmctld slurmd; do
      pid=$(pid_of "$D/run/$f.pid")
      if [ -n "$pid" ] && ! alive "$pid"; then
        show_logs; cmd_stop; die "$f exited while starting"
      fi
      if [ -z "$pid" ] && ((SECONDS - started >= 5)); then
        show_logs; cmd_stop; die "$f wrote no pid file in 5 s: it did not start"
      fi
    done
    sleep 0.2
  done
  if [ "$state" != idle ]; then
    show_logs
    cmd_stop
    die "node $node not idle after ${START_TIMEOUT}s (sinfo says: ${state:-nothing})"
  fi
  log "cluster up: node $node, $cpus CPUs, ${mem} MiB, 4 GPUs (links to /dev/null), ports $port-$((port + 1))"
  echo "export SLURM_CONF=$CONF"
}

[ $# = 2 ] || usage
[ -d "$2" ] || die "$2 is not a folder"
D=$(cd "$2" && pwd -P)
CONF=$D/slurm.conf
case $1 in
start) cmd_start ;;
stop) cmd_stop ;;
*) usage ;;
esac

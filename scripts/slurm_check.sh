#!/usr/bin/env bash
# Run a small sweep on SLURM through Hydra's submitit launcher (configs/hydra/launcher/slurm.yaml),
# its points batched 3 to a job, and on the default joblib launcher, one point per job; check that
# the two datasets are identical.
#
# The cluster: the one `sinfo` reaches, if any (partition: $SLURM_CHECK_PARTITION, default the
# cluster's default one; the sweep folder is under sweeps/, so the nodes must see this folder and
# .venv at the same paths). Otherwise, only as root with CI set (CI machines, Debian/Ubuntu
# without systemd), a one-node cluster on this machine: the packages munge, slurmctld, slurmd and
# slurm-client are installed if missing, /etc/munge/munge.key written if missing,
# /etc/slurm/slurm.conf written (unless it exists and this script did not write it), and munged
# (unless one answers), slurmctld and slurmd started as children of this script and stopped when
# it ends, even on an error or a Ctrl-C. Daemons it did not start are used, never stopped.
# Time limits: $SLURM_CHECK_IDLE_TIMEOUT (60 s) for the node to be idle, $SLURM_CHECK_SWEEP_TIMEOUT
# (300 s) for the SLURM sweep.
set -euo pipefail
cd "$(dirname "$0")/.."

IDLE_TIMEOUT=${SLURM_CHECK_IDLE_TIMEOUT:-60}     # seconds for the node to show idle
SWEEP_TIMEOUT=${SLURM_CHECK_SWEEP_TIMEOUT:-300}  # seconds for the SLURM sweep
CONF=/etc/slurm/slurm.conf
MARK="# Written by copsim's scripts/slurm_check.sh"
LOGS=(/var/log/munge/munged.log /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log)

started=()  # "pid name" of each daemon this script started
sweep=""    # pid of the SLURM sweep while it runs
out=""
made_sweeps=""

say() { echo "== $*"; }
fail() { echo "slurm-check: error: $*" >&2; exit 1; }

alive() {  # a child that has exited stays a zombie until waited for
    local stat
    stat=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $stat != Z* ]]
}

show_logs() {
    local log
    for log in "${LOGS[@]}"; do
        [ -f "$log" ] && { echo "--- last lines of $log"; tail -n 15 "$log"; }
    done >&2
}

stop_daemons() {
    local i entry pid name t
    for ((i = ${#started[@]} - 1; i >= 0; i--)); do  # slurmd, slurmctld, then munged
        entry=${started[i]}; pid=${entry%% *}; name=${entry#* }
        kill -TERM "$pid" 2>/dev/null || true
        t=0
        while alive "$pid" && [ $((t++)) -lt 100 ]; do sleep 0.1; done
        if alive "$pid"; then
            echo "slurm-check: $name (pid $pid) ignored SIGTERM for 10 s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
        echo "stopped $name (pid $pid)"
    done
    started=()
}

controller_up() { scontrol ping >/dev/null 2>&1; }  # answers at once, up or down

cleanup() {  # every step is bounded in time; INT and TERM cannot cut it short
    local status=$? ids t
    trap - EXIT
    trap '' INT TERM
    set +e
    if [ -n "$sweep" ] && alive "$sweep"; then
        kill -TERM "$sweep"  # timeout passes it on to copsim
        wait "$sweep" 2>/dev/null
    fi
    if [ -n "$out" ] && [ -d "$out/slurm/.submitit" ] && controller_up; then
        # this check's jobs, if any are left (their folders are named by job id)
        ids=$(ls "$out/slurm/.submitit" | grep -E '^[0-9]+(_[0-9]+)?$')
        [ -n "$ids" ] && timeout 10 scancel $ids 2>/dev/null
    fi
    if [ ${#started[@]} -gt 0 ]; then
        case $status in 0|130|143) ;; *) show_logs ;; esac  # a failure, not an interruption
        for ((t = 0; t < 30; t++)); do  # let cancelled jobs' steps end before slurmd does
            controller_up && [ -n "$(timeout 5 squeue -h 2>/dev/null)" ] || break
            sleep 1
        done
        stop_daemons
    fi
    [ -n "$out" ] && rm -rf "$out"
    [ -n "$made_sweeps" ] && rmdir sweeps 2>/dev/null
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

sinfo_works() {  # (sinfo alone retries for 9 s when no controller is up)
    command -v scontrol >/dev/null && controller_up && timeout 30 sinfo -h >/dev/null 2>&1
}

may_install() {
    [ "$(id -u)" = 0 ] || return 1
    case "${CI:-}" in ''|0|false) return 1 ;; esac
}

how_to_run() {
    cat >&2 <<EOF
slurm-check: no SLURM cluster is reachable (sinfo fails or is not installed).
This check can make a one-node cluster on this machine, but it then installs packages (munge,
slurmctld, slurmd, slurm-client), writes /etc/munge/munge.key and /etc/slurm/slurm.conf and starts
munged, slurmctld and slurmd (stopped again at the end), so it does so only as root with CI set.
On a Debian or Ubuntu machine without systemd (a container, CI), run it by hand with:

    sudo CI=1 make slurm-check

On a machine where sinfo reaches a cluster that sees this folder, \`make slurm-check\` uses that
cluster (partition: SLURM_CHECK_PARTITION=<name> make slurm-check; default: its default one).
EOF
    exit 1
}

install_packages() {
    local pkgs=(munge slurmctld slurmd slurm-client) missing=() p
    for p in "${pkgs[@]}"; do
        dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && { say "${pkgs[*]} already installed"; return; }
    command -v apt-get >/dev/null || fail "installing ${missing[*]} needs apt-get (Debian/Ubuntu)"
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

write_config() {
    local node=$1 cpus mem_mb
    if [ ! -s /etc/munge/munge.key ]; then
        say "writing /etc/munge/munge.key"
        install -d -o munge -g munge -m 0700 /etc/munge
        (umask 077 && head -c 1024 /dev/urandom >/etc/munge/munge.key)
        chown munge:munge /etc/munge/munge.key
        chmod 0400 /etc/munge/munge.key
    fi
    if [ -e "$CONF" ] && ! grep -qxF "$MARK" "$CONF"; then
        fail "$CONF exists and was not written by this script; not touching it (is its cluster down?)"
    fi
    cpus=$(nproc)
    mem_mb=$(awk '/^MemTotal:/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
    say "writing $CONF (node $node, $cpus CPUs, ${mem_mb} MB, partition debug)"
    install -d /etc/slurm /var/lib/slurm/slurmctld /var/lib/slurm/slurmd /var/log/slurm
    cat >"$CONF" <<EOF
$MARK
# A one-node cluster for \`make slurm-check\`, started and stopped by it.
ClusterName=copsim-check
SlurmctldHost=$node
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
MailProg=/bin/true
NodeName=$node CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {  # start <name> <command...>: the daemon in its foreground mode, a child of this script
    # in a session of its own (a Ctrl-C or a signal to this process group must not stop it before
    # this script's jobs are cancelled); its log (on stderr: no log file is configured) is
    # appended to /var/log/.../<name>.log
    local name=$1 log
    shift
    case $name in munged) log=${LOGS[0]} ;; slurmctld) log=${LOGS[1]} ;; *) log=${LOGS[2]} ;; esac
    echo "== $(date -Is) started by copsim's scripts/slurm_check.sh" >>"$log"
    setsid "$@" >>"$log" 2>&1 </dev/null &  # setsid execs: $! is the daemon
    started+=("$! $name")
    echo "started $name (pid $!)"
}

check_started_alive() {
    local entry
    for entry in "${started[@]}"; do
        alive "${entry%% *}" || fail "${entry#* } (pid ${entry%% *}) exited at start-up"
    done
}

start_cluster() {
    local node state t
    node=$(hostname -s)
    install_packages
    write_config "$node"
    if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
        say "munged is already running; using it"
    else
        install -d -o munge -g munge -m 0755 /run/munge
        start munged setpriv --reuid=munge --regid=munge --init-groups munged --foreground
        for ((t = 0; t < 50; t++)); do
            munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break
            check_started_alive
            sleep 0.1
        done
        munge -n </dev/null | unmunge >/dev/null || fail "munged does not answer"
    fi
    # -c: forget jobs and node states of an earlier run of this check
    start slurmctld slurmctld -D -c
    start slurmd slurmd -D
    say "waiting up to $IDLE_TIMEOUT s for node $node to be idle"
    SECONDS=0
    state=""
    while [ "$SECONDS" -lt "$IDLE_TIMEOUT" ]; do
        check_started_alive
        state=$(timeout 10 sinfo -h -n "$node" -o %t 2>/dev/null || true)
        [ "$state" = idle ] && break
        sleep 1
    done
    [ "$state" = idle ] ||
        fail "sinfo did not show node $node idle within $IDLE_TIMEOUT s (last state: ${state:-no answer})"
    sinfo
}

if sinfo_works; then
    say "using the SLURM cluster sinfo reaches (no install, no daemons started)"
    partition=${SLURM_CHECK_PARTITION:-$(sinfo -h -o %P | sed -n 's/\*$//p' | head -n 1)}
    partition=${partition:-$(sinfo -h -o %P | head -n 1)}
elif may_install; then
    start_cluster
    partition=debug
else
    how_to_run
fi

[ -d sweeps ] || { mkdir sweeps; made_sweeps=1; }
out=$(mktemp -d "$PWD/sweeps/.slurm-check.XXXXXX")
args=(policy.group_size=5,12 policy.moderator.mode=none,rotating policy.moderator.rotation_weeks=2
      policy.closed_membership=true weeks=8 replicates=3)
say "sweep on SLURM (partition $partition), 3 points per job"
echo "(submitit warns that sacct fails if the cluster keeps no accounting; the results still arrive)"
# In the background so that a signal to this script is handled at once (cleanup stops it).
timeout "$SWEEP_TIMEOUT" .venv/bin/copsim -m "${args[@]}" hydra.sweep.dir="$out/slurm" \
    hydra/launcher=slurm hydra.launcher.partition="$partition" hydra.sweeper.points_per_job=3 &
sweep=$!
status=0
wait "$sweep" || status=$?
sweep=""
if [ "$status" -ne 0 ]; then
    [ "$status" -eq 124 ] && echo "slurm-check: the SLURM sweep took over $SWEEP_TIMEOUT s" >&2
    controller_up && timeout 10 squeue >&2
    fail "the SLURM sweep failed (exit status $status)"
fi
say "the same sweep with joblib, one point per job"
.venv/bin/copsim -m "${args[@]}" hydra.sweep.dir="$out/joblib" hydra.sweeper.points_per_job=1
.venv/bin/copsim-collect "$out/joblib" --out "$out/joblib_dataset"
.venv/bin/copsim-collect "$out/slurm" --out "$out/slurm_dataset" --same-as "$out/joblib_dataset"

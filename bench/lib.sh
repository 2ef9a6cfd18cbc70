# Shell helpers for the benchmarks in bench/ (sourced, not run): processes started and stopped, bounded
# waits, the runtime API over a TCP stats socket, free ports, /proc figures (CPU ticks, RSS) summed over
# a process and its children, and wrk's latency percentiles. Every wait is bounded; stop_all stops what was
# started with `started`.

pids=()

# Sets $work to a new directory /tmp/$1.XXXXXX and the traps: on exit (Ctrl-C included) every process recorded
# with `started` is stopped and $work is removed, unless KEEP=1 keeps it.
work_dir() {
    work=$(mktemp -d "/tmp/$1.XXXXXX")
    if [ "${KEEP:-0}" = 1 ]; then
        trap 'stop_all' EXIT
    else
        trap 'stop_all; rm -rf "$work"' EXIT
    fi
    trap 'exit 130' INT TERM
}

# Builds target/baton.jar and target/test-servers.jar (make build) unless both are there.
need_jars() {
    if [ ! -f target/baton.jar ] || [ ! -f target/test-servers.jar ]; then
        make -s build
    fi
}

# Records PID $1 (a background job of the script) so that stop_all stops it.
started() {
    pids+=("$1")
}

# Stops PID $1: SIGTERM, up to $2 seconds (default 10) for it to go, then SIGKILL; reaps it.
stop_pid() {
    local pid=$1 seconds=${2:-10}
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq $((seconds * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    forget "$pid"
}

# Waits for the recorded PID $1 to end by itself, then forgets it. A trapped signal (Ctrl-C) interrupts this
# wait at once, where it would wait for a foreground command to end first.
await_exit() {
    wait "$1" 2>/dev/null || true
    forget "$1"
}

# Drops PID $1 from the processes stop_all stops.
forget() {
    local kept=() p
    for p in "${pids[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
    pids=("${kept[@]}")
}

# Stops every recorded process, the last started first.
stop_all() {
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        stop_pid "${pids[$i]}"
    done
    pids=()
}

# Waits up to $3 seconds for file $1 to hold $2 lines matching $4 (a grep pattern); fails otherwise.
await_lines() {
    local file=$1 count=$2 seconds=$3 pattern=$4
    for _ in $(seq $((seconds * 10))); do
        [ "$(grep -c -- "$pattern" "$file" 2>/dev/null || true)" -ge "$count" ] && return 0
        sleep 0.1
    done
    echo "timed out waiting for '$pattern' in $file:" >&2
    tail -20 "$file" >&2
    return 1
}

# Waits up to $2 seconds for a listener on 127.0.0.1:$1 while PID $3 lives; fails otherwise.
await_listen() {
    local port=$1 seconds=$2 pid=$3
    for _ in $(seq $((seconds * 10))); do
        kill -0 "$pid" 2>/dev/null || return 1
        ss -Htln "sport = :$port" | grep -q . && return 0
        sleep 0.1
    done
    return 1
}

# One runtime API command to the stats socket on port $1; prints the answer (the daemon closes after it).
ask() {
    timeout 10 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"; printf "%s\n" "$1" >&3; cat <&3' "$1" "$2"
}

# The body of GET $2 on 127.0.0.1:$1 (HTTP/1.0, so the server closes after it), with its head.
http_get() {
    timeout 10 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"; printf "GET %s HTTP/1.0\r\n\r\n" "$1" >&3; cat <&3' \
        "$1" "$2"
}

# A TCP port nothing listens on now, from 20000..32767 (below the usual ephemeral range), and not one of
# the ports handed out before by this shell.
free_port_taken=" "
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12768))
        case "$free_port_taken" in *" $port "*) continue ;; esac
        ss -Htln "sport = :$port" | grep -q . && continue
        free_port_taken="$free_port_taken$port "
        echo "$port"
        return
    done
}

# Installs the Debian packages $2... when command $1 is missing (as root; otherwise says what to install).
need() {
    local cmd=$1; shift
    [ -e "$cmd" ] || command -v "$cmd" >/dev/null && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "$cmd is missing: apt-get install $*" >&2
        return 1
    fi
    echo "installing $* ..." >&2
    apt-get install -y "$@" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$@" >/dev/null; }
}

# PID $1 and its descendants (two levels: a launcher and its JVM, a master and its workers), one a line.
proc_tree() {
    local pid=$1 child grandchild
    echo "$pid"
    for child in $(pgrep -P "$pid" || true); do
        echo "$child"
        for grandchild in $(pgrep -P "$child" || true); do echo "$grandchild"; done
    done
}

# utime + stime in clock ticks, summed over the processes of proc_tree $1.
cpu_ticks() {
    local p total=0 t
    for p in $(proc_tree "$1"); do
        # fields after the ") " that ends the command name: state is 1, utime 12, stime 13
        t=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }') || continue
        total=$((total + ${t:-0}))
    done
    echo "$total"
}

# VmRSS in KiB, summed over the processes of proc_tree $1.
rss_kb() {
    local p total=0 r
    for p in $(proc_tree "$1"); do
        r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null) || continue
        total=$((total + ${r:-0}))
    done
    echo "$total"
}

# Latency of wrk's --latency line for percentile $2 (50%, 99%) in file $1, in ms.
wrk_latency_ms() {
    awk -v p="$2" '$1 == p && NF == 2 {
        v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
        print (unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : unit == "m" ? v * 60000 : v); exit
    }' "$1"
}

# The client's own JVM must not stall it. Measured against NGINX alone (2026-12-07, client and NGINX pinned to one
# core): with the JVM's defaults the client's C2 compiler thread, competing for the client's core, and its
# collections held requests back by 25-35 ms at p99.9; with C1 only and a young generation no run fills,
# 3.5-7.6 ms at 12 000-24 000 req/s.
rate_client_jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms2g -Xmn1500m -XX:+AlwaysPreTouch)

# Field $2 of the rate client's summary line in file $1 ("scheduled N ok N ... p99_ms X ..."), or -.
summary_field() {
    awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); found = 1 } } END { if (!found) print "-" }' "$1"
}

#!/usr/bin/env bash
# Benchmark of idle-connection takeover between reactors (not a test: it prints figures, judges nothing).
#
# baton with nbthread 4 in front of 50 HTTP test servers answering after 1 ms, `http-reuse always`, loaded by
# wrk with 1000 connections that each send one request and close (`Connection: close`), so every request
# arrives on a fresh client connection on whichever reactor accepted it. One run per pool-low-conn value
# (0 and 8 by default): HAProxy's figures (commit 8bdd0fa8, shared/seeds/003) drop takeovers from 300k/s to
# 13k/s with pool-low-conn 32 while req/s rise. Per run it prints req/s (wrk), takeovers/s and FD-pressure
# kills (`show activity`) and the backend's reuse ratio (reuse / (connect + reuse) in `show stat`), read from
# baton's runtime API on a TCP stats socket before it stops.
#
#   bench/takeover.sh                   # or: make bench-takeover
#   DURATION=10 CONNECTIONS=500 LOW_CONNS="0 4 8 16" ROUNDS=2 WARMUP=5 bench/takeover.sh
#
# Each run is bounded (DURATION seconds of load plus bounded start and stop); every process the script starts
# is stopped on exit, Ctrl-C included. Needs target/baton.jar and target/test-servers.jar (`make build`, run
# here when missing) and wrk (installed with apt-get when missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-1000}
SERVERS=${SERVERS:-50}
NBTHREAD=${NBTHREAD:-4}
DELAY_MS=${DELAY_MS:-1}
LOW_CONNS=${LOW_CONNS:-"0 8"}
ROUNDS=${ROUNDS:-1}
WARMUP=${WARMUP:-5}
WRK_THREADS=${WRK_THREADS:-2}
JAVA=${JAVA:-java}

work=$(mktemp -d /tmp/baton-bench.XXXXXX)
pids=()
# shellcheck source=bench/lib.sh
. bench/lib.sh
if [ "${KEEP:-0}" = 1 ]; then
    trap 'stop_all' EXIT
else
    trap 'stop_all; rm -rf "$work"' EXIT
fi
trap 'exit 130' INT TERM

# One runtime API command to the stats socket on port $1; prints the answer (baton closes after it).
ask() {
    timeout 10 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"; printf "%s\n" "$1" >&3; cat <&3' "$1" "$2"
}

# A TCP port nothing listens on now, from 20000..32767 (below the usual ephemeral range).
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12768))
        ss -Htln "sport = :$port" | grep -q . || { echo "$port"; return; }
    done
}

if [ ! -f target/baton.jar ] || [ ! -f target/test-servers.jar ]; then
    make -s build
fi
if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y wrk >/dev/null
    else
        echo "wrk is missing: apt-get install wrk" >&2
        exit 1
    fi
fi

# The backends, once for all runs: port 0 each, the real ports read from their "listening" lines.
ports=$(printf '0,%.0s' $(seq "$SERVERS")); ports=${ports%,}
"$JAVA" -jar target/test-servers.jar http --ports "$ports" --delay-ms "$DELAY_MS" > "$work/backends.out" 2>&1 &
pids+=($!)
await_lines "$work/backends.out" "$SERVERS" 30 '^listening http'
backend_pids=("${pids[@]}")

server_lines() {
    local low=$1
    awk -v low="$low" '/^listening http/ { print "    server " $3 " " $4 " pool-low-conn " low }' "$work/backends.out"
}

printf '\nbaton takeover benchmark: nbthread %s, %s servers (%s ms), %s wrk connections with Connection: close,\n' \
    "$NBTHREAD" "$SERVERS" "$DELAY_MS" "$CONNECTIONS"
printf '%s s per run after a %s s warm-up, %s round(s)\n\n' "$DURATION" "$WARMUP" "$ROUNDS"
printf '%-14s %10s %12s %14s %10s %8s %s\n' "pool-low-conn" "req/s" "takeovers" "takeovers/s" "reuse %" "kills" "wrk errors"

# One baton run with pool-low-conn $1 and $2 seconds of load; prints its row unless $3 is "quiet".
run() {
    local low=$1 seconds=$2 mode=${3:-}
    port=$(free_port)
    stats_port=$(free_port)
    cfg="$work/baton-$low.cfg"
    log="$work/baton-$low.log"
    cat > "$cfg" <<EOF
global
    nbthread $NBTHREAD
    maxconn 20000
    hard-stop-after 5s
    stats socket ipv4@127.0.0.1:$stats_port level operator
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend fe
    bind 127.0.0.1:$port
    default_backend be
backend be
    balance roundrobin
    http-reuse always
$(server_lines "$low")
EOF
    "$JAVA" -jar target/baton.jar -f "$cfg" > /dev/null 2> "$log" &
    baton=$!
    pids=("${backend_pids[@]}" "$baton")
    await_lines "$log" 1 30 'baton started'

    wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "${seconds}s" --timeout 10s -H 'Connection: close' \
        "http://127.0.0.1:$port/" > "$work/wrk-$low.out" 2>&1 || true

    ask "$stats_port" 'show activity 0' > "$work/activity-$low.out"
    ask "$stats_port" 'show stat' > "$work/stat-$low.out"
    kill -TERM "$baton"
    for _ in $(seq 100); do kill -0 "$baton" 2>/dev/null || break; sleep 0.1; done
    wait "$baton" 2>/dev/null || true
    pids=("${backend_pids[@]}")
    [ "$mode" = quiet ] && return

    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk-$low.out")
    errors=$(grep -E 'Socket errors|Non-2xx' "$work/wrk-$low.out" | tr -s ' ' | paste -sd';' - || true)
    taken=$(awk '/^fd_takeover:/ { print $2 }' "$work/activity-$low.out")
    kills=$(awk '/^kill_done:/ { print $2 }' "$work/activity-$low.out")
    # connect and reuse of backend be, by the names in the CSV header
    read -r connects reuses < <(awk -F, 'NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == "be" && $2 == "BACKEND" { print $col["connect"], $col["reuse"] }' "$work/stat-$low.out")
    awk -v low="$low" -v rps="${rps:-0}" -v connects="${connects:-0}" -v reuses="${reuses:-0}" \
        -v taken="${taken:-0}" -v kills="${kills:-0}" -v d="$seconds" -v err="${errors:--}" 'BEGIN {
            reuse = connects + reuses > 0 ? 100 * reuses / (connects + reuses) : 0
            printf "%-14s %10.0f %12d %14.0f %10.2f %8d %s\n", low, rps, taken, taken / d, reuse, kills, err
        }'
}

if [ "$WARMUP" -gt 0 ]; then
    run "${LOW_CONNS%% *}" "$WARMUP" quiet # the backends' JIT warms up here, not in the first measured run
fi
for _ in $(seq "$ROUNDS"); do
    for low in $LOW_CONNS; do
        run "$low" "$DURATION"
    done
done
printf '\nreuse %% = requests sent over an existing server connection (own or taken over) / all requests sent.\n'
printf 'Logs and wrk reports: %s (%s).\n' "$work" "$([ "${KEEP:-0}" = 1 ] && echo kept || echo 'removed on exit; KEEP=1 keeps them')"

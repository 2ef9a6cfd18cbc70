#!/usr/bin/env bash
# Benchmark of idle-connection takeover between reactors (not a test: it prints figures, judges nothing).
#
# baton, then HAProxy on the very same generated configuration (HAProxy syntax), each with nbthread 4 in front
# of 50 HTTP test servers answering after 1 ms, `http-reuse always`, loaded by wrk with 1000 connections that
# each send one request and close (`Connection: close`), so every request arrives on a fresh client connection
# on whichever reactor accepted it. One run per proxy, pool-low-conn value (0 and 8 by default) and wrk
# connection count, the proxies alternating within each round: HAProxy's figures (commit 8bdd0fa8,
# shared/seeds/003) drop takeovers from 300k/s to 13k/s with pool-low-conn 32 while req/s rise. Per run it
# prints req/s (wrk), takeovers/s and FD-pressure kills (`show activity`), the share of requests that took a
# connection over (steal %) and the backend's reuse ratio (reuse / (connect + reuse) in `show stat`), and how
# many idle connections each reactor held per server while the load ran (`show servers conn`, sampled), read
# from the runtime API on a TCP stats socket.
#
#   bench/takeover.sh                   # or: make bench-takeover (the issue's 1000 clients, then 100: about 4 min)
#   DURATION=10 CONNECTIONS="1000 100" LOW_CONNS="0 4 8 16" ROUNDS=2 WARMUP=5 bench/takeover.sh
#   PROXIES=baton bench/takeover.sh     # baton alone
#
# Stealing dominates when each server's idle pool is thin next to nbthread, so that a reactor seldom holds an
# idle connection of its own to the server it picked: here with few client connections (CONNECTIONS=100: about
# 2 in use per server), not with the issue's 1000 clients on 2 cores, where the proxy is the bottleneck, the
# need estimate keeps several idle connections per reactor and server, and under a tenth of requests steal.
#
# Each run is bounded (DURATION seconds of load plus bounded start and stop); every process the script starts
# is stopped on exit, Ctrl-C included. Needs target/baton.jar and target/test-servers.jar (`make build`, run
# here when missing), wrk and haproxy (installed with apt-get when missing and run as root). maxconn (MAXCONN,
# 20000) is lowered for both proxies when HAProxy's maxsock would not fit the FD limit (ulimit -n).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-"1000 100"}
SERVERS=${SERVERS:-50}
NBTHREAD=${NBTHREAD:-4}
DELAY_MS=${DELAY_MS:-1}
LOW_CONNS=${LOW_CONNS:-"0 8"}
ROUNDS=${ROUNDS:-1}
WARMUP=${WARMUP:-5}
WRK_THREADS=${WRK_THREADS:-2}
JAVA=${JAVA:-java}
PROXIES=${PROXIES:-"baton haproxy"}
SAMPLES=${SAMPLES:-4}
MAXCONN=${MAXCONN:-20000}

# shellcheck source=bench/lib.sh
. bench/lib.sh

work=$(mktemp -d /tmp/baton-bench.XXXXXX)
if [ "${KEEP:-0}" = 1 ]; then
    trap 'stop_all' EXIT
else
    trap 'stop_all; rm -rf "$work"' EXIT
fi
trap 'exit 130' INT TERM

has_haproxy() {
    case " $PROXIES " in *" haproxy "*) return 0 ;; esac
    return 1
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

if has_haproxy && ! command -v haproxy >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y haproxy >/dev/null
    else
        echo "haproxy is missing: apt-get install haproxy (or PROXIES=baton)" >&2
        exit 1
    fi
fi
# HAProxy refuses to start when its maxsock (about 2 * maxconn + servers) exceeds the FD limit: raise the
# limit as far as allowed, else lower maxconn (for both proxies, so that their FD bands match).
ulimit -Hn 1048576 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fit=$(( ($(ulimit -n) - SERVERS - 200) / 2 ))
if [ "$MAXCONN" -gt "$fit" ]; then
    echo "maxconn $MAXCONN needs more than $(ulimit -n) FDs (ulimit -n): maxconn $fit" >&2
    MAXCONN=$fit
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

printf '\ntakeover benchmark: nbthread %s, %s servers (%s ms), wrk connections (conns) with Connection: close: %s,\n' \
    "$NBTHREAD" "$SERVERS" "$DELAY_MS" "$CONNECTIONS"
printf '%s s per run after a %s s warm-up, %s round(s), maxconn %s, proxies: %s\n\n' \
    "$DURATION" "$WARMUP" "$ROUNDS" "$MAXCONN" "$PROXIES"
printf '%-8s %5s %5s %9s %11s %8s %8s %8s %8s %7s %6s %s\n' "proxy" "conns" "plc" "req/s" "takeover/s" "steal %" "reuse %" \
    "idle/rs" "empty %" "used" "kills" "wrk errors"

# The configuration of one round with pool-low-conn $1, HAProxy syntax, for baton and HAProxy alike: its path.
write_cfg() {
    local low=$1 cfg
    cfg="$work/round$round-plc$low.cfg"
    port=$(free_port)
    while stats_port=$(free_port); [ "$stats_port" = "$port" ]; do :; done
    cat > "$cfg" <<EOF
global
    nbthread $NBTHREAD
    maxconn $MAXCONN
    hard-stop-after 5s
    stats socket ipv4@127.0.0.1:$stats_port level admin
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
    if has_haproxy; then
        haproxy -c -q -f "$cfg" >&2 || { echo "haproxy rejects $cfg" >&2; return 1; }
    fi
    echo "$cfg"
}

# Starts proxy $1 on configuration $2 (log $3) in the background; sets $proxy_pid once it serves.
start_proxy() {
    local proxy=$1 cfg=$2 log=$3
    case "$proxy" in
        baton)
            "$JAVA" -jar target/baton.jar -f "$cfg" > /dev/null 2> "$log" &
            proxy_pid=$!
            pids=("${backend_pids[@]}" "$proxy_pid")
            await_lines "$log" 1 30 'baton started'
            ;;
        haproxy)
            haproxy -db -f "$cfg" > "$log" 2>&1 &
            proxy_pid=$!
            pids=("${backend_pids[@]}" "$proxy_pid")
            for _ in $(seq 300); do
                ask "$stats_port" 'show info' 2>/dev/null | grep -q '^Pid:' && return 0
                kill -0 "$proxy_pid" 2>/dev/null || break
                sleep 0.1
            done
            echo "haproxy did not start:" >&2
            cat "$log" >&2
            return 1
            ;;
        *) echo "unknown proxy $proxy" >&2; return 1 ;;
    esac
}

# Mean idle connections per (server, reactor) and the percentage of those pairs with none, over the
# `show servers conn` samples in file $1 (a "#" header before each sample); the mean of used_cur summed
# over the servers. Prints "idle empty used".
idle_summary() {
    awk '/^# bkname/ { n = 0; for (i = 2; i <= NF; i++) { col[$i] = i - 1; if ($i == "idle_cur") last = i - 1 }
                       samples++; next }
         NF > last && $1 ~ /\// { used += $(col["used_cur"]); for (i = last + 1; i <= NF; i++) { slots++; idle += $i; if ($i == 0) empty++ } }
         END { if (slots == 0) { print "- - -"; exit }
               printf "%.2f %.1f %.0f\n", idle / slots, 100 * empty / slots, used / samples }' "$1"
}

# One run of proxy $1 on configuration $2 (pool-low-conn $3) for $4 seconds of load by $5 wrk connections;
# prints its row unless $6 is "quiet". SAMPLES `show servers conn` dumps are taken while wrk runs.
run() {
    local proxy=$1 cfg=$2 low=$3 seconds=$4 conns=$5 mode=${6:-} tag
    tag="$(basename "$cfg" .cfg)-c$conns-$proxy"
    port=$(awk '/^    bind / { split($2, a, ":"); print a[2] }' "$cfg")
    stats_port=$(awk '/stats socket/ { split($3, a, ":"); print a[2] }' "$cfg")
    start_proxy "$proxy" "$cfg" "$work/$tag.log"

    wrk -t "$WRK_THREADS" -c "$conns" -d "${seconds}s" --timeout 10s -H 'Connection: close' \
        "http://127.0.0.1:$port/" > "$work/wrk-$tag.out" 2>&1 &
    local wrk_pid=$! step
    pids+=("$wrk_pid")
    : > "$work/conn-$tag.out"
    step=$(awk -v d="$seconds" -v n="$SAMPLES" 'BEGIN { printf "%.2f", d / (n + 1) }')
    for _ in $(seq "$SAMPLES"); do
        sleep "$step"
        ask "$stats_port" 'show servers conn be' >> "$work/conn-$tag.out" || true
    done
    wait "$wrk_pid" || true

    ask "$stats_port" 'show activity' > "$work/activity-$tag.out"
    ask "$stats_port" 'show stat' > "$work/stat-$tag.out"
    kill -TERM "$proxy_pid"
    for _ in $(seq 100); do kill -0 "$proxy_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$proxy_pid" 2>/dev/null || true
    wait "$proxy_pid" 2>/dev/null || true
    pids=("${backend_pids[@]}")
    [ "$mode" = quiet ] && return

    local rps errors taken kills connects reuses idle empty used
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk-$tag.out")
    errors=$(grep -E 'Socket errors|Non-2xx' "$work/wrk-$tag.out" | tr -s ' ' | paste -sd';' - || true)
    taken=$(awk '/^fd_takeover:/ { print $2 }' "$work/activity-$tag.out")
    kills=$(awk '/^kill_done:/ { print $2 }' "$work/activity-$tag.out")
    # connect and reuse of backend be, by the names in the CSV header
    read -r connects reuses < <(awk -F, 'NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == "be" && $2 == "BACKEND" { print $col["connect"], $col["reuse"] }' "$work/stat-$tag.out")
    read -r idle empty used < <(idle_summary "$work/conn-$tag.out")
    awk -v proxy="$proxy" -v conns="$conns" -v low="$low" -v rps="${rps:-0}" -v connects="${connects:-0}" -v reuses="${reuses:-0}" \
        -v taken="${taken:-0}" -v kills="${kills:--}" -v d="$seconds" -v err="${errors:--}" \
        -v idle="$idle" -v empty="$empty" -v used="$used" 'BEGIN {
            sent = connects + reuses
            reuse = sent > 0 ? 100 * reuses / sent : 0
            steal = sent > 0 ? 100 * taken / sent : 0
            printf "%-8s %5s %5s %9.0f %11.0f %8.2f %8.2f %8s %8s %7s %6s %s\n", proxy, conns, low, rps, taken / d, steal, reuse,
                idle, empty, used, kills, err
        }'
}

round=0
if [ "$WARMUP" -gt 0 ]; then
    # the backends' JIT warms up here, not in the first measured run
    run "${PROXIES%% *}" "$(write_cfg "${LOW_CONNS%% *}")" "${LOW_CONNS%% *}" "$WARMUP" "${CONNECTIONS%% *}" quiet
fi
for round in $(seq "$ROUNDS"); do
    for conns in $CONNECTIONS; do
        for low in $LOW_CONNS; do
            cfg=$(write_cfg "$low")
            for proxy in $PROXIES; do
                run "$proxy" "$cfg" "$low" "$DURATION" "$conns"
            done
        done
    done
done
printf '\nplc = pool-low-conn. takeover/s = fd_takeover (show activity) / run length. steal %% = takeovers / requests\n'
printf 'sent to the servers (connect + reuse in show stat). reuse %% = requests sent over an existing server\n'
printf 'connection (own or taken over) / all requests sent. idle/rs = idle connections per reactor per server and\n'
printf 'empty %% = the (server, reactor) pairs with none, used = server connections in use (summed over servers),\n'
printf 'all averaged over %s `show servers conn` samples during the load. kills = FD-pressure kills (baton only).\n' "$SAMPLES"
printf 'Logs and wrk reports: %s (%s).\n' "$work" "$([ "${KEEP:-0}" = 1 ] && echo kept || echo 'removed on exit; KEEP=1 keeps them')"

#!/usr/bin/env bash
# Server queues under a burst (issue 12), baton then HAProxy on the same configuration (not a test: it prints
# figures, and says which of the issue's goals they meet).
#
# SERVERS HTTP test servers (one process, one selector thread each) answer every request after DELAY_MS ms; the
# proxy (nbthread NBTHREAD, balance roundrobin) gives each `maxconn MAXCONN` and `timeout queue TIMEOUT_QUEUE`, and
# wrk loads it with CONNECTIONS keep-alive connections: far more requests than the servers' slots, so the proxy
# must queue them (HAProxy) or refuse them. Per proxy: WARMUP seconds of unmeasured load, then the servers' peaks
# are reset (GET /control/peak/reset) and DURATION seconds are measured: wrk's req/s, p50, p99, non-2xx responses
# and socket errors; CPU per request (utime + stime of the proxy's processes, from /proc/PID/stat, over the
# measured window, divided by wrk's requests); the most requests each server had in progress at once
# (GET /control/peak); the backend's `qmax` from `show stat` where the proxy has it.
#
#   bench/queues.sh                                  # or: make bench-queues (about 1 minute)
#   DURATION=10 WARMUP=3 bench/queues.sh
#   PROXIES=haproxy CONNECTIONS=200 bench/queues.sh
#
# Output: a markdown table with baton/HAProxy ratios on stdout and in target/bench/queues.md; the configuration in
# target/bench/queues.cfg; wrk's outputs in target/bench/queues-<proxy>.wrk. Should baton reject the configuration
# (before issue 12, it rejects `timeout queue`), baton runs on the same text less that line, written to
# target/bench/queues-baton.cfg, and the table says so: its non-2xx are then the 503s it answers past maxconn.
#
# Bounded: each wrk run is killed past its duration plus 30 s, starts and stops are bounded; every process the
# script starts is stopped by its pid on exit, Ctrl-C included. Needs target/baton.jar and target/test-servers.jar
# (`make build`, run here when missing), wrk and haproxy (installed with apt-get when missing, as root).
# Nothing is pinned to CPUs: wrk, the servers and the proxy share the machine's cores, the same way for both.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-500}
WRK_THREADS=${WRK_THREADS:-2}
SERVERS=${SERVERS:-4}
DELAY_MS=${DELAY_MS:-5}
MAXCONN=${MAXCONN:-10}
TIMEOUT_QUEUE=${TIMEOUT_QUEUE:-10s}
NBTHREAD=${NBTHREAD:-2}
JAVA=${JAVA:-java}
PROXIES=${PROXIES:-"baton haproxy"}

# shellcheck source=bench/lib.sh
. bench/lib.sh

out=target/bench
mkdir -p "$out"
work_dir baton-queues

need_jars
need wrk wrk
case " $PROXIES " in *" haproxy "*) need haproxy haproxy ;; esac
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
clk_tck=$(getconf CLK_TCK)
# scripts/baton is the launcher with the JVM flags baton is measured with (as bench/bench.sh runs it).
if [ -x scripts/baton ]; then
    baton_cmd=(scripts/baton)
else
    baton_cmd=("$JAVA" -jar target/baton.jar)
fi

# ---------------------------------------------------------------------------------------------- servers
ports=$(printf '0,%.0s' $(seq "$SERVERS")); ports=${ports%,}
"$JAVA" -jar target/test-servers.jar http --ports "$ports" --delay-ms "$DELAY_MS" > "$work/servers.out" 2>&1 &
started $!
await_lines "$work/servers.out" "$SERVERS" 30 '^listening http'
server_ports=()
while read -r _ _ _ address; do server_ports+=("${address##*:}"); done < <(grep '^listening http' "$work/servers.out")

# Each server's peak ("inflight=N peak=M" from GET /control/peak, or /control/peak/reset which answers the same,
# then starts a new peak): the peaks, space-separated in server order.
server_peaks() {
    local p peaks=()
    for p in "${server_ports[@]}"; do
        peaks+=("$(http_get "$p" "$1" | sed -n 's/^inflight=[0-9]* peak=\([0-9]*\).*/\1/p')")
    done
    echo "${peaks[*]}"
}

# ----------------------------------------------------------------------------------------------- config
port=$(free_port)
stats_port=$(free_port)
cfg=$out/queues.cfg
{
    echo "global"
    echo "    nbthread $NBTHREAD"
    echo "    maxconn 4096"
    echo "    hard-stop-after 5s"
    echo "    stats socket ipv4@127.0.0.1:$stats_port level admin"
    echo "defaults"
    echo "    mode http"
    echo "    timeout connect 5s"
    echo "    timeout client 30s"
    echo "    timeout server 30s"
    echo "    timeout queue $TIMEOUT_QUEUE"
    echo "frontend fe"
    echo "    bind 127.0.0.1:$port"
    echo "    default_backend be"
    echo "backend be"
    echo "    balance roundrobin"
    for i in "${!server_ports[@]}"; do
        echo "    server s$((i + 1)) 127.0.0.1:${server_ports[$i]} maxconn $MAXCONN"
    done
} > "$cfg"

note=
case " $PROXIES " in *" haproxy "*) haproxy -c -q -f "$cfg" ;; esac
baton_cfg=$cfg
case " $PROXIES " in *" baton "*)
    if ! "$JAVA" -jar target/baton.jar -c -f "$cfg" > "$work/baton-check.out" 2>&1; then
        baton_cfg=$out/queues-baton.cfg
        grep -v '^    timeout queue ' "$cfg" > "$baton_cfg"
        if ! "$JAVA" -jar target/baton.jar -c -f "$baton_cfg" > "$work/baton-check2.out" 2>&1; then
            echo "baton rejects the configuration, with or without timeout queue:" >&2
            cat "$work/baton-check.out" "$work/baton-check2.out" >&2
            exit 1
        fi
        note="baton rejects $cfg ($(grep -m1 -v '^Configuration' "$work/baton-check.out" | sed 's/^[^ ]*: //')):"
        note="$note it ran on the same text without \`timeout queue\` ($baton_cfg)."
    fi
    ;;
esac

# -------------------------------------------------------------------------------------------------- runs
# Starts proxy $1 on config $2 (log $3); sets proxy_pid once it listens.
start_proxy() {
    case $1 in
        baton) "${baton_cmd[@]}" -f "$2" > "$3" 2>&1 & ;;
        haproxy) haproxy -db -f "$2" > "$3" 2>&1 & ;;
        *) echo "unknown proxy $1" >&2; return 1 ;;
    esac
    proxy_pid=$!
    started "$proxy_pid"
    if ! await_listen "$port" 60 "$proxy_pid"; then
        echo "$1 did not start:" >&2
        tail -5 "$3" >&2
        return 1
    fi
}

# wrk for $1 seconds into file $2, bounded.
load() {
    timeout $(($1 + 30)) wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "${1}s" --timeout 15s --latency \
        "http://127.0.0.1:$port/" > "$2" 2>&1 &
    started $!
    await_exit $!
}

# Column $1 of the row $2,$3 (proxy, server) of `show stat` on the stats socket; - when absent or empty.
stat_column() {
    ask "$stats_port" "show stat" 2>/dev/null | awk -F, -v want="$1" -v px="$2" -v sv="$3" '
        NR == 1 { sub("^# ", ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == px && $2 == sv { v = (want in col) ? $col[want] : ""; found = 1 }
        END { print ((found && v != "") ? v : "-") }' || echo -
}

declare -A rps p50 p99 non2xx sockerr cpu peaks maxpeak qmax died
for proxy in $PROXIES; do
    proxy_cfg=$cfg
    [ "$proxy" = baton ] && proxy_cfg=$baton_cfg
    echo "$proxy: ${WARMUP} s warm-up, ${DURATION} s measured ..." >&2
    died[$proxy]=
    if ! start_proxy "$proxy" "$proxy_cfg" "$work/$proxy.log"; then
        died[$proxy]="$proxy did not start: $(tail -1 "$work/$proxy.log")"
        stop_pid "$proxy_pid"
        continue
    fi
    [ "$WARMUP" -gt 0 ] && load "$WARMUP" "$work/$proxy.warmup"
    server_peaks /control/peak/reset > /dev/null
    ticks0=$(cpu_ticks "$proxy_pid")
    load "$DURATION" "$out/queues-$proxy.wrk"
    ticks1=$(cpu_ticks "$proxy_pid")
    peaks[$proxy]=$(server_peaks /control/peak)
    qmax[$proxy]=$(stat_column qmax be BACKEND)
    kill -0 "$proxy_pid" 2>/dev/null || died[$proxy]="$proxy exited during the run"
    stop_pid "$proxy_pid"

    w=$out/queues-$proxy.wrk
    requests=$(awk '/ requests in / { print $1 }' "$w")
    rps[$proxy]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$w")
    p50[$proxy]=$(wrk_latency_ms "$w" 50%)
    p99[$proxy]=$(wrk_latency_ms "$w" 99%)
    non2xx[$proxy]=$(awk '/Non-2xx or 3xx responses:/ { print $NF; f = 1 } END { if (!f) print 0 }' "$w")
    sockerr[$proxy]=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10; f = 1 } END { if (!f) print 0 }' "$w")
    cpu[$proxy]=$(awk -v t0="$ticks0" -v t1="$ticks1" -v hz="$clk_tck" -v n="${requests:-0}" \
        'BEGIN { print (n > 0 ? sprintf("%.1f", (t1 - t0) * 1e6 / hz / n) : "-") }')
    maxpeak[$proxy]=$(tr ' ' '\n' <<< "${peaks[$proxy]}" | sort -n | tail -1)
done

# ------------------------------------------------------------------------------------------------ report
# Field $1 of proxy $2, or - when that proxy did not run.
get() {
    local -n field=$1
    echo "${field[$2]:--}"
}

# baton / HAProxy of figure $1, two decimals; - when either is missing or HAProxy's is 0.
ratio() {
    awk -v b="$(get "$1" baton)" -v h="$(get "$1" haproxy)" \
        'BEGIN { print ((b == "-" || h == "-" || h + 0 == 0) ? "-" : sprintf("%.2f", b / h)) }'
}

# "yes" if $1 $2 $3 (awk comparison of numbers), "no" if not, "-" when a figure is missing.
meets() {
    awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
        if (a == "-" || b == "-" || a == "" || b == "") { print "-"; exit }
        ok = (op == "<=") ? (a + 0 <= b + 0) : (a + 0 >= b + 0); print (ok ? "yes" : "no") }'
}

report() {
    echo "# Server queues under a burst (issue 12)"
    echo
    echo "$SERVERS HTTP test servers answering after $DELAY_MS ms, each \`maxconn $MAXCONN\`; \`timeout queue $TIMEOUT_QUEUE\`," \
        "\`balance roundrobin\`, \`nbthread $NBTHREAD\`; wrk: $CONNECTIONS keep-alive connections, $WRK_THREADS threads," \
        "$DURATION s measured after $WARMUP s of warm-up. $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
        "baton $(git describe --always --dirty 2>/dev/null || echo '?'), $(haproxy -v 2>/dev/null | head -1 | awk '{ print "HAProxy " $3 }')."
    echo
    echo "| | baton | HAProxy | baton/HAProxy |"
    echo "| --- | ---: | ---: | ---: |"
    echo "| req/s | $(get rps baton) | $(get rps haproxy) | $(ratio rps) |"
    echo "| p50 ms | $(get p50 baton) | $(get p50 haproxy) | $(ratio p50) |"
    echo "| p99 ms | $(get p99 baton) | $(get p99 haproxy) | $(ratio p99) |"
    echo "| non-2xx responses | $(get non2xx baton) | $(get non2xx haproxy) | |"
    echo "| socket errors (wrk) | $(get sockerr baton) | $(get sockerr haproxy) | |"
    echo "| CPU µs per request | $(get cpu baton) | $(get cpu haproxy) | $(ratio cpu) |"
    echo "| most requests at once per server (s1 s2 ...) | $(get peaks baton) | $(get peaks haproxy) | |"
    echo "| backend qmax (\`show stat\`) | $(get qmax baton) | $(get qmax haproxy) | |"
    echo
    echo "Goals of issue 12:"
    echo
    echo "- the same protection, at most $MAXCONN requests at once per server: baton $(meets "$(get maxpeak baton)" '<=' "$MAXCONN")," \
        "HAProxy $(meets "$(get maxpeak haproxy)" '<=' "$MAXCONN")"
    echo "- every request answered with a 2xx: baton $(meets "$(get non2xx baton)" '<=' 0), HAProxy $(meets "$(get non2xx haproxy)" '<=' 0)"
    echo "- p99 at most 1.1 x HAProxy's: $(meets "$(ratio p99)" '<=' 1.1)"
    echo "- CPU per request at most HAProxy's: $(meets "$(ratio cpu)" '<=' 1)"
    local p
    for p in $PROXIES; do
        [ -n "${died[$p]}" ] && { echo; echo "**${died[$p]}.**"; }
    done
    if [ -n "$note" ]; then
        echo
        echo "Note: $note Its non-2xx are the 503s it answers past maxconn."
    fi
    return 0
}

report | tee "$out/queues.md"

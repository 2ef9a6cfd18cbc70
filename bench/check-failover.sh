#!/usr/bin/env bash
# Failover under load, baton and HAProxy on the same configuration (not a test: it prints figures, judges nothing).
#
# Three HTTP test servers (one process each, so that one can be killed), HTTP health checks
# (`option httpchk GET /health`, `inter 500 fall 3 rise 2`), `retries 3`, `option redispatch`,
# `retry-on conn-failure empty-response`. For each proxy in turn: wrk loads it for DURATION seconds; KILL_AT
# seconds in, server s2's process is killed (SIGKILL: its connections die with it); RESTART_AT seconds in, it is
# started again on the same port. The proxy's stderr is read as it is written, each line stamped on arrival, to
# time the transitions from the proxy's own lines (`Server be/s2 is DOWN, ...`, `... is UP, ...`: the runtime API
# answers too slowly under load to poll it). Per proxy it prints wrk's req/s, its non-2xx responses and socket
# errors (what the clients saw), the time from the kill to the DOWN line, and from the restart (a new JVM:
# about half a second of it is the test server starting) to the UP line; and `show stat`'s view of s2 after.
#
#   bench/check-failover.sh                        # about 1 minute
#   DURATION=30 KILL_AT=8 RESTART_AT=18 CONNECTIONS=100 bench/check-failover.sh
#   PROXIES=baton bench/check-failover.sh          # baton alone
#
# Bounded: DURATION seconds of load per proxy plus bounded starts and stops; every process the script starts is
# stopped by its pid on exit, Ctrl-C included. Needs target/baton.jar and target/test-servers.jar (`make build`,
# run here when missing), wrk and haproxy (installed with apt-get when missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
KILL_AT=${KILL_AT:-5}
RESTART_AT=${RESTART_AT:-12}
CONNECTIONS=${CONNECTIONS:-50}
WRK_THREADS=${WRK_THREADS:-2}
NBTHREAD=${NBTHREAD:-2}
JAVA=${JAVA:-java}
PROXIES=${PROXIES:-"baton haproxy"}

# shellcheck source=bench/lib.sh
. bench/lib.sh

work_dir baton-failover

need_jars
need wrk wrk
case " $PROXIES " in *" haproxy "*) need haproxy haproxy ;; esac

now_ms() {
    local us=${EPOCHREALTIME/./}
    echo $((us / 1000))
}

# Starts test server s$1 on port $2 in its own process, its pid in backend_pids[$1 - 1].
start_backend() {
    : > "$work/s$1.out"
    "$JAVA" -jar target/test-servers.jar http --port "$2" --name "s$1" > "$work/s$1.out" 2>&1 &
    started $!
    backend_pids[$(($1 - 1))]=$!
    await_lines "$work/s$1.out" 1 30 '^listening http'
}

# Columns $2 (names, comma-separated) of server s2 in `show stat` on stats port $1, found by the header's names
# (baton prints fewer columns than HAProxy).
s2_columns() {
    ask "$1" "show stat" 2>/dev/null | awk -F, -v want="$2" 'NR == 1 { sub("^# ", ""); n = split(want, w, ",")
        for (i = 1; i <= NF; i++) col[$i] = i }
        $1 == "be" && $2 == "s2" { for (j = 1; j <= n; j++) printf "%s%s=%s", (j > 1 ? " " : ""), w[j], $col[w[j]]
        print "" }'
}

# Copies stdin to stdout, each line prefixed with the epoch ms of its arrival.
stamp() {
    local line us
    while IFS= read -r line; do
        us=${EPOCHREALTIME/./}
        printf '%s %s\n' "$((us / 1000))" "$line"
    done
}

# The first time (epoch ms) at or after $2 that stamped file $1 has a line containing $3; empty if none.
first_at() {
    awk -v since="$2" -v want="$3" '$1 >= since && index($0, want) { print $1; exit }' "$1"
}

ports=()
for i in 1 2 3; do ports+=("$(free_port)"); done
backend_pids=()
afters=()
for i in 1 2 3; do start_backend "$i" "${ports[$((i - 1))]}"; done

printf '\ncheck failover: %s s of wrk (%s connections, %s threads) per proxy; s2 killed at %s s, restarted at %s s;\n' \
    "$DURATION" "$CONNECTIONS" "$WRK_THREADS" "$KILL_AT" "$RESTART_AT"
printf 'checks: option httpchk GET /health, inter 500 fall 3 rise 2; retries 3, option redispatch, retry-on conn-failure empty-response\n\n'
printf '%-8s %9s %8s %15s %10s %10s\n' proxy req/s non-2xx "socket errors" "to DOWN" "to UP"

for proxy in $PROXIES; do
    port=$(free_port)
    while stats_port=$(free_port); [ "$stats_port" = "$port" ]; do :; done
    cfg="$work/$proxy.cfg"
    cat > "$cfg" <<EOF
global
    nbthread $NBTHREAD
    maxconn 2000
    hard-stop-after 5s
    stats socket ipv4@127.0.0.1:$stats_port level admin
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout check 1s
    retries 3
    option redispatch
frontend fe
    bind 127.0.0.1:$port
    default_backend be
backend be
    balance roundrobin
    retry-on conn-failure empty-response
    option httpchk GET /health
    default-server check inter 500 fall 3 rise 2
    server s1 127.0.0.1:${ports[0]}
    server s2 127.0.0.1:${ports[1]}
    server s3 127.0.0.1:${ports[2]}
EOF
    if [ "$proxy" = baton ]; then
        "$JAVA" -jar target/baton.jar -f "$cfg" > "$work/$proxy.out" 2>&1 &
    else
        haproxy -db -f "$cfg" > "$work/$proxy.out" 2>&1 &
    fi
    proxy_pid=$!
    started "$proxy_pid"
    await_listen "$port" 30 "$proxy_pid" || { echo "$proxy did not start:" >&2; tail "$work/$proxy.out" >&2; exit 1; }
    for _ in $(seq 100); do [ "$(s2_columns "$stats_port" status)" = status=UP ] && break; sleep 0.1; done
    # the proxy's stderr, stamped line by line as it arrives (tail and stamper joined by a FIFO: two pids)
    mkfifo "$work/$proxy.fifo"
    tail -n +1 -F "$work/$proxy.out" > "$work/$proxy.fifo" 2>/dev/null &
    started $!
    tail_pid=$!
    stamp < "$work/$proxy.fifo" > "$work/$proxy.stamped" &
    started $!
    stamp_pid=$!

    wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "${DURATION}s" "http://127.0.0.1:$port/" > "$work/$proxy.wrk" 2>&1 &
    wrk_pid=$!
    started "$wrk_pid"

    sleep "$KILL_AT"
    kill_ms=$(now_ms)
    kill -KILL "${backend_pids[1]}" # its connections die with it
    await_exit "${backend_pids[1]}"
    sleep $((RESTART_AT - KILL_AT))
    restart_ms=$(now_ms)
    start_backend 2 "${ports[1]}"
    await_exit "$wrk_pid"
    after=$(s2_columns "$stats_port" status,check_status,chkfail,chkdown,downtime)
    stop_pid "$proxy_pid"
    stop_pid "$tail_pid"
    stop_pid "$stamp_pid"

    down_ms=$(first_at "$work/$proxy.stamped" "$kill_ms" "Server be/s2 is DOWN")
    up_ms=$(first_at "$work/$proxy.stamped" "$restart_ms" "Server be/s2 is UP")
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$work/$proxy.wrk")
    non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/$proxy.wrk")
    sockerr=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$work/$proxy.wrk")
    printf '%-8s %9s %8s %15s %10s %10s\n' "$proxy" "${rps:-?}" "${non2xx:-0}" "${sockerr:-0}" \
        "${down_ms:+$((down_ms - kill_ms)) ms}" "${up_ms:+$((up_ms - restart_ms)) ms}"
    afters+=("$proxy: s2 after the run: $after")
done
echo
printf '%s\n' "${afters[@]}"
echo "to DOWN: from the kill of s2 to the proxy's DOWN line; to UP: from its restart (JVM start included) to UP."

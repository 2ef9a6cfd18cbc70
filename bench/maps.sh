#!/usr/bin/env bash
# Map lookups on large maps (issue 15): a frontend answers every request itself with the values of a `map_ip` and a
# `map_beg` lookup, once with 100-entry maps and once with ENTRIES-entry maps, baton then HAProxy, each proxy on one
# thread; wrk (keep-alive) measures req/s, and CPU per request comes from the proxy's /proc ticks over the measured
# window. What matters is each proxy's large/small ratio: a lookup that walked the entries would cost ENTRIES/100
# times more; an O(log n) or O(key length) one about the same. Not a test: it prints figures.
#
#   bench/maps.sh                 # or: make bench-maps (about 1.5 minutes)
#   ENTRIES=1000000 DURATION=10 bench/maps.sh
#
# Output: a markdown table on stdout and in target/bench/maps.md. Bounded: each wrk run is killed past its
# duration plus 30 s; every process started is stopped by its pid on exit, Ctrl-C included.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-8}
WARMUP=${WARMUP:-4}
ENTRIES=${ENTRIES:-100000}
CONNECTIONS=${CONNECTIONS:-50}
JAVA=${JAVA:-java}
PROXIES=${PROXIES:-"baton haproxy"}

. bench/lib.sh

out=target/bench
mkdir -p "$out"
work_dir baton-maps
need_jars
need wrk wrk
case " $PROXIES " in *" haproxy "*) need haproxy haproxy ;; esac
clk_tck=$(getconf CLK_TCK)

# $1 entries, $2 file: IPv4 /24 prefixes 10.x.y.0/24, then the one the client matches (127.0.0.0/8)
ip_map() {
    awk -v n="$1" 'BEGIN { for (i = 0; i < n - 1; i++) printf "10.%d.%d.0/24 v%d\n", int(i / 256) % 256, i % 256, i;
                           print "127.0.0.0/8 local" }' > "$2"
}
# $1 entries, $2 file: path prefixes /pN/, then the one the requests match (/api/)
path_map() {
    awk -v n="$1" 'BEGIN { for (i = 0; i < n - 1; i++) printf "/p%d/ r%d\n", i, i; print "/api/ api" }' > "$2"
}

port=$(free_port)
config() { # $1 ip map, $2 path map
    cat <<CFG
global
    nbthread 1
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend fe
    bind 127.0.0.1:$port
    http-request return status 200 content-type text/plain lf-string "%[src,map_ip($1,none)] %[path,map_beg($2,none)]"
CFG
}

start_proxy() {
    case $1 in
        baton) JAVA=$JAVA scripts/baton -f "$2" > "$3" 2>&1 & ;; # the launcher's JVM flags; it execs java
        haproxy) haproxy -db -f "$2" > "$3" 2>&1 & ;;
    esac
    proxy_pid=$!
    started "$proxy_pid"
    await_listen "$port" 60 "$proxy_pid" || { echo "$1 did not start:" >&2; tail -5 "$3" >&2; return 1; }
}

load() {
    timeout $(($1 + 30)) wrk -t 2 -c "$CONNECTIONS" -d "${1}s" "http://127.0.0.1:$port/api/v1/items/42" > "$2" 2>&1 &
    started $!
    await_exit $!
}

declare -A rps cpu answer
for size in 100 "$ENTRIES"; do
    ip_map "$size" "$work/ip-$size.map"
    path_map "$size" "$work/path-$size.map"
    config "$work/ip-$size.map" "$work/path-$size.map" > "$work/maps-$size.cfg"
done
for proxy in $PROXIES; do
    for size in 100 "$ENTRIES"; do
        echo "$proxy, $size entries: ${WARMUP} s warm-up, ${DURATION} s measured ..." >&2
        start_proxy "$proxy" "$work/maps-$size.cfg" "$work/$proxy-$size.log"
        answer[$proxy,$size]=$(http_get "$port" /api/v1/items/42 | tail -1)
        load "$WARMUP" "$work/warmup"
        t0=$(cpu_ticks "$proxy_pid")
        load "$DURATION" "$work/$proxy-$size.wrk"
        t1=$(cpu_ticks "$proxy_pid")
        stop_pid "$proxy_pid"
        n=$(awk '/ requests in / { print $1 }' "$work/$proxy-$size.wrk")
        rps[$proxy,$size]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/$proxy-$size.wrk")
        cpu[$proxy,$size]=$(awk -v t0="$t0" -v t1="$t1" -v hz="$clk_tck" -v n="${n:-0}" \
            'BEGIN { print (n > 0 ? sprintf("%.2f", (t1 - t0) * 1e6 / hz / n) : "-") }')
    done
done

{
    echo "| proxy | entries | answer | req/s | CPU us/req | CPU large/small |"
    echo "| --- | ---: | --- | ---: | ---: | ---: |"
    for proxy in $PROXIES; do
        for size in 100 "$ENTRIES"; do
            ratio=$(awk -v a="${cpu[$proxy,$ENTRIES]}" -v b="${cpu[$proxy,100]}" 'BEGIN { print (b > 0 ? sprintf("%.2f", a / b) : "-") }')
            [ "$size" = 100 ] && ratio=
            echo "| $proxy | $size | ${answer[$proxy,$size]} | ${rps[$proxy,$size]} | ${cpu[$proxy,$size]} | $ratio |"
        done
    done
} | tee "$out/maps.md"

#!/usr/bin/env bash
# What an idle keep-alive client connection costs baton (not a test: it prints figures, judges nothing).
#
# baton on one reactor (nbthread 1, the JVM flags of scripts/baton) in front of two HTTP test servers; N
# clients (`test-servers.jar hold`) each send one request, read the response and stay connected; the script
# reports baton's RSS and live heap (jmap -histo:live) per connection, and the classes that grew, against a
# baseline taken after a warm-up of WARMUP connections opened, served and closed.
#
#   bench/idle-footprint.sh                       # N=4000
#   N=8000 HTTPLOG=1 bench/idle-footprint.sh      # with option httplog (the log goes to a file)
#
# N stays under `ulimit -n` / 2 (the client's and baton's sockets share the host's limits). Every
# process the script starts is stopped on exit. Needs target/baton.jar and target/test-servers.jar
# (`make build`) and jmap.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-4000}
HOLD=${HOLD:-20}
WARMUP=${WARMUP:-500}
TOP=${TOP:-15}
HTTPLOG=${HTTPLOG:-0}
JAVA=${JAVA:-java}

# shellcheck source=bench/lib.sh
. bench/lib.sh
work=$(mktemp -d /tmp/baton-idle.XXXXXX)
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

"$JAVA" -jar target/test-servers.jar http --ports 0,0 --name-prefix s > "$work/backends.out" 2>&1 &
pids+=($!)
await_lines "$work/backends.out" 2 30 '^listening http'

port=$(free_port)
# as HAProxy 2.6 (strict-limits), baton refuses a maxconn that needs more descriptors than the limit allows
maxconn=$(( ($(ulimit -n) - 500) / 2 ))
[ "$maxconn" -gt 15000 ] && maxconn=15000
{
    printf 'global\n    nbthread 1\n    maxconn %s\n' "$maxconn"
    [ "$HTTPLOG" = 1 ] && printf '    log stdout local0\n'
    printf 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 60s\n    timeout server 30s\n'
    printf '    timeout http-keep-alive 60s\n'
    [ "$HTTPLOG" = 1 ] && printf '    log global\n    option httplog\n'
    printf 'frontend fe\n    bind 127.0.0.1:%s\n    default_backend be\n' "$port"
    printf 'backend be\n    balance roundrobin\n'
    awk '/^listening http/ { print "    server " $3 " " $4 }' "$work/backends.out"
} > "$work/baton.cfg"

BATON_JAR=${BATON_JAR:-target/baton.jar} scripts/baton -f "$work/baton.cfg" > "$work/baton.log" 2>&1 &
baton=$!
pids+=("$baton")
await_lines "$work/baton.log" 1 30 'baton started'
# scripts/baton execs java, so $baton is the JVM's pid.
printf 'baton idle-connection footprint: nbthread 1, httplog %s\n' "$HTTPLOG"

# The holding client: $1 connections, one request each, then idle for $2 seconds (0: closed at once). exec,
# so that a background hold's PID is the JVM's own and stop_all stops the client itself.
hold() {
    exec "$JAVA" -jar target/test-servers.jar hold --target "127.0.0.1:$port" --connections "$1" --seconds "$2"
}

(hold "$WARMUP" 0) > "$work/warmup.out"
sleep 1
rss0=$(rss_kb "$baton")
jmap -histo:live "$baton" > "$work/histo0.txt"   # collects first: the baseline is live objects only
hold "$N" "$HOLD" > "$work/hold.out" 2>&1 &
started $!
await_lines "$work/hold.out" 1 120 '^holding'
sleep 1
rss1=$(rss_kb "$baton")
jmap -histo:live "$baton" > "$work/histo1.txt"
grep '^failed' "$work/hold.out" || true

awk -v n="$N" -v r0="$rss0" -v r1="$rss1" -v top="$TOP" '
    # jmap -histo rows: "num: instances bytes class"; the last line: "Total instances bytes".
    FNR == 1 { file++ }
    $1 ~ /^[0-9]+:$/ { inst[file, $4] = $2; size[file, $4] = $3; names[$4] = 1 }
    $1 == "Total" { total[file] = $3 }
    END {
        printf "%d idle keep-alive connections\n", n
        printf "RSS       %8.1f MiB -> %8.1f MiB: %8.0f B per connection\n", r0 / 1024, r1 / 1024, (r1 - r0) * 1024 / n
        printf "live heap %8.1f MiB -> %8.1f MiB: %8.0f B per connection\n", total[1] / 1048576, total[2] / 1048576,
            (total[2] - total[1]) / n
        print "largest live-heap growth by class (bytes and instances per connection):"
        for (c in names) {
            d = size[2, c] - size[1, c]
            if (d != 0) printf "%.1f\t%.2f\t%s\n", d / n, (inst[2, c] - inst[1, c]) / n, c | "sort -rn | head -" top
        }
    }' "$work/histo0.txt" "$work/histo1.txt"

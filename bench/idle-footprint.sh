#!/usr/bin/env bash
# What an idle keep-alive client connection costs baton (not a test: it prints figures, judges nothing).
#
# baton on one reactor (nbthread 1, the JVM flags of scripts/baton) in front of two HTTP test servers; N
# clients each send one request, read the response and stay connected; bench/idle_clients.py reports
# baton's RSS and live heap (jmap -histo:live) per connection, and the classes that grew, against a
# baseline taken after a warm-up.
#
#   bench/idle-footprint.sh                       # N=4000
#   N=8000 HTTPLOG=1 bench/idle-footprint.sh      # with option httplog (the log goes to a file)
#
# N stays under `ulimit -n` / 2 (the client's and baton's sockets share the host's limits). Every
# process the script starts is stopped on exit. Needs target/baton.jar and target/test-servers.jar
# (`make build`), python3 and jmap.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-4000}
HOLD=${HOLD:-20}
HTTPLOG=${HTTPLOG:-0}
JAVA=${JAVA:-java}

work=$(mktemp -d /tmp/baton-idle.XXXXXX)
pids=()
# shellcheck source=bench/lib.sh
. bench/lib.sh
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

"$JAVA" -jar target/test-servers.jar http --ports 0,0 --name-prefix s > "$work/backends.out" 2>&1 &
pids+=($!)
await_lines "$work/backends.out" 2 30 '^listening http'

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
{
    printf 'global\n    nbthread 1\n    maxconn 15000\n'
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
python3 bench/idle_clients.py --pid "$baton" --port "$port" --n "$N" --hold "$HOLD"

#!/usr/bin/env bash
# Starts the sample backends (three HTTP servers, each in its own process so that one can be stopped and
# started again, and two echo servers), then baton in the foreground on the given configuration. Ctrl-C (or
# SIGTERM) stops baton and the backends it started.
set -u
cd "$(dirname "$0")/.."
config=${1:-etc/baton.cfg}

http_pids=()
for i in 1 2 3; do
    java -jar target/test-servers.jar http --port "900$i" --name "s$i" &
    http_pids+=($!)
done
java -jar target/test-servers.jar echo --ports 9101,9102 --name-prefix e --banner &
echo_pid=$!
echo "demo backends: s1 pid ${http_pids[0]}, s2 pid ${http_pids[1]}, s3 pid ${http_pids[2]} (HTTP, ports 9001-9003);" \
    "echo servers pid $echo_pid"

stop_backends() {
    kill "${http_pids[@]}" "$echo_pid" 2>/dev/null
    wait "${http_pids[@]}" "$echo_pid" 2>/dev/null
}
trap stop_backends EXIT
# Background jobs of a script ignore SIGINT (and the JVM keeps an ignored SIGINT ignored), so Ctrl-C
# reaches baton as the SIGTERM sent here.
trap 'kill -TERM "$baton_pid" 2>/dev/null' INT TERM

java -jar target/baton.jar -f "$config" &
baton_pid=$!
wait "$baton_pid"
# A trapped signal interrupts the first wait; wait again for baton's graceful stop.
wait "$baton_pid" 2>/dev/null
status=$?
exit "$status"

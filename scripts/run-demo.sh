#!/usr/bin/env bash
# Starts the sample backends (three HTTP servers, two echo servers), then baton in the foreground on the
# given configuration. Ctrl-C (or SIGTERM) stops baton and the backends.
set -u
cd "$(dirname "$0")/.."
config=${1:-etc/baton.cfg}

java -jar target/test-servers.jar http --ports 9001,9002,9003 --name-prefix s &
http_pid=$!
java -jar target/test-servers.jar echo --ports 9101,9102 --name-prefix e --banner &
echo_pid=$!

stop_backends() {
    kill "$http_pid" "$echo_pid" 2>/dev/null
    wait "$http_pid" "$echo_pid" 2>/dev/null
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

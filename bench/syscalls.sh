#!/usr/bin/env bash
# System calls per request, baton and HAProxy side by side (issue 17: the connection-per-request cost): both run the
# same S3-like config (mode http, nbthread 1, http-reuse always, one NGINX server), are warmed up, then strace counts
# every system call of every thread while the open-loop client sends REQUESTS requests, each on its own client
# connection (`Connection: close`); the table gives calls per request by name. strace slows the traced process: this
# counts calls, it does not time them.
#
#   make bench-syscalls        # or: bench/syscalls.sh
#   REQUESTS=2000 bench/syscalls.sh
#
# Output: the table on stdout and target/bench/syscalls.txt. Installs strace, haproxy and nginx when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

REQUESTS=${REQUESTS:-1000}
RATE=${RATE:-250}
JAVA=${JAVA:-java}
out=target/bench
mkdir -p "$out"
work_dir baton-syscalls

need strace strace
need haproxy haproxy
need nginx nginx
need_jars
. bench/scenarios.sh
start_backends

port=$(free_port)
sport=$(free_port)
cfg="$work/s3.cfg"
haproxy_style_config "$cfg" http 1 1 always "$port" "$sport" -
seconds=$(( (REQUESTS + RATE - 1) / RATE ))

# Traces balancer $1 for REQUESTS connection-per-request requests; the strace -c table into $2.
trace() {
    local name=$1 table=$2 tracer
    start_balancer "$name" "$cfg" - "$port" "$work/$name.log"
    # warm-up: the JIT compiles the accept/forward/close paths (and HAProxy fills its pools) before counting
    "$JAVA" -jar target/test-servers.jar rate --target "127.0.0.1:$port" --rate 1000 --seconds 5 --close \
        --connections 20 > "$work/$name.warmup"
    strace -f -c -o "$table" -p "$bpid" 2> "$work/$name.strace" &
    tracer=$!
    started "$tracer"
    sleep 1 # strace attaches to every thread
    "$JAVA" -jar target/test-servers.jar rate --target "127.0.0.1:$port" --rate "$RATE" --seconds "$seconds" --close \
        --connections 20 > "$work/$name.rate"
    kill -INT "$tracer"
    await_exit "$tracer"
    stop_pid "$bpid"
}

trace baton "$work/baton.calls"
trace haproxy "$work/haproxy.calls"

awk -v n="$((RATE * seconds))" '
    FNR == 1 { who = (FILENAME ~ /haproxy\.calls$/) ? "haproxy" : "baton" }
    $NF ~ /^[a-z_0-9]+$/ && $(NF - 1) ~ /^[0-9]+$/ && $NF != "total" {
        calls = ($(NF - 2) ~ /^[0-9]+$/ && NF >= 6) ? $(NF - 2) : $(NF - 1)
        errs = (NF >= 6 && $(NF - 2) ~ /^[0-9]+$/) ? $(NF - 1) : 0
        v[$NF, who] = calls; e[$NF, who] = errs; names[$NF] = 1
    }
    END {
        printf "%-18s %14s %14s   (per request, %d requests, one client connection each; errors in brackets)\n", "syscall", "baton", "HAProxy", n
        for (s in names) {
            tb += v[s, "baton"]; th += v[s, "haproxy"]
            printf "%-18s %8.2f [%4.2f] %8.2f [%4.2f]\n", s, v[s, "baton"] / n, e[s, "baton"] / n, v[s, "haproxy"] / n, e[s, "haproxy"] / n | "sort -k2 -n -r"
        }
        close("sort -k2 -n -r")
        printf "%-18s %8.2f        %8.2f\n", "total", tb / n, th / n
    }' "$work/baton.calls" "$work/haproxy.calls" | tee "$out/syscalls.txt"

#!/usr/bin/env bash
# HTTPS side by side, baton and HAProxy 2.6, one thread each, same certificates and configuration (the proxy answers
# itself with http-request return, so only TLS and HTTP parsing are measured): keep-alive requests per second and
# full handshakes per second (wrk, Connection: close: a new TLS connection per request, no resumption), with the
# CPU seconds each proxy used (utime+stime from /proc). Needs target/baton.jar (make build), wrk, openssl, haproxy.
# Usage: bench/tls/https.sh [SECONDS]   (default 10). Prints one line per run.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/k" -out "$work/c" -days 2 -subj /CN=bench.test 2>/dev/null
cat "$work/c" "$work/k" >"$work/rsa.pem"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/k" -out "$work/c" -days 2 \
    -subj /CN=bench.test 2>/dev/null
cat "$work/c" "$work/k" >"$work/ec.pem"
cfg() { # $1 port base
    cat <<CFG
global
    nbthread 1

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend fe
    bind 127.0.0.1:$1 ssl crt $work/rsa.pem
    bind 127.0.0.1:$(($1 + 1)) ssl crt $work/ec.pem
    http-request return status 200 content-type text/plain string ok
CFG
}
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # name pid port label wrk-args...
    local name=$1 pid=$2 port=$3 label=$4; shift 4
    local before after out rps
    before=$(cpu "$pid")
    out=$(wrk -t1 -c50 -d"${secs}s" "$@" "https://127.0.0.1:$port/" 2>&1)
    after=$(cpu "$pid")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    local ticks=$((after - before)) hz
    hz=$(getconf CLK_TCK)
    awk -v n="$name" -v l="$label" -v r="$rps" -v t="$ticks" -v hz="$hz" -v s="$secs" \
        'BEGIN { c = t / hz; printf "%-7s %-34s %10.0f req/s  CPU %5.2f s  %7.1f us CPU/req\n", n, l, r, c, c * 1e6 / (r * s) }'
}
cfg 18443 >"$work/haproxy.cfg"
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
pids+=($!); hpid=$!
cfg 19443 >"$work/baton.cfg"
java -jar target/baton.jar -f "$work/baton.cfg" >"$work/baton.log" 2>&1 &
pids+=($!); bpid=$!
for p in 18444 19444; do
    for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && break; sleep 0.1; done
done
# warm-up (JIT) for both, not reported
wrk -t1 -c50 -d5s https://127.0.0.1:19443/ >/dev/null 2>&1
wrk -t1 -c50 -d5s -H 'Connection: close' https://127.0.0.1:19444/ >/dev/null 2>&1
for who in haproxy:$hpid:18443 baton:$bpid:19443; do
    IFS=: read -r name pid base <<<"$who"
    run "$name" "$pid" "$base" "keep-alive, RSA 2048, TLS 1.3"
    run "$name" "$pid" "$base" "handshakes, RSA 2048, TLS 1.3" -H 'Connection: close'
    run "$name" "$pid" $((base + 1)) "handshakes, ECDSA P-256, TLS 1.3" -H 'Connection: close'
done

#!/usr/bin/env bash
# TLS side by side (issue 14): baton and HAProxy 2.6, nbthread 1 each, the same generated configuration and the same
# certificates, the same wrk client, in the same run. Not a test: it measures and prints the ratios.
#
#   make bench-tls                          # or: bench/tls/tls.sh
#   ROUNDS=1 DURATION=3 bench/tls/tls.sh
#
# Knobs: ROUNDS (3), DURATION (5: seconds per measured run), WARMUP (3: seconds of unmeasured load per balancer and
# round, for the JIT), BALANCERS ("baton haproxy"; ratios need both), KEEP=1 keeps the work directory, RUNS (all:
# the runs below to measure, e.g. RUNS="storm full-rsa-13"), BATON_JAR (target/baton.jar: another build to compare);
# for storm-rate: KA_RATE (4000 req/s), STORM_RATE (300 handshakes/s, a multiple of 100), RATE_WARMUP (5 s), PIN (1
# with 2 CPUs or more).
#
# Runs (each proxy answers itself with `http-request return`, except `bulk`):
#   ka            keep-alive HTTPS, ECDSA P-256, TLS 1.3, 50 connections: req/s and the proxy's CPU per request
#   full-*        new connection per request (`Connection: close`) on binds with `no-tls-tickets` under
#                 `tune.ssl.cachesize 0`: every handshake is a full one (checked with openssl s_client -sess_in
#                 before measuring; wrk itself offers its last session on every new connection). RSA 2048 / ECDSA P-256, TLS 1.3 / 1.2: handshakes/s and CPU per handshake
#   resumed-*     the same on binds with tickets (wrk caches the session and offers its ticket: checked the same
#                 way): resumed handshakes/s and CPU per handshake, ECDSA, TLS 1.3 / 1.2
#   bulk          1 MiB responses from an NGINX backend over TLS (ECDSA, TLS 1.3, 10 keep-alive connections): MiB/s
#                 and the proxy's CPU per MiB
#   storm         p50/p99 of 20 keep-alive clients (ECDSA, TLS 1.3) while 100 other clients open full ECDSA
#                 handshakes as fast as they can, on the same proxy thread (HAProxy runs OpenSSL inline, as baton
#                 runs BoringSSL inline: the handshake's CPU delays the other connections of its thread); also the
#                 storm's handshakes/s and the proxy's CPU use (% of one CPU) meanwhile
#   storm-rate    the same contest at fixed rates, equal for both proxies (the closed-loop storm lets the faster
#                 proxy take more handshakes, so the two do different work): 20 keep-alive TLS clients send KA_RATE
#                 req/s in all (test-servers.jar rate --tls: open loop, each request's latency from its due time)
#                 while h2load opens STORM_RATE new connections a second, each a full ECDSA handshake and one request,
#                 RATE_WARMUP unmeasured seconds first; the proxy pinned to the upper half of the CPUs, both clients
#                 to the lower half (PIN=1). p50/p99/p99.9 of the keep-alive requests, the handshakes/s served, the
#                 proxy's CPU use and the requests that failed (keep-alive and storm)
# CPU is the proxy's own utime+stime from /proc. Each round runs baton then HAProxy, or the reverse (rotated);
# the report gives, per figure, both medians and the median of the per-round baton/HAProxy ratios. Everything
# listens on 127.0.0.1; every process started is stopped on exit (Ctrl-C included).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-3}
JAVA=${JAVA:-java}
BALANCERS=${BALANCERS:-"baton haproxy"}
RUNS=${RUNS:-"ka full-rsa-13 full-ec-13 full-rsa-12 full-ec-12 resumed-ec-13 resumed-ec-12 bulk storm storm-rate"}
BATON_JAR=${BATON_JAR:-target/baton.jar}
KA_RATE=${KA_RATE:-4000}
STORM_RATE=${STORM_RATE:-300}
RATE_WARMUP=${RATE_WARMUP:-5}
cpus=$(nproc)
PIN=${PIN:-$([ "$cpus" -ge 2 ] && echo 1 || echo 0)}
[ $((STORM_RATE % 100)) = 0 ] && [ "$STORM_RATE" -gt 0 ] || { echo "STORM_RATE: a multiple of 100" >&2; exit 2; }

work_dir baton-tls-bench
need haproxy haproxy
need nginx nginx
need wrk wrk
need h2load nghttp2-client
need_jars
out=target/bench
mkdir -p "$out"
results="$out/tls.tsv"
printf 'round\tbalancer\trun\tfigure\tvalue\n' >"$results"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/k" -out "$work/c" -days 2 -subj /CN=bench.test 2>/dev/null
cat "$work/c" "$work/k" >"$work/rsa.pem"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/k" -out "$work/c" -days 2 \
    -subj /CN=bench.test 2>/dev/null
cat "$work/c" "$work/k" >"$work/ec.pem"
# NGINX's worker (www-data) must reach the file: the work directory is private (0700) otherwise
chmod 711 "$work"
mkdir -m 755 "$work/www"
head -c 1048576 /dev/urandom >"$work/www/1m.bin"
chmod 644 "$work/www/1m.bin"

# NGINX serving the 1 MiB file on a plain port, for the bulk run.
nginx_port=$(free_port)
cat >"$work/nginx.conf" <<CFG
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    server { listen 127.0.0.1:$nginx_port; location / { root $work/www; } }
}
CFG
nginx -c "$work/nginx.conf" &
started $!
nginx_pid=$!
await_listen "$nginx_port" 10 "$nginx_pid"

# Ports: base+0 ka, +1..+4 full rsa13 ec13 rsa12 ec12, +5 resumed ec13, +6 resumed ec12, +7 bulk.
config() { # $1 base port
    local b=$1
    cat <<CFG
global
    nbthread 1
    tune.ssl.cachesize 0

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend fe
    bind 127.0.0.1:$b ssl crt $work/ec.pem
    bind 127.0.0.1:$((b + 1)) ssl crt $work/rsa.pem no-tls-tickets
    bind 127.0.0.1:$((b + 2)) ssl crt $work/ec.pem no-tls-tickets
    bind 127.0.0.1:$((b + 3)) ssl crt $work/rsa.pem no-tls-tickets ssl-max-ver TLSv1.2
    bind 127.0.0.1:$((b + 4)) ssl crt $work/ec.pem no-tls-tickets ssl-max-ver TLSv1.2
    bind 127.0.0.1:$((b + 5)) ssl crt $work/ec.pem
    bind 127.0.0.1:$((b + 6)) ssl crt $work/ec.pem ssl-max-ver TLSv1.2
    http-request return status 200 content-type text/plain string ok

frontend bulk
    bind 127.0.0.1:$((b + 7)) ssl crt $work/ec.pem
    default_backend nginx

backend nginx
    http-reuse always
    server n1 127.0.0.1:$nginx_port
CFG
}

# How many of 5 new connections to 127.0.0.1:$1 resume the session of a first one ($2 = -tls1_2|-tls1_3). Each
# connection sends a request and reads the answer, so that a TLS 1.3 ticket (sent after the handshake) arrives.
reused() {
    local n=0 i
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:$1" "$2" -sess_out "$work/sess" \
        -ign_eof >/dev/null 2>&1 || true
    for i in 1 2 3 4 5; do
        printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:$1" "$2" -sess_in "$work/sess" \
            -ign_eof 2>/dev/null | grep -q '^Reused,' && n=$((n + 1))
    done
    echo "$n"
}

# Checks that the full-handshake ports never resume and the resumed ones do, for the proxy on base port $1.
check_resumption() {
    local b=$1 name=$2 p n
    for p in $((b + 1)):-tls1_3 $((b + 2)):-tls1_3 $((b + 3)):-tls1_2 $((b + 4)):-tls1_2; do
        n=$(reused "${p%%:*}" "${p#*:}")
        [ "$n" = 0 ] || { echo "$name resumes sessions on its full-handshake port ${p%%:*} ($n of 5)" >&2; exit 1; }
    done
    for p in $((b + 5)):-tls1_3 $((b + 6)):-tls1_2; do
        n=$(reused "${p%%:*}" "${p#*:}")
        [ "$n" -ge 4 ] || { echo "$name does not resume on port ${p%%:*} ($n of 5)" >&2; exit 1; }
    done
}

start_balancer() { # $1 name, $2 base port; sets $bal_pid
    config "$2" >"$work/$1.cfg"
    if [ "$1" = baton ]; then
        # the launcher: the JVM flags baton is run with (scripts/baton execs java, so $! is the JVM)
        JAVA=$JAVA BATON_JAR=$BATON_JAR scripts/baton -f "$work/$1.cfg" >"$work/$1.log" 2>&1 &
    else
        haproxy -db -f "$work/$1.cfg" >"$work/$1.log" 2>&1 &
    fi
    bal_pid=$!
    started "$bal_pid"
    for p in $(seq "$2" $(($2 + 7))); do
        await_listen "$p" 20 "$bal_pid" || { echo "$1 did not start:" >&2; cat "$work/$1.log" >&2; exit 1; }
    done
}

wanted() { # run: true if RUNS names it
    case " $RUNS " in *" $1 "*) return 0 ;; *) return 1 ;; esac
}

record() { # round balancer run figure value
    printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"
}

# One wrk run against the proxy $pid; records req/s and CPU us per request (or per MiB with $bytes).
measure() { # round name pid run url connections [wrk args...]
    local round=$1 name=$2 pid=$3 run=$4 url=$5 conns=$6; shift 6
    local before after rps ticks hz
    wanted "$run" || return 0
    before=$(cpu_ticks "$pid")
    wrk -t1 -c"$conns" -d"${DURATION}s" "$@" "$url" >"$work/wrk.out" 2>&1
    after=$(cpu_ticks "$pid")
    hz=$(getconf CLK_TCK)
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
    if grep -q 'Non-2xx' "$work/wrk.out" || [ -z "$rps" ]; then
        echo "$name $run: wrk saw errors:" >&2
        cat "$work/wrk.out" >&2
        exit 1
    fi
    ticks=$((after - before))
    record "$round" "$name" "$run" rate "$rps"
    record "$round" "$name" "$run" cpu_us "$(awk -v t="$ticks" -v hz="$hz" -v r="$rps" -v s="$DURATION" \
        'BEGIN { printf "%.1f", t / hz * 1e6 / (r * s) }')"
    # handshakes per second per CPU: what one CPU of the proxy would serve at this cost
    case $run in full-* | resumed-*)
        record "$round" "$name" "$run" per_cpu "$(awk -v t="$ticks" -v hz="$hz" -v r="$rps" -v s="$DURATION" \
            'BEGIN { printf "%.0f", (t > 0 ? r * s / (t / hz) : 0) }')" ;;
    esac
}

run_balancer() { # round name base
    local round=$1 name=$2 b=$3 url="https://127.0.0.1"
    start_balancer "$name" "$b"
    local pid=$bal_pid
    [ "$round" = 1 ] && check_resumption "$b" "$name"
    # warm-up, not recorded: keep-alive, full and resumed handshakes, bulk
    wrk -t1 -c50 -d"${WARMUP}s" "$url:$b/" >/dev/null 2>&1
    wrk -t1 -c50 -d"${WARMUP}s" -H 'Connection: close' "$url:$((b + 2))/" >/dev/null 2>&1
    wrk -t1 -c50 -d"${WARMUP}s" -H 'Connection: close' "$url:$((b + 5))/" >/dev/null 2>&1
    wrk -t1 -c10 -d"${WARMUP}s" "$url:$((b + 7))/1m.bin" >/dev/null 2>&1
    measure "$round" "$name" "$pid" ka "$url:$b/" 50
    measure "$round" "$name" "$pid" full-rsa-13 "$url:$((b + 1))/" 50 -H 'Connection: close'
    measure "$round" "$name" "$pid" full-ec-13 "$url:$((b + 2))/" 50 -H 'Connection: close'
    measure "$round" "$name" "$pid" full-rsa-12 "$url:$((b + 3))/" 50 -H 'Connection: close'
    measure "$round" "$name" "$pid" full-ec-12 "$url:$((b + 4))/" 50 -H 'Connection: close'
    measure "$round" "$name" "$pid" resumed-ec-13 "$url:$((b + 5))/" 50 -H 'Connection: close'
    measure "$round" "$name" "$pid" resumed-ec-12 "$url:$((b + 6))/" 50 -H 'Connection: close'
    measure "$round" "$name" "$pid" bulk "$url:$((b + 7))/1m.bin" 10
    wanted storm && storm "$round" "$name" "$pid" "$b"
    wanted storm-rate && storm_rate "$round" "$name" "$pid" "$b"
    stop_pid "$pid"
}

# storm: keep-alive latency while another wrk storms full handshakes on the same thread
storm() { # round name pid base
    local round=$1 name=$2 pid=$3 b=$4 url="https://127.0.0.1"
    # warm-up, not recorded: the same mix, as every other run has its own (the JIT compiles the mixed paths anew)
    wrk -t1 -c100 -d"${WARMUP}s" -H 'Connection: close' "$url:$((b + 2))/" >/dev/null 2>&1 &
    local warm=$!
    started "$warm"
    wrk -t1 -c20 -d"${WARMUP}s" "$url:$b/" >/dev/null 2>&1
    await_exit "$warm"
    wrk -t1 -c100 -d"$((DURATION + 2))s" -H 'Connection: close' "$url:$((b + 2))/" >"$work/storm-hs.out" 2>&1 &
    local storm=$! before after
    started "$storm"
    sleep 1
    before=$(cpu_ticks "$pid")
    wrk -t1 -c20 -d"${DURATION}s" --latency "$url:$b/" >"$work/storm.out" 2>&1
    after=$(cpu_ticks "$pid")
    await_exit "$storm"
    # the storm's own handshakes/s (over its whole run) and the share of a CPU the proxy used meanwhile
    record "$round" "$name" storm handshakes "$(awk '/Requests\/sec/ {print $2}' "$work/storm-hs.out")"
    record "$round" "$name" storm cpu_pct "$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" \
        -v s="$DURATION" 'BEGIN { printf "%.0f", t / hz * 100 / s }')"
    record "$round" "$name" storm p50_ms "$(wrk_latency_ms "$work/storm.out" 50%)"
    record "$round" "$name" storm p99_ms "$(wrk_latency_ms "$work/storm.out" 99%)"
    record "$round" "$name" storm rate "$(awk '/Requests\/sec/ {print $2}' "$work/storm.out")"
}

# storm-rate: the storm at fixed rates, the same for both proxies
storm_rate() { # round name pid base
    local round=$1 name=$2 pid=$3 b=$4 lo=() before after storm rate hs_total
    if [ "$PIN" = 1 ]; then
        taskset -a -p -c "$((cpus / 2))-$((cpus - 1))" "$pid" >/dev/null
        lo=(taskset -c "0-$((cpus / 2 - 1))")
    fi
    # h2load opens STORM_RATE / 100 connections every 10 ms, each one request then closed, for the whole run
    hs_total=$((STORM_RATE * (RATE_WARMUP + DURATION + 2)))
    "${lo[@]}" timeout $((RATE_WARMUP + DURATION + 60)) h2load --h1 -r $((STORM_RATE / 100)) --rate-period 10ms \
        -c "$hs_total" -n "$hs_total" "https://127.0.0.1:$((b + 2))/" >"$work/storm-rate-hs.out" 2>&1 &
    storm=$!
    started "$storm"
    "${lo[@]}" timeout $((RATE_WARMUP + DURATION + 60)) "$JAVA" "${rate_client_jvm[@]}" -jar target/test-servers.jar rate \
        --tls --target "127.0.0.1:$b" --rate "$KA_RATE" --seconds "$DURATION" --warmup-seconds "$RATE_WARMUP" \
        --connections 20 >"$work/storm-rate.out" 2>&1 &
    rate=$!
    started "$rate"
    # the proxy's CPU over the measured seconds (the client's warm-up is its first RATE_WARMUP seconds)
    sleep "$RATE_WARMUP"
    before=$(cpu_ticks "$pid")
    sleep "$DURATION"
    after=$(cpu_ticks "$pid")
    await_exit "$rate"
    await_exit "$storm"
    local out=$work/storm-rate.out failed hs_failed
    if [ "$(summary_field "$out" p99_ms)" = - ]; then
        echo "$name storm-rate: the rate client failed:" >&2
        cat "$out" >&2
        exit 1
    fi
    failed=$(( $(summary_field "$out" scheduled) - $(summary_field "$out" ok) ))
    hs_failed=$(awk '/^requests:/ { print $2 - $8 }' "$work/storm-rate-hs.out")
    record "$round" "$name" storm-rate p50_ms "$(summary_field "$out" p50_ms)"
    record "$round" "$name" storm-rate p99_ms "$(summary_field "$out" p99_ms)"
    record "$round" "$name" storm-rate p999_ms "$(summary_field "$out" p999_ms)"
    record "$round" "$name" storm-rate handshakes "$(awk '/^finished in/ { printf "%.0f", $4 }' "$work/storm-rate-hs.out")"
    record "$round" "$name" storm-rate cpu_pct "$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" \
        -v s="$DURATION" 'BEGIN { printf "%.0f", t / hz * 100 / s }')"
    record "$round" "$name" storm-rate failed "$((failed + ${hs_failed:-0}))"
}

for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order=$BALANCERS; else order=$(echo "$BALANCERS" | awk '{ for (i = NF; i > 0; i--) printf "%s ", $i }'); fi
    for name in $order; do
        base=$(free_port)
        while ss -Htln | awk '{print $4}' | grep -qE ":($base|$((base + 1))|$((base + 2))|$((base + 3))|$((base + 4))|$((base + 5))|$((base + 6))|$((base + 7)))\$"; do
            base=$(free_port)
        done
        echo "round $round: $name" >&2
        run_balancer "$round" "$name" "$base"
    done
done

# Report: per run and figure, the median of each balancer and the median of per-round ratios (baton / HAProxy).
awk -F'\t' 'NR > 1 { v[$3 "|" $4 "|" $2 "|" $1] = $5; keys[$3 "|" $4] = 1; rounds[$1] = 1 }
function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
    order = "ka|rate ka|cpu_us full-rsa-13|rate full-rsa-13|cpu_us full-rsa-13|per_cpu full-ec-13|rate " \
        "full-ec-13|cpu_us full-ec-13|per_cpu full-rsa-12|rate full-rsa-12|cpu_us full-rsa-12|per_cpu " \
        "full-ec-12|rate full-ec-12|cpu_us full-ec-12|per_cpu resumed-ec-13|rate resumed-ec-13|cpu_us " \
        "resumed-ec-13|per_cpu resumed-ec-12|rate resumed-ec-12|cpu_us resumed-ec-12|per_cpu bulk|rate " \
        "bulk|cpu_us storm|rate " \
        "storm|handshakes storm|cpu_pct storm|p50_ms storm|p99_ms storm-rate|p50_ms storm-rate|p99_ms " \
        "storm-rate|p999_ms storm-rate|handshakes storm-rate|cpu_pct storm-rate|failed"
    n = split(order, ks, " ")
    printf "%-15s %-8s %12s %12s %10s\n", "run", "figure", "HAProxy", "baton", "baton/HAP"
    for (k = 1; k <= n; k++) {
        key = ks[k]; split(key, kp, "|"); m = 0; mb = 0; mh = 0
        for (r in rounds) {
            b = v[key "|baton|" r]; h = v[key "|haproxy|" r]
            if (b != "") rb[++mb] = b
            if (h != "") rh[++mh] = h
            if (b != "" && h != "" && h > 0) rr[++m] = b / h
        }
        if (mb + mh == 0) continue
        fig = kp[2] == "cpu_us" ? (kp[1] == "bulk" ? "us/req" : (kp[1] ~ /^(full|resumed)/ ? "us/hs" : "us/req")) \
            : kp[2] == "rate" ? (kp[1] ~ /^(full|resumed)/ ? "hs/s" : "req/s") \
            : kp[2] == "handshakes" ? "hs/s" : kp[2] == "cpu_pct" ? "CPU %" : kp[2] == "per_cpu" ? "hs/s/CPU" : kp[2]
        f = kp[2] ~ /_ms$/ ? "%.2f" : "%.1f"
        printf "%-15s %-8s %12s %12s %10s\n", kp[1], fig, mh ? sprintf(f, median(rh, mh)) : "-", \
            mb ? sprintf(f, median(rb, mb)) : "-", m ? sprintf("%.2f", median(rr, m)) : "-"
    }
}' "$results" | tee "$out/tls-report.txt"
echo "bulk: one request is 1 MiB (us/req is CPU per MiB); rows per round in $results" >&2

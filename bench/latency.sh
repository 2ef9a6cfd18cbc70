#!/usr/bin/env bash
# Latency at fixed request rates (issue 17), baton and HAProxy side by side on the same configs, backends and
# machine: wrk's closed loop hides a slow response behind the clients' waiting for it, so here an open-loop client
# (test-servers.jar rate) sends at a fixed rate whatever the answers' pace, and counts each request's latency from
# the time it was due (a request that waited for a free connection is charged for the wait).
#
#   make bench-latency                      # or: bench/latency.sh
#   ROUNDS=1 DURATION=5 SCENARIOS=S1 RATES=50 bench/latency.sh
#
# Knobs: ROUNDS (3), DURATION (10: seconds measured per run), WARMUP (10: seconds of full wrk load before each
# run, for the JIT), RATE_WARMUP (10: unmeasured seconds at the rate before each measured run, on the same client
# connections; CPU per request counts both), SCENARIOS ("S1 S3 S4", the bench.sh scenarios: keep-alive HTTP 1
# thread; Connection: close clients, 2 threads, 50 servers; mode tcp, 2 threads), RATES ("50 80": percent of
# HAProxy's maximum req/s, measured first with wrk for CALIBRATE seconds (5) on the same config), MAX_RPS (skip the
# calibration: use this maximum), CLIENTS (100: the most connections the client opens), BALANCERS ("baton haproxy
# none"; none: the client straight to one NGINX backend, the rig's own latency), PIN (1 when the machine has 2 CPUs
# or more: the balancer runs on the upper half of the CPUs, the client, NGINX and wrk on the lower half (taskset),
# so that the balancer's tail is its own and not the load generator's; 0: no pinning).
# The warm-up: with 3 s of wrk and 5 s at the rate, baton's JIT still compiled several methods a second in the
# measured window and its p99 at 50 % was 1-2 ms above HAProxy's in most rounds; after 20 + 20 s, one compile in the
# window and HAProxy's p99 (2026-12-07).
# Each round runs every balancer once per scenario and rate, the order rotated per round; ratios baton/HAProxy are
# taken per round and the median over rounds is reported. Output: target/bench/latency.tsv (one row per run) and
# target/bench/latency.md. Installs haproxy, nginx and wrk with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
SCENARIOS=${SCENARIOS:-"S1 S3 S4"}
RATES=${RATES:-"50 80"}
CALIBRATE=${CALIBRATE:-5}
MAX_RPS=${MAX_RPS:-}
CLIENTS=${CLIENTS:-100}
RATE_WARMUP=${RATE_WARMUP:-10}
BALANCERS=${BALANCERS:-"baton haproxy none"}
cpus=$(nproc)
PIN=${PIN:-$([ "$cpus" -ge 2 ] && echo 1 || echo 0)}
JAVA=${JAVA:-java}

out=target/bench
mkdir -p "$out"
work_dir baton-latency

need haproxy haproxy
need nginx nginx
need wrk wrk
need_jars
. bench/scenarios.sh
if [ "$PIN" = 1 ]; then
    # this shell and all it starts (NGINX, wrk, the client) on the lower half; start_balancer pins the balancer
    taskset -pc "0-$((cpus / 2 - 1))" $$ > /dev/null
    PIN_BALANCER="$((cpus / 2))-$((cpus - 1))"
    echo "pinned: balancer on CPUs $PIN_BALANCER, client, NGINX and wrk on 0-$((cpus / 2 - 1))"
fi
start_backends

# Full-load wrk for $1 seconds against port $2 (close clients when $3 is 1) into file $4.
full_load() {
    local header=()
    [ "$3" = 1 ] && header=(-H 'Connection: close')
    timeout $(($1 + 30)) wrk -t 1 -c "$CLIENTS" -d "${1}s" --timeout 5s "${header[@]}" "http://127.0.0.1:$2/" \
        > "$4" 2>&1 &
    started $!
    await_exit $!
}

# The open-loop client (test-servers.jar rate) at $1 req/s in total for DURATION seconds, after RATE_WARMUP unmeasured
# seconds, against port $2 (one connection per request when $3 is 1); its summary line into $4.
rate_load() {
    local close=()
    [ "$3" = 1 ] && close=(--close)
    timeout $((DURATION + RATE_WARMUP + 30)) "$JAVA" "${rate_client_jvm[@]}" -jar target/test-servers.jar rate --target "127.0.0.1:$2" \
        --rate "$1" --seconds "$DURATION" --warmup-seconds "$RATE_WARMUP" --connections "$CLIENTS" "${close[@]}" \
        > "$4" 2>&1 &
    started $!
    await_exit $!
}


results=$out/latency.tsv
printf 'scenario\trate_pct\ttarget_rps\tround\tbalancer\trequests\tfailed\tp50_ms\tp99_ms\tp999_ms\tmax_ms\tcpu_us_per_req\n' \
    > "$results"
read -r -a balancer_list <<< "$BALANCERS"
printf 'fixed-rate latency: %s round(s), %s s per run after %s s of full load and %s s at the rate, at most %s connections, rates %s %% of HAProxy max\n' \
    "$ROUNDS" "$DURATION" "$WARMUP" "$RATE_WARMUP" "$CLIENTS" "$RATES"

for sc in $SCENARIOS; do
    read -r mode threads servers reuse close _ <<< "$(scenario_params "$sc")"
    port=$(free_port)
    sport=$(free_port)
    cfg="$work/$sc.cfg"
    haproxy_style_config "$cfg" "$mode" "$threads" "$servers" "$reuse" "$port" "$sport" -
    haproxy -q -c -f "$cfg"
    "$JAVA" -jar target/baton.jar -c -f "$cfg" > /dev/null
    max=$MAX_RPS
    if [ -z "$max" ]; then
        start_balancer haproxy "$cfg" - "$port" "$work/$sc-calibrate.log"
        full_load "$WARMUP" "$port" "$close" "$work/$sc-calibrate.warmup"
        full_load "$CALIBRATE" "$port" "$close" "$work/$sc-calibrate.wrk"
        stop_pid "$bpid"
        max=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/$sc-calibrate.wrk")
    fi
    echo "$sc: mode $mode, nbthread $threads, $servers servers, close clients $close; HAProxy max $max req/s"
    for round in $(seq "$ROUNDS"); do
        for pct in $RATES; do
            target=$(awk -v m="$max" -v p="$pct" 'BEGIN { printf "%.0f", m * p / 100 }')
            n=${#balancer_list[@]}
            for ((i = 0; i < n; i++)); do
                name=${balancer_list[$(((i + round - 1) % n))]}
                tag="$sc-$pct-$round-$name"
                if [ "$name" = none ]; then
                    # the rig alone: the client straight to one NGINX backend, no balancer, no CPU figure
                    rate_load "$target" "${backend_ports[0]}" "$close" "$work/$tag.rate"
                    ticks0=- ticks1=-
                else
                    start_balancer "$name" "$cfg" - "$port" "$work/$tag.log" || continue
                    full_load "$WARMUP" "$port" "$close" "$work/$tag.warmup"
                    ticks0=$(cpu_ticks "$bpid")
                    rate_load "$target" "$port" "$close" "$work/$tag.rate"
                    ticks1=$(cpu_ticks "$bpid")
                    stop_pid "$bpid"
                fi
                ok=$(summary_field "$work/$tag.rate" ok)
                failed=$(awk -v s="$(summary_field "$work/$tag.rate" scheduled)" -v o="$ok" \
                    'BEGIN { print (s == "-" ? "-" : s - o) }')
                p50=$(summary_field "$work/$tag.rate" p50_ms)
                p99=$(summary_field "$work/$tag.rate" p99_ms)
                p999=$(summary_field "$work/$tag.rate" p999_ms)
                pmax=$(summary_field "$work/$tag.rate" max_ms)
                cpu=$(awk -v t0="$ticks0" -v t1="$ticks1" -v hz="$clk_tck" -v n="$ok" -v w="$RATE_WARMUP" -v d="$DURATION" \
                    'BEGIN { print (n > 0 && t1 != "-" ? sprintf("%.2f", (t1 - t0) * 1e6 / hz / (n * (w + d) / d)) : "-") }')
                printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$sc" "$pct" "$target" "$round" "$name" \
                    "$ok" "${failed:--}" "$p50" "$p99" "$p999" "$pmax" "$cpu" >> "$results"
                printf '  round %s %3s%% (%s req/s) %-8s p50 %-7s p99 %-7s p99.9 %-7s max %-8s ms cpu %s us/req failed %s\n' \
                    "$round" "$pct" "$target" "$name" "$p50" "$p99" "$p999" "$pmax" "$cpu" "${failed:--}"
            done
        done
    done
done

# Medians per scenario, rate and balancer, and the per-round baton/HAProxy ratio's median.
awk -F'\t' '
    function median(list, n,   i, j, t) {
        for (i = 2; i <= n; i++) for (j = i; j > 1 && list[j - 1] > list[j]; j--) { t = list[j]; list[j] = list[j - 1]; list[j - 1] = t }
        return n == 0 ? "-" : n % 2 ? list[(n + 1) / 2] : (list[n / 2] + list[n / 2 + 1]) / 2
    }
    NR == 1 { next }
    {
        k = $1 " @ " $2 "% (" $3 " req/s)"
        if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
        for (c = 8; c <= 12; c++) v[k, $5, $4, c] = $c
        has[k, $5] = 1
        if ($4 > rounds) rounds = $4
    }
    function med(k, b, c,   r, n, l) { n = 0; for (r = 1; r <= rounds; r++) if ((k, b, r, c) in v && v[k, b, r, c] != "-") l[++n] = v[k, b, r, c] + 0; return median(l, n) }
    function ratio(k, c,   r, n, l, x, y) {
        n = 0
        for (r = 1; r <= rounds; r++) {
            x = v[k, "baton", r, c]; y = v[k, "haproxy", r, c]
            if (x != "" && y != "" && x != "-" && y != "-" && y + 0 > 0) l[++n] = x / y
        }
        return median(l, n)
    }
    END {
        print "| scenario | balancer | p50 ms | p99 ms | p99.9 ms | max ms | CPU us/req |"
        print "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
        for (i = 1; i <= nk; i++) {
            k = keys[i]
            split("baton haproxy none", bs, " ")
            for (b = 1; b <= 3; b++) {
                if (!((k, bs[b]) in has)) continue
                printf "| %s | %s |", k, bs[b] == "none" ? "no balancer (client to NGINX)" : bs[b]
                for (c = 8; c <= 12; c++) { m = med(k, bs[b], c); printf " %s |", m == "-" ? "-" : sprintf("%.2f", m) }
                printf "\n"
            }
            printf "| %s | **baton/HAProxy** |", k
            for (c = 8; c <= 12; c++) { m = ratio(k, c); printf " %s |", m == "-" ? "-" : sprintf("%.2fx", m) }
            printf "\n"
        }
    }' "$results" | tee "$out/latency.md"

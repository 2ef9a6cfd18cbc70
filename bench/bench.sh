#!/usr/bin/env bash
# baton side by side with HAProxy and NGINX (issue 6): the same load, the same backends, the same machine,
# in the same run. Not a test: it measures, and it says which of the issue's targets the medians meet.
#
#   make bench                                    # or: bench/bench.sh
#   ROUNDS=1 DURATION=3 WARMUP=2 SCENARIOS="S1 S4" BALANCERS="baton haproxy" bench/bench.sh
#
# Knobs: ROUNDS (3), DURATION (6: seconds of measured load per run), WARMUP (3: seconds of unmeasured load
# before each run, then as many more after its clients closed, the same for every balancer: the JVM needs it), SCENARIOS ("S1 S2 S3 S4 S5 S6 S7"),
# BALANCERS ("baton haproxy nginx"), IDLE_CONNS (10000, S5; fewer when the FD limit cannot be raised),
# CONNECTIONS (100: wrk's), KEEP=1 keeps the work directory. The default run takes about 14 minutes
# (DURATION=8 WARMUP=5, the run in README.md, about 18).
#
# Scenarios: S1 keep-alive HTTP, nbthread 1, 4 servers; S2 the same with 2 threads; S3 clients sending
# `Connection: close`, http-reuse always, 2 threads, 50 servers; S4 mode tcp, 2 threads, 4 servers; S5
# IDLE_CONNS idle keep-alive client connections (one request each, held by `test-servers.jar hold`): RSS
# per connection, over a baseline taken after a keep-alive and a connection-per-request warm-up; S6 like S3 with pool-low-conn 0 and 2 x nbthread: takeovers/s (baton and HAProxy only); S7 like S1 with 20 typical
# rules (ACLs, variables, a map lookup, header rewrites: scenarios.sh rules_config; baton and HAProxy only).
#
# The backends are one NGINX (worker_processes 1, `return 200`, one server block per port) and its
# stub_status, whose `accepts` counter gives the backend's new connections. baton and HAProxy read the same
# generated config file per scenario; NGINX gets an equivalent one. Each round runs every balancer once per
# scenario, the order rotated per round; each figure's baton/HAProxy ratio is taken per round and the
# median over rounds is reported. Everything listens on 127.0.0.1; every process started is stopped on
# exit (Ctrl-C included). Output: a table on stdout, target/bench/results.tsv (one row per run),
# target/bench/report.md and target/bench/chart.svg. Installs haproxy, nginx, its stream module and wrk
# with apt-get when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-6}
WARMUP=${WARMUP:-3}
SCENARIOS=${SCENARIOS:-"S1 S2 S3 S4 S5 S6 S7"}
BALANCERS=${BALANCERS:-"baton haproxy nginx"}
IDLE_CONNS=${IDLE_CONNS:-10000}
CONNECTIONS=${CONNECTIONS:-100}
JAVA=${JAVA:-java}
NGINX_STREAM_MODULE=/usr/lib/nginx/modules/ngx_stream_module.so

out=target/bench
mkdir -p "$out"
work_dir baton-bench

need haproxy haproxy
need nginx nginx
need "$NGINX_STREAM_MODULE" libnginx-mod-stream
need wrk wrk
need_jars

# File descriptors and maxconn (scenarios.sh); S5's idle connections follow maxconn.
. bench/scenarios.sh
idle_conns=$IDLE_CONNS
[ "$idle_conns" -gt $((maxconn - 250)) ] && idle_conns=$((maxconn - 250))
start_backends

# NGINX's equivalent: $1 file, $2 mode, $3 worker_processes, $4 servers, $5 frontend port, $6 prefix dir.
nginx_config() {
    local file=$1 mode=$2 threads=$3 servers=$4 port=$5 prefix=$6 i
    mkdir -p "$prefix/logs"
    {
        echo "load_module $NGINX_STREAM_MODULE;"
        echo "worker_processes $threads;"
        echo "worker_rlimit_nofile $nofile;"
        echo "daemon off;"
        echo "pid $prefix/nginx.pid;"
        echo "error_log $prefix/logs/error.log warn;"
        echo "events { worker_connections $((nofile - 100)); }"
        if [ "$mode" = tcp ]; then
            echo "stream {"
            echo "    upstream be {"
        else
            echo "http {"
            echo "    access_log off;"
            echo "    keepalive_requests 1000000000;"
            echo "    keepalive_timeout 300s;"
            echo "    upstream be {"
            echo "        keepalive 128;"
            echo "        keepalive_requests 1000000000;"
            echo "        keepalive_timeout 300s;"
        fi
        for ((i = 0; i < servers; i++)); do echo "        server 127.0.0.1:${backend_ports[$i]};"; done
        echo "    }"
        if [ "$mode" = tcp ]; then
            echo "    server { listen 127.0.0.1:$port; proxy_pass be; }"
        else
            echo "    server {"
            echo "        listen 127.0.0.1:$port;"
            echo "        location / {"
            echo "            proxy_pass http://be;"
            echo "            proxy_http_version 1.1;"
            echo "            proxy_set_header Connection \"\";"
            echo "        }"
            echo "    }"
        fi
        echo "}"
    } > "$file"
}


# Runs wrk for $1 seconds against port $2 (close clients when $3 is 1) into file $4.
load() {
    local seconds=$1 port=$2 close=$3 file=$4 header=()
    [ "$close" = 1 ] && header=(-H 'Connection: close')
    timeout $((seconds + 30)) wrk -t 1 -c "$CONNECTIONS" -d "${seconds}s" --timeout 5s --latency "${header[@]}" \
        "http://127.0.0.1:$port/" > "$file" 2>&1 &
    started $!
    await_exit $!
}

# A field of `show info` ("Name: value"), or - when absent.
info_field() {
    awk -F': ' -v k="$2" '$1 == k { print $2; found = 1 } END { if (!found) print "-" }' "$1"
}

# The total of `fd_takeover:` in a `show activity` answer, or - when absent.
takeovers() {
    awk '/^fd_takeover:/ { print $2; found = 1 } END { if (!found) print "-" }' "$1"
}

tsv_header="scenario	variant	round	balancer	requests	seconds	rps	p50_ms	p99_ms	cpu_us_per_req	rss_kb	backend_new_conns	reuse_pct	takeovers_per_s	gc_count	gc_ms	alloc_bytes_per_req	rss_per_idle_conn	errors"
results=$out/results.tsv
echo "$tsv_header" > "$results"

# One measured run: scenario $1, variant $2 (pool-low-conn for S6, else -), round $3, balancer $4, config $5
# (nginx: its own), nginx prefix $6, port $7, stats port $8, close clients $9. Appends a row to results.tsv.
measure() {
    local sc=$1 variant=$2 round=$3 name=$4 cfg=$5 prefix=$6 port=$7 sport=$8 close=$9
    local tag="$sc-$variant-$round-$name" d="$work/runs"
    mkdir -p "$d"
    if ! start_balancer "$name" "$cfg" "$prefix" "$port" "$d/$tag.log"; then
        printf '%s\t%s\t%s\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\tdid not start\n' "$sc" "$variant" "$round" "$name" >> "$results"
        return
    fi
    local stats=0
    [ "$name" != nginx ] && stats=1
    # Two warm-up loads: the end of the first (its clients closing) is itself part of the warm-up, since a JIT
    # may recompile code on paths it first meets there; the second makes sure that happens before measuring. As long
    # as the first: baton's whole loop turn, thrown away by the first idle turn after a load, is compiled again
    # after ~5 000 more turns, 2.5 s under this load (README, "The reactor loop's recompilation").
    if [ "$WARMUP" -gt 0 ]; then
        load "$WARMUP" "$port" "$close" "$d/$tag.warmup"
        load "$WARMUP" "$port" "$close" "$d/$tag.warmup2"
    fi
    local acc0 ticks0 acc1 ticks1
    if [ "$stats" = 1 ]; then
        ask "$sport" 'show info' > "$d/$tag.info0" || true
        ask "$sport" 'show activity' > "$d/$tag.act0" || true
    fi
    acc0=$(backend_accepts)
    ticks0=$(cpu_ticks "$bpid")
    load "$DURATION" "$port" "$close" "$d/$tag.wrk"
    ticks1=$(cpu_ticks "$bpid")
    acc1=$(backend_accepts)
    if [ "$stats" = 1 ]; then
        ask "$sport" 'show info' > "$d/$tag.info1" || true
        ask "$sport" 'show activity' > "$d/$tag.act1" || true
    fi
    local died=
    kill -0 "$bpid" 2>/dev/null || died="$name exited during the run"
    local rss
    rss=$(rss_kb "$bpid")
    stop_pid "$bpid"

    local requests seconds rps p50 p99 errors
    requests=$(awk '/ requests in / { print $1 }' "$d/$tag.wrk")
    seconds=$(awk '/ requests in / { s = $4; sub(/s,?$/, "", s); print s }' "$d/$tag.wrk")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$d/$tag.wrk")
    p50=$(wrk_latency_ms "$d/$tag.wrk" 50%)
    p99=$(wrk_latency_ms "$d/$tag.wrk" 99%)
    errors=$(grep -E 'Socket errors|Non-2xx' "$d/$tag.wrk" | tr -s ' ' | sed 's/^ //' | paste -sd';' - || true)
    [ -n "$died" ] && errors="${errors:+$errors;}$died"
    local tk0=- tk1=- gc0=- gc1=- gt0=- gt1=- al0=- al1=-
    if [ "$stats" = 1 ]; then
        tk0=$(takeovers "$d/$tag.act0"); tk1=$(takeovers "$d/$tag.act1")
        gc0=$(info_field "$d/$tag.info0" Jvm_gc_count); gc1=$(info_field "$d/$tag.info1" Jvm_gc_count)
        gt0=$(info_field "$d/$tag.info0" Jvm_gc_time_ms); gt1=$(info_field "$d/$tag.info1" Jvm_gc_time_ms)
        al0=$(info_field "$d/$tag.info0" Jvm_allocated_bytes); al1=$(info_field "$d/$tag.info1" Jvm_allocated_bytes)
    fi
    awk -v OFS='\t' -v sc="$sc" -v variant="$variant" -v round="$round" -v name="$name" \
        -v req="${requests:-0}" -v secs="${seconds:-$DURATION}" -v rps="${rps:-0}" -v p50="${p50:--}" -v p99="${p99:--}" \
        -v t0="$ticks0" -v t1="$ticks1" -v hz="$clk_tck" -v rss="$rss" -v a0="${acc0:-}" -v a1="${acc1:-}" \
        -v tk0="$tk0" -v tk1="$tk1" -v gc0="$gc0" -v gc1="$gc1" -v gt0="$gt0" -v gt1="$gt1" -v al0="$al0" -v al1="$al1" \
        -v errors="${errors:--}" 'function delta(a, b) { return (a == "-" || b == "-" || a == "" || b == "") ? "-" : b - a }
        BEGIN {
            cpu = req > 0 ? sprintf("%.2f", (t1 - t0) * 1e6 / hz / req) : "-"
            newc = (a0 == "" || a1 == "") ? "-" : a1 - a0 - 1
            reuse = (newc == "-" || req == 0) ? "-" : sprintf("%.3f", 100 * (1 - newc / req))
            tk = delta(tk0, tk1); if (tk != "-") tk = sprintf("%.0f", tk / secs)
            al = delta(al0, al1); if (al != "-") al = req > 0 ? sprintf("%.1f", al / req) : "-"
            print sc, variant, round, name, req, secs, sprintf("%.0f", rps), p50, p99, cpu, rss, newc, reuse, tk,
                delta(gc0, gc1), delta(gt0, gt1), al, "-", errors
        }' >> "$results"
}

# S5 for one balancer: RSS before and with idle_conns idle keep-alive clients (each did one request).
measure_idle() {
    local round=$1 name=$2 cfg=$3 prefix=$4 port=$5
    local tag="S5---$round-$name" d="$work/runs"
    mkdir -p "$d"
    if ! start_balancer "$name" "$cfg" "$prefix" "$port" "$d/$tag.log"; then
        printf 'S5\t-\t%s\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\tdid not start\n' "$round" "$name" >> "$results"
        return
    fi
    # Warm-up with both kinds of traffic, so that the baseline is a process that has served keep-alive and
    # connection-per-request clients: what is measured is then the cost of the idle connections themselves,
    # not memory the process touches once in its life (for a JVM, the young generation's pages, which a
    # nearly allocation-free keep-alive load alone never fills).
    if [ "$WARMUP" -gt 0 ]; then
        load "$WARMUP" "$port" 0 "$d/$tag.warmup"
        load "$WARMUP" "$port" 1 "$d/$tag.warmup-close"
    fi
    sleep 1
    local rss0 rss1 hold_pid errors=-
    rss0=$(rss_kb "$bpid")
    "$JAVA" -jar target/test-servers.jar hold --target "127.0.0.1:$port" --connections "$idle_conns" \
        --seconds 600 > "$d/$tag.hold" 2>&1 &
    hold_pid=$!
    started "$hold_pid"
    if await_lines "$d/$tag.hold" 1 120 '^holding'; then
        sleep 2 # let the balancer settle with every connection idle
        rss1=$(rss_kb "$bpid")
        errors=$(grep '^failed' "$d/$tag.hold" | paste -sd';' - || true)
    else
        rss1=-
        errors="hold client did not finish opening"
    fi
    local held
    held=$(awk '/^holding/ { print $2 }' "$d/$tag.hold")
    stop_pid "$hold_pid"
    stop_pid "$bpid"
    awk -v OFS='\t' -v round="$round" -v name="$name" -v r0="$rss0" -v r1="$rss1" -v n="${held:-0}" \
        -v errors="${errors:--}" 'BEGIN {
            per = (r1 == "-" || n == 0) ? "-" : sprintf("%.0f", (r1 - r0) * 1024 / n)
            print "S5", "-", round, name, "-", "-", "-", "-", "-", "-", r1, "-", "-", "-", "-", "-", "-", per,
                (errors == "" ? "-" : errors)
        }' >> "$results"
}

# ---------------------------------------------------------------------------------------------- the run
printf 'baton vs HAProxy vs NGINX: %s round(s), %s s measured after %s s warm-up per run, %s wrk connections\n' \
    "$ROUNDS" "$DURATION" "$WARMUP" "$CONNECTIONS"
printf 'scenarios: %s; balancers: %s; FD limit %s, maxconn %s, S5 idle connections %s\n' \
    "$SCENARIOS" "$BALANCERS" "$nofile" "$maxconn" "$idle_conns"
printf 'work directory %s\n\n' "$work"
read -r -a balancer_list <<< "$BALANCERS"
started_at=$(date +%s)

for sc in $SCENARIOS; do
    read -r mode threads servers reuse close lows <<< "$(scenario_params "$sc")"
    port=$(free_port)
    sport=$(free_port)
    variants=(-)
    [ "$sc" = S6 ] && variants=(0 $((2 * threads)))
    for variant in "${variants[@]}"; do
        cfg="$work/$sc-$variant.cfg"
        haproxy_style_config "$cfg" "$mode" "$threads" "$servers" "$reuse" "$port" "$sport" "$variant" \
            "$([ "$sc" = S7 ] && echo 1 || echo 0)"
        haproxy -q -c -f "$cfg"
        "$JAVA" -jar target/baton.jar -c -f "$cfg" > /dev/null
    done
    nprefix="$work/nginx-$sc"
    nginx_config "$nprefix/nginx.conf" "$mode" "$threads" "$servers" "$port" "$nprefix"
    nginx -q -t -p "$nprefix" -c "$nprefix/nginx.conf"
    echo "$sc: mode $mode, nbthread $threads, $servers servers, http-reuse $reuse, close clients $close" \
        "$([ "$sc" = S6 ] && echo ", pool-low-conn ${variants[*]}")"
    for round in $(seq "$ROUNDS"); do
        # the order of the balancers rotates by one per round
        order=()
        n=${#balancer_list[@]}
        for ((i = 0; i < n; i++)); do order+=("${balancer_list[$(((i + round - 1) % n))]}"); done
        for name in "${order[@]}"; do
            { [ "$sc" = S6 ] || [ "$sc" = S7 ]; } && [ "$name" = nginx ] && continue
            for variant in "${variants[@]}"; do
                cfg="$work/$sc-$variant.cfg"
                [ "$name" = nginx ] && cfg="$nprefix/nginx.conf"
                if [ "$sc" = S5 ]; then
                    measure_idle "$round" "$name" "$cfg" "$nprefix" "$port"
                else
                    measure "$sc" "$variant" "$round" "$name" "$cfg" "$nprefix" "$port" "$sport" "$close"
                fi
                tail -1 "$results" | awk -F'\t' '{
                    printf "  round %s %-8s %-3s req/s %-7s p99 %-6s cpu %-6s us/req rss %s KiB reuse %s%% takeovers/s %s idle-conn %s B  %s\n",
                        $3, $4, ($2 == "-" ? "" : $2), $7, $9, $10, $11, $13, $14, $18, ($19 == "-" ? "" : $19) }'
            done
        done
    done
done
elapsed=$(( $(date +%s) - started_at ))

ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS \
    bench/report.sh "$results" "$out" "$elapsed" "$nofile" "$maxconn" "$idle_conns"

#!/usr/bin/env bash
# Reloads under load, baton and HAProxy 2.6 side by side on the same configurations (issue 16; figures, no verdict).
#
# For each proxy and each client kind (keep-alive clients, then `Connection: close` clients): a fresh NGINX backend
# (4 ports, access log `$connection $connection_requests`), the proxy on configuration 0, WARMUP seconds of wrk
# (not counted), then DURATION seconds of wrk while the configuration file is replaced and the proxy reloaded
# RELOADS times, cycling through 5 configurations: 0 base (s1 s2 s3), 1 weights changed, 2 server s4 added,
# 3 server s2 removed, 4 frontend fe2 added on a new port (and back to 0, which removes s4 and fe2 and adds s2).
#   baton:   scripts/baton -S SOCK -f CFG, each reload `reload` on SOCK (what `baton reload -S`, the unit's
#            ExecReload, sends), its answer checked (Success=1);
#   HAProxy: haproxy -W -S SOCK -f CFG, each reload `kill -USR2` of the master (as its unit's ExecReload), counted
#            by the master's "Loading success." lines.
# After them, one reload of an invalid file (an unknown keyword): refused with its FILE:LINE error, the proxy serving on.
# Per run: wrk's requests, failed requests (non-2xx/3xx responses and socket errors: connect, read, write, timeout),
# refused connections (wrk's connect errors), p50/p99/max latency; the backends' new connections per request (lines
# of NGINX's access log whose $connection_requests is 1, over all its lines); the proxy's processes (HAProxy's old
# workers included: a process and its children) and their summed RSS, sampled half-way between reloads (the most
# seen) and once wrk has ended (end).
#
#   /work/bin/benchlock make bench-reload        # or: bench/reload.sh (about 2.5 minutes)
#   DURATION=10 RELOADS=8 PROXIES=baton bench/reload.sh
#
# Knobs: DURATION (25 s measured per run), WARMUP (2 s), RELOADS (20), CONNECTIONS (50), WRK_THREADS (2),
# NBTHREAD (2), PROXIES ("baton haproxy"), CLIENTS ("keep-alive close"), HAPROXY_IDLE_CLOSE (0; 1 gives HAProxy
# `option idle-close-on-response`: its old worker then answers idle keep-alive clients' next request instead of
# closing them at once, which is what baton does). Output: target/bench/reload.md (the table)
# and target/bench/reload.tsv. Bounded: every wait has a limit; every process started is stopped by its pid.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-25}
WARMUP=${WARMUP:-2}
RELOADS=${RELOADS:-20}
CONNECTIONS=${CONNECTIONS:-50}
WRK_THREADS=${WRK_THREADS:-2}
NBTHREAD=${NBTHREAD:-2}
PROXIES=${PROXIES:-"baton haproxy"}
CLIENTS=${CLIENTS:-"keep-alive close"}
HAPROXY_IDLE_CLOSE=${HAPROXY_IDLE_CLOSE:-0}
JAVA=${JAVA:-java}

# shellcheck source=bench/lib.sh
. bench/lib.sh
work_dir baton-reload
need_jars
need wrk wrk
need nginx nginx
need socat socat
case " $PROXIES " in *" haproxy "*) need haproxy haproxy ;; esac

# maxconn within the FD limit (HAProxy and baton refuse to start past it; no CAP_SYS_RESOURCE in a container)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
maxconn=$(( ($(ulimit -n) - 500) / 2 ))
[ "$maxconn" -gt 10000 ] && maxconn=10000
if [ -x scripts/baton ]; then baton_cmd=(scripts/baton); else baton_cmd=("$JAVA" -jar target/baton.jar); fi

out=target/bench
mkdir -p "$out"

# A fresh NGINX on the 4 backend ports with its own access log $1: sets nginx_pid.
start_nginx() {
    local log=$1 dir=$work/nginx-$RANDOM p
    mkdir -p "$dir/logs"
    {
        echo "worker_processes 1;"
        echo "daemon off;"
        echo "pid $dir/nginx.pid;"
        echo "error_log $dir/logs/error.log warn;"
        echo "events { worker_connections 16384; }"
        echo "http {"
        echo "    log_format conn '\$connection \$connection_requests';"
        echo "    access_log $log conn buffer=256k flush=1s;"
        echo "    default_type text/plain;"
        echo "    keepalive_requests 1000000000;"
        echo "    keepalive_timeout 300s;"
        for p in "${backend_ports[@]}"; do
            echo "    server { listen 127.0.0.1:$p; location / { return 200 \"ok\\n\"; } }"
        done
        echo "}"
    } > "$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" > "$dir/logs/stdout" 2>&1 &
    nginx_pid=$!
    started "$nginx_pid"
    await_listen "${backend_ports[0]}" 10 "$nginx_pid" || { echo "backend nginx did not start" >&2; exit 1; }
}

# Stops NGINX gracefully (SIGQUIT: its access log buffer is written out), within 10 s, else as stop_pid does.
stop_nginx() {
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    stop_pid "$nginx_pid"
}

# Configuration $2 (0..4, see the head of this file) into file $1.
write_config() {
    local file=$1 variant=$2
    {
        echo "global"
        echo "    nbthread $NBTHREAD"
        echo "    maxconn $maxconn"
        echo "defaults"
        echo "    mode http"
        echo "    timeout connect 5s"
        echo "    timeout client 30s"
        echo "    timeout server 30s"
        echo "    http-reuse always"
        [ "$proxy" = haproxy ] && [ "$HAPROXY_IDLE_CLOSE" = 1 ] && echo "    option idle-close-on-response"
        echo "frontend fe"
        echo "    bind 127.0.0.1:$port"
        echo "    default_backend be"
        if [ "$variant" = 4 ]; then
            echo "frontend fe2"
            echo "    bind 127.0.0.1:$port2"
            echo "    default_backend be"
        fi
        echo "backend be"
        echo "    balance roundrobin"
        case $variant in
            0) echo "    server s1 127.0.0.1:${backend_ports[0]} weight 10"
               echo "    server s2 127.0.0.1:${backend_ports[1]} weight 10"
               echo "    server s3 127.0.0.1:${backend_ports[2]} weight 10" ;;
            1) echo "    server s1 127.0.0.1:${backend_ports[0]} weight 10"
               echo "    server s2 127.0.0.1:${backend_ports[1]} weight 20"
               echo "    server s3 127.0.0.1:${backend_ports[2]} weight 30" ;;
            2|3|4)
               echo "    server s1 127.0.0.1:${backend_ports[0]} weight 10"
               [ "$variant" = 2 ] && echo "    server s2 127.0.0.1:${backend_ports[1]} weight 20"
               echo "    server s3 127.0.0.1:${backend_ports[2]} weight 30"
               echo "    server s4 127.0.0.1:${backend_ports[3]} weight 10" ;;
        esac
    } > "$file.tmp"
    mv "$file.tmp" "$file" # replaced whole: a reload never reads half a file
}

# Reloads proxy $1 (master pid $2, socket $3); for baton, appends the answer's first line to $4.
reload_proxy() {
    case $1 in
        baton) { printf 'reload\n' | timeout 30 socat -t 30 - "UNIX-CONNECT:$3" | head -1 || echo "no answer"; } >> "$4" ;;
        haproxy) kill -USR2 "$2" ;;
    esac
}

# Processes and summed RSS (KiB) of the proxy's tree now: "N KIB".
proc_sample() {
    echo "$(proc_tree "$1" | while read -r p; do [ -e "/proc/$p" ] && echo "$p"; done | wc -l) $(rss_kb "$1")"
}

backend_ports=()
for _ in 1 2 3 4; do backend_ports+=("$(free_port)"); done
results=$out/reload.tsv
printf 'proxy\tclients\treloads_ok\tinvalid_refused\trequests\tfailed\trefused\tnon2xx\tconnect\tread\twrite\ttimeout\tp50_ms\tp99_ms\tmax_ms\tbackend_requests\tbackend_new_conns\tprocs_max\tprocs_end\trss_max_mib\trss_end_mib\n' \
    > "$results"
printf 'reload under load: %s reload(s) in %s s of wrk (%s connections, %s threads) per run, after %s s of warm-up\n' \
    "$RELOADS" "$DURATION" "$CONNECTIONS" "$WRK_THREADS" "$WARMUP"

for clients in $CLIENTS; do
    header=()
    [ "$clients" = close ] && header=(-H 'Connection: close')
    for proxy in $PROXIES; do
        tag=$proxy-$clients
        port=$(free_port)
        port2=$(free_port)
        cfg=$work/$tag.cfg
        sock=$work/$tag.sock
        write_config "$cfg" 0
        start_nginx "$work/$tag-access.log"
        case $proxy in
            baton) "${baton_cmd[@]}" -S "$sock" -f "$cfg" > "$work/$tag.log" 2>&1 & ;;
            haproxy) haproxy -W -S "$sock" -f "$cfg" > "$work/$tag.log" 2>&1 & ;;
        esac
        ppid_=$!
        started "$ppid_"
        await_listen "$port" 60 "$ppid_" || { echo "$proxy did not start:" >&2; tail -5 "$work/$tag.log" >&2; exit 1; }
        timeout $((WARMUP + 20)) wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "${WARMUP}s" "${header[@]}" \
            "http://127.0.0.1:$port/" > "$work/$tag.warmup" 2>&1 || true
        # the access log from here on counts: what the warm-up wrote is skipped by its line count at the start
        sleep 1.2 # NGINX writes its access log buffer every second (flush=1s)
        skip=$(wc -l < "$work/$tag-access.log")

        timeout $((DURATION + 30)) wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --latency "${header[@]}" \
            "http://127.0.0.1:$port/" > "$work/$tag.wrk" 2>&1 &
        wrk_pid=$!
        started "$wrk_pid"
        : > "$work/$tag.answers"
        procs_max=0
        rss_max=0
        start_s=$EPOCHREALTIME
        # the reloads spread over the run, from 2 s in to 3 s before its end
        step=$(awk -v d="$DURATION" -v n="$RELOADS" 'BEGIN { printf "%.3f", (d - 5) / n }')
        for i in $(seq "$RELOADS"); do
            due=$(awk -v s="$start_s" -v st="$step" -v i="$i" 'BEGIN { printf "%.3f", s + 2 + (i - 1) * st }')
            wait_s=$(awk -v due="$due" -v now="$EPOCHREALTIME" 'BEGIN { w = due - now; printf "%.3f", (w > 0 ? w : 0) }')
            sleep "$wait_s"
            write_config "$cfg" $((i % 5))
            reload_proxy "$proxy" "$ppid_" "$sock" "$work/$tag.answers"
            # half-way to the next reload: the old workers of this one are still there, or not
            wait_s=$(awk -v due="$due" -v st="$step" -v now="$EPOCHREALTIME" \
                'BEGIN { w = due + st / 2 - now; printf "%.3f", (w > 0 ? w : 0) }')
            sleep "$wait_s"
            read -r n rss <<< "$(proc_sample "$ppid_")"
            [ "$n" -gt "$procs_max" ] && procs_max=$n
            [ "$rss" -gt "$rss_max" ] && rss_max=$rss
        done
        # then one invalid file (an unknown keyword): refused, nothing changes, the error said (the run goes on)
        sleep 0.5
        write_config "$cfg" 0
        echo "    bogus-keyword" >> "$cfg"
        reload_proxy "$proxy" "$ppid_" "$sock" "$work/$tag.answers"
        await_exit "$wrk_pid"
        read -r procs_end rss_end <<< "$(proc_sample "$ppid_")"
        [ "$procs_end" -gt "$procs_max" ] && procs_max=$procs_end
        [ "$rss_end" -gt "$rss_max" ] && rss_max=$rss_end
        case $proxy in
            baton) reloads_ok=$(grep -c '^Success=1' "$work/$tag.answers" || true)
                   refused_ok=$(grep -c '^Success=0' "$work/$tag.answers" || true)
                   grep -q "$cfg:[0-9]*: .*bogus-keyword" "$work/$tag.log" || refused_ok=0 ;;
            haproxy) reloads_ok=$(( $(grep -c 'Loading success' "$work/$tag.log" || true) - 1 ))
                     refused_ok=$(grep -c 'Loading failure' "$work/$tag.log" || true)
                     grep -q "$cfg:[0-9]*.*bogus-keyword" "$work/$tag.log" || refused_ok=0 ;;
        esac
        if [ "$refused_ok" = 1 ] && kill -0 "$ppid_" 2>/dev/null; then refused_ok=yes; else refused_ok=no; fi
        stop_pid "$ppid_"
        stop_nginx

        w=$work/$tag.wrk
        requests=$(awk '/ requests in / { print $1 }' "$w")
        non2xx=$(awk '/Non-2xx or 3xx responses/ { print $NF }' "$w")
        read -r connect read_ write_ timeout_ <<< "$(awk '/Socket errors/ { gsub(",", ""); print $4, $6, $8, $10 }' "$w")"
        connect=${connect:-0} read_=${read_:-0} write_=${write_:-0} timeout_=${timeout_:-0} non2xx=${non2xx:-0}
        failed=$((non2xx + connect + read_ + write_ + timeout_))
        p50=$(wrk_latency_ms "$w" 50%)
        p99=$(wrk_latency_ms "$w" 99%)
        pmax=$(awk '$1 == "Latency" && NF >= 4 { v = $4; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
            print (unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : unit == "m" ? v * 60000 : v); exit }' "$w")
        read -r be_requests be_new <<< "$(tail -n +$((skip + 1)) "$work/$tag-access.log" \
            | awk '{ n++ } $2 == 1 { c++ } END { print n + 0, c + 0 }')"
        rss_max_mib=$(awk -v k="$rss_max" 'BEGIN { printf "%.0f", k / 1024 }')
        rss_end_mib=$(awk -v k="$rss_end" 'BEGIN { printf "%.0f", k / 1024 }')
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$proxy" "$clients" \
            "$reloads_ok" "$refused_ok" "$requests" "$failed" "$connect" "$non2xx" "$connect" "$read_" "$write_" "$timeout_" \
            "$p50" "$p99" "$pmax" "$be_requests" "$be_new" "$procs_max" "$procs_end" "$rss_max_mib" "$rss_end_mib" \
            >> "$results"
        printf '  %-8s %-10s reloads ok %s/%s, invalid refused %s, requests %s, failed %s (non-2xx %s, connect %s, read %s, write %s, timeout %s), backend new conns %s/%s\n' \
            "$proxy" "$clients" "$reloads_ok" "$RELOADS" "$refused_ok" "$requests" "$failed" "$non2xx" "$connect" "$read_" "$write_" \
            "$timeout_" "$be_new" "$be_requests"
    done
done

awk -F'\t' -v reloads="$RELOADS" 'NR == 1 { next }
    NR == 2 {
        print "| proxy | clients | reloads ok | invalid refused | requests | failed | refused | p50 ms | p99 ms | max ms | new server conns / request | processes (max / end) | RSS MiB (max / end) |"
        print "| --- | --- | ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    }
    {
        per = $16 > 0 ? sprintf("%.4f (%d / %d)", $17 / $16, $17, $16) : "-"
        printf "| %s | %s | %s/%s | %s | %s | %s | %s | %.2f | %.2f | %.1f | %s | %s / %s | %s / %s |\n", $1, $2, $3, reloads, $4,
            $5, $6, $7, $13, $14, $15, per, $18, $19, $20, $21
    }' "$results" | tee "$out/reload.md"
echo "failed: non-2xx/3xx responses plus wrk socket errors (connect, read, write, timeout); refused: connect errors;"
echo "invalid refused: after the reloads, a file with an unknown keyword was refused, its FILE:LINE error logged, and the proxy kept serving."

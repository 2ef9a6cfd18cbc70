# The side-by-side scenarios shared by bench/bench.sh and bench/latency.sh (sourced after bench/lib.sh, with
# $work set and JAVA defined): the FD limit and maxconn, the NGINX backends (50 ports answering `return 200` and a
# stub_status port), the scenario parameters and the HAProxy-style config that baton and HAProxy both read, and
# the start of one balancer.

# File descriptors: HAProxy refuses to start when its maxconn needs more than the limit, so maxconn follows the
# limit when it cannot be raised (no CAP_SYS_RESOURCE in a container).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
nofile=$(ulimit -n)
maxconn=$(( (nofile - 500) / 2 ))
[ "$maxconn" -gt 30000 ] && maxconn=30000
clk_tck=$(getconf CLK_TCK)

if [ -x scripts/baton ]; then
    baton_cmd=(scripts/baton)
else
    baton_cmd=("$JAVA" -jar target/baton.jar)
fi

# Starts the backend NGINX on 50 free ports and a stub_status port; sets backend_ports, status_port and
# backends_pid (stopped by stop_all).
start_backends() {
    backend_ports=()
    for _ in $(seq 50); do backend_ports+=("$(free_port)"); done
    status_port=$(free_port)
    mkdir -p "$work/backends/logs"
    {
        echo "worker_processes 1;"
        echo "worker_rlimit_nofile $nofile;"
        echo "daemon off;"
        echo "pid $work/backends/nginx.pid;"
        echo "error_log $work/backends/logs/error.log warn;"
        echo "events { worker_connections $((nofile - 100)); }"
        echo "http {"
        echo "    access_log off;"
        echo "    default_type text/plain;"
        echo "    keepalive_requests 1000000000;"
        echo "    keepalive_timeout 300s;"
        for p in "${backend_ports[@]}"; do
            echo "    server { listen 127.0.0.1:$p; location / { return 200 \"ok\\n\"; } }"
        done
        echo "    server { listen 127.0.0.1:$status_port; location / { stub_status; } }"
        echo "}"
    } > "$work/backends/nginx.conf"
    nginx -q -t -p "$work/backends" -c "$work/backends/nginx.conf"
    nginx -p "$work/backends" -c "$work/backends/nginx.conf" > "$work/backends/logs/stdout" 2>&1 &
    backends_pid=$!
    started "$backends_pid"
    await_listen "$status_port" 10 "$backends_pid" || { echo "backend nginx did not start" >&2; exit 1; }
}

# The backends' accepted connections so far (stub_status counts the fetch itself).
backend_accepts() {
    http_get "$status_port" / | awk 'f { print $1; exit } /^server accepts/ { f = 1 }' || true
}

# ----------------------------------------------------------------------------------------------- configs
# Scenario parameters: mode, nbthread, servers, http-reuse, client Connection: close, pool-low-conn. S7 is S1 with
# the rules of rules_config (haproxy_style_config adds them for it).
scenario_params() {
    case $1 in
        S1) echo "http 1 4 safe 0 -" ;;
        S2) echo "http 2 4 safe 0 -" ;;
        S3) echo "http 2 50 always 1 -" ;;
        S4) echo "tcp 2 4 - 0 -" ;;
        S5) echo "http 2 4 always 0 -" ;;
        S6) echo "http 2 50 always 1 0 4" ;;
        S7) echo "http 1 4 safe 0 -" ;;
        *) echo "unknown scenario $1" >&2; return 1 ;;
    esac
}

# The haproxy-style config read unchanged by baton and HAProxy: $1 file, $2 mode, $3 nbthread, $4 servers,
# $5 http-reuse, $6 frontend port, $7 stats port, $8 pool-low-conn (- for none), $9 1 for S7's rules (default 0).
haproxy_style_config() {
    local file=$1 mode=$2 threads=$3 servers=$4 reuse=$5 port=$6 sport=$7 low=$8 i
    {
        echo "global"
        echo "    nbthread $threads"
        echo "    maxconn $maxconn"
        echo "    hard-stop-after 5s"
        echo "    stats socket 127.0.0.1:$sport level admin"
        echo "defaults"
        echo "    mode $mode"
        echo "    timeout connect 5s"
        echo "    timeout client 300s"
        echo "    timeout server 300s"
        echo "frontend fe"
        echo "    bind 127.0.0.1:$port"
        [ "${9:-0}" = 1 ] && rules_config "$file.map" "$port"
        echo "    default_backend be"
        echo "backend be"
        echo "    balance roundrobin"
        [ "$reuse" != - ] && echo "    http-reuse $reuse"
        for ((i = 0; i < servers; i++)); do
            echo "    server s$((i + 1)) 127.0.0.1:${backend_ports[$i]}$([ "$low" != - ] && echo " pool-low-conn $low")"
        done
    } > "$file"
}

# S7's frontend rules (issue 15: "20 typical rules"): ACLs by path, host, user agent and source, variables, a map
# lookup, request and response header rewrites, a deny and a use_backend. Every request from wrk passes through all
# of them (none denies it). Writes the map file $1 (100 host keys and the frontend's own, port $2) and prints the lines.
rules_config() {
    local map=$1 port=$2 i
    for ((i = 0; i < 100; i++)); do echo "host$i.example.com be_$i"; done > "$map"
    echo "127.0.0.1:$port be_local" >> "$map"
    cat <<EOF
    acl is_api path_beg /api /v1 /v2
    acl is_static path_end .css .js .png .jpg
    acl host_a hdr(host) -i a.example.com b.example.com
    acl bad_ua req.hdr(user-agent) -m sub -i sqlmap nikto masscan
    acl internal src 10.0.0.0/8 192.168.0.0/16 127.0.0.0/8
    http-request set-var(txn.host) req.hdr(host),lower
    http-request set-var(txn.path) path
    http-request deny if bad_ua
    http-request set-header X-Forwarded-Proto http
    http-request set-header X-Backend %[var(txn.host),map($map,default)]
    http-request set-header X-Request-Path %[var(txn.path)]
    http-request add-header X-Internal yes if internal
    http-request del-header X-Debug
    http-request set-header X-Api 1 if is_api
    http-request set-header X-Static 1 if is_static
    http-request set-header X-Host-A 1 if host_a
    http-response set-header X-Frame-Options DENY
    http-response set-header X-Content-Type-Options nosniff
    http-response del-header X-Powered-By
    http-response set-header Cache-Control no-store if !{ var(txn.path) -m end .css .js }
    use_backend be if internal !host_a
EOF
}

# Starts balancer $1 on config $2 (for nginx: its prefix is $3), waits until it listens on $4; sets bpid.
start_balancer() {
    local name=$1 cfg=$2 prefix=$3 port=$4 log=$5
    local pin=()
    [ -n "${PIN_BALANCER:-}" ] && pin=(taskset -c "$PIN_BALANCER")
    case $name in
        baton) "${pin[@]}" "${baton_cmd[@]}" -f "$cfg" > "$log" 2>&1 & ;;
        haproxy) "${pin[@]}" haproxy -f "$cfg" > "$log" 2>&1 & ;;
        nginx) "${pin[@]}" nginx -p "$prefix" -c "$cfg" > "$log" 2>&1 & ;;
    esac
    bpid=$!
    started "$bpid"
    if ! await_listen "$port" 60 "$bpid"; then
        echo "$name did not start:" >&2
        tail -5 "$log" >&2
        stop_pid "$bpid"
        return 1
    fi
}

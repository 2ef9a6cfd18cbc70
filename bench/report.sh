#!/usr/bin/env bash
# The summary of a bench/bench.sh run, from its results.tsv (one row per run): medians per scenario and
# balancer, baton/HAProxy and NGINX/HAProxy ratios taken per round then the median over rounds, the issue's
# targets met or not. Prints the table and writes report.md and chart.svg into the output directory.
#
#   bench/report.sh target/bench/results.tsv target/bench [ELAPSED_S NOFILE MAXCONN IDLE_CONNS]
set -euo pipefail
cd "$(dirname "$0")/.."

results=$1
out=$2
elapsed=${3:-?}
nofile=${4:-?}
maxconn=${5:-?}
idle_conns=${6:-?}

# Reads results.tsv; MODE is text (the stdout table), md (report.md's tables), targets (report.md's list)
# or chart (group, series, value lines for the chart).
summarise() {
    awk -F'\t' -v mode="$1" '
    function num(x) { return x != "-" && x != "" }
    function median(list, n,   i, j, t) {
        for (i = 2; i <= n; i++) for (j = i; j > 1 && list[j - 1] > list[j]; j--) { t = list[j]; list[j] = list[j - 1]; list[j - 1] = t }
        return n == 0 ? "-" : n % 2 ? list[(n + 1) / 2] : (list[n / 2] + list[n / 2 + 1]) / 2
    }
    # median over rounds of column c for balancer b of scenario k
    function med(k, b, c,   r, n, list) {
        n = 0
        for (r = 1; r <= maxround; r++) if (((k, b, r, c) in v) && num(v[k, b, r, c])) list[++n] = v[k, b, r, c] + 0
        return median(list, n)
    }
    # median over rounds of the per-round ratio b/haproxy of column c
    function ratio(k, b, c,   r, n, list, x, y) {
        n = 0
        for (r = 1; r <= maxround; r++) {
            if (!((k, b, r, c) in v) || !((k, "haproxy", r, c) in v)) continue
            x = v[k, b, r, c]; y = v[k, "haproxy", r, c]
            if (num(x) && num(y) && y + 0 != 0) list[++n] = x / y
        }
        return median(list, n)
    }
    function fmt(c, x) {
        if (x == "-") return "-"
        if (c == 11) x = x / 1024
        return sprintf(fmts[c], x)
    }
    function shown(k, c,   i) {
        for (i = 1; i <= 3; i++) if (med(k, bals[i], c) != "-") return 1
        return 0
    }
    BEGIN {
        ncols = split("7 8 9 10 11 13 14 15 16 17 18", cols, " ")
        split("req/s|p50 ms|p99 ms|CPU us/req|RSS MiB|reuse %|takeovers/s|GC count|GC ms|alloc B/req|idle conn B", names, "|")
        split("%.0f|%.2f|%.2f|%.1f|%.1f|%.3f|%.0f|%.0f|%.0f|%.1f|%.0f", f, "|")
        for (i = 1; i <= ncols; i++) { name[cols[i]] = names[i]; fmts[cols[i]] = f[i] }
        split("baton haproxy nginx", bals, " ")
    }
    NR == 1 { next }
    {
        k = $1 ($2 == "-" ? "" : " plc" $2)
        if (!(k in seen)) { seen[k] = 1; keys[++nkeys] = k }
        if ($3 > maxround) maxround = $3
        has[k, $4] = 1
        for (i = 1; i <= ncols; i++) v[k, $4, $3, cols[i]] = $(cols[i])
        if ($19 != "-" && $19 != "") errs[++nerr] = k ", round " $3 ", " $4 ": " $19
    }
    END {
        for (ki = 1; ki <= nkeys; ki++) {
            k = keys[ki]
            nshow = 0
            for (i = 1; i <= ncols; i++) if (shown(k, cols[i])) show[++nshow] = cols[i]
            if (mode == "text") {
                printf "\n%-9s %-14s", k, "balancer"
                for (i = 1; i <= nshow; i++) printf " %12s", name[show[i]]
                printf "\n"
            } else if (mode == "md") {
                printf "\n### %s\n\n| balancer |", k
                for (i = 1; i <= nshow; i++) printf " %s |", name[show[i]]
                printf "\n| --- |"
                for (i = 1; i <= nshow; i++) printf " ---: |"
                printf "\n"
            }
            for (bi = 1; bi <= 5; bi++) {
                b = bi <= 3 ? bals[bi] : bi == 4 ? "baton" : "nginx"
                if (!has[k, b] || (bi > 3 && !has[k, "haproxy"])) continue
                label = bi <= 3 ? b : b "/haproxy"
                if (mode == "text") printf "%-9s %-14s", k, label
                if (mode == "md") printf "| %s |", label
                for (i = 1; i <= nshow; i++) {
                    c = show[i]
                    x = bi <= 3 ? fmt(c, med(k, b, c)) : (ratio(k, b, c) == "-" ? "-" : sprintf("%.2f", ratio(k, b, c)))
                    if (mode == "text") printf " %12s", x
                    if (mode == "md") printf " %s |", x
                }
                if (mode == "text" || mode == "md") printf "\n"
            }
            if (mode == "chart") {
                for (bi = 1; bi <= 3; bi += 2) {
                    b = bals[bi]
                    if (!has[k, b] || !has[k, "haproxy"]) continue
                    if (ratio(k, b, 7) != "-") printf "%s\t%s req/s\t%s\n", k, b, ratio(k, b, 7)
                    if (ratio(k, b, 10) != "-") printf "%s\t%s CPU/req\t%s\n", k, b, ratio(k, b, 10)
                    if (ratio(k, b, 18) != "-") printf "%s\t%s RSS/idle conn\t%s\n", k, b, ratio(k, b, 18)
                }
            }
            for (i = 1; i <= 3; i++) { r7[k, bals[i]] = med(k, bals[i], 13) }
            q[k, "cpu"] = ratio(k, "baton", 10); q[k, "rps"] = ratio(k, "baton", 7); q[k, "p99"] = ratio(k, "baton", 9)
            q[k, "alloc"] = med(k, "baton", 17); q[k, "idle"] = med(k, "baton", 18)
        }
        if (mode == "text" && nerr > 0) {
            printf "\nruns with errors:\n"
            for (i = 1; i <= nerr; i++) printf "  %s\n", errs[i]
        }
        if (mode == "md" && nerr > 0) {
            printf "\nRuns with errors (wrk socket errors, non-2xx answers, failed idle connections):\n\n"
            for (i = 1; i <= nerr; i++) printf "- %s\n", errs[i]
        }
        if (mode != "targets") exit
        printf "| target | scenario | baton | verdict |\n| --- | --- | --- | --- |\n"
        target("CPU per request <= 0.9 x HAProxy", "S1 S2 S4", "cpu", "<=", 0.9, "x HAProxy")
        target("req/s >= HAProxy", "S1 S2 S3 S4", "rps", ">=", 1, "x HAProxy")
        target("p99 <= 1.2 x HAProxy", "S1 S2 S3 S4", "p99", "<=", 1.2, "x HAProxy")
        if (has["S3", "baton"] && has["S3", "haproxy"]) {
            b = r7["S3", "baton"]; h = r7["S3", "haproxy"]
            ok = num(b) && num(h) && b >= h && b >= 99.9
            printf "| reuse >= HAProxy and >= 99.9 %% | S3 | %s %% (HAProxy %s %%) | %s |\n", fmt(13, b), fmt(13, h),
                num(b) && num(h) ? (ok ? "met" : "not met") : "not measured"
        } else printf "| reuse >= HAProxy and >= 99.9 %% | S3 | - | not run |\n"
        target("RSS per idle client connection <= 2 KiB", "S5", "idle", "<=", 2048, "bytes")
        target("allocation per request < 64 bytes", "S1 S2 S3 S4", "alloc", "<", 64, "bytes")
    }
    function target(what, scs, fig, op, limit, unit,   n, s, i, x, ok) {
        n = split(scs, s, " ")
        for (i = 1; i <= n; i++) {
            if (!(s[i] in seen)) { printf "| %s | %s | - | not run |\n", what, s[i]; continue }
            x = q[s[i], fig]
            if (!num(x)) { printf "| %s | %s | - | not measured |\n", what, s[i]; continue }
            ok = op == "<=" ? x <= limit : op == ">=" ? x >= limit : x < limit
            printf "| %s | %s | %s %s | %s |\n", what, s[i], sprintf(unit == "bytes" ? "%.0f" : "%.2f", x), unit,
                ok ? "met" : "not met"
        }
    }' "$results"
}

# Grouped bars from "group<TAB>series<TAB>value" lines: ratios to HAProxy, a line at 1.
chart() {
    awk -F'\t' '
    function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); return s }
    {
        if (!($1 in gseen)) { gseen[$1] = 1; groups[++ng] = $1 }
        if (!($2 in sseen)) { sseen[$2] = 1 }
        val[$1, $2] = $3; if ($3 > top) top = $3
    }
    END {
        ns = split("baton req/s|baton CPU/req|baton RSS/idle conn|nginx req/s|nginx CPU/req|nginx RSS/idle conn", series, "|")
        split("#1f77b4|#ff7f0e|#2ca02c|#9ecae1|#fdd0a2|#a1d99b", colours, "|")
        ymax = top < 2 ? 2 : top > 4 ? 4 : int(top + 0.999)
        W = 960; H = 560; left = 70; right = 20; topm = 60; bottom = 150
        pw = W - left - right; ph = H - topm - bottom
        printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H, W, H
        printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
        printf "<text x=\"%d\" y=\"28\" font-size=\"17\" font-weight=\"bold\" text-anchor=\"middle\">baton and NGINX relative to HAProxy (= 1), median over rounds</text>\n", W / 2
        printf "<text x=\"%d\" y=\"46\" text-anchor=\"middle\" fill=\"#555\">req/s: higher is better; CPU per request and RSS per idle connection: lower is better</text>\n", W / 2
        for (t = 0; t <= ymax; t += 0.5) {
            y = topm + ph - ph * t / ymax
            printf "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", left, y, left + pw, y
            printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n", left - 6, y + 4, t
        }
        printf "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" text-anchor=\"middle\">ratio to HAProxy</text>\n", topm + ph / 2, topm + ph / 2
        gw = pw / (ng > 0 ? ng : 1)
        for (g = 1; g <= ng; g++) {
            n = 0
            for (s = 1; s <= ns; s++) if ((groups[g], series[s]) in val) n++
            bw = (gw * 0.8) / (n > 0 ? n : 1); if (bw > 40) bw = 40
            x = left + (g - 1) * gw + (gw - n * bw) / 2
            for (s = 1; s <= ns; s++) {
                if (!((groups[g], series[s]) in val)) continue
                v = val[groups[g], series[s]]; h = ph * (v > ymax ? ymax : v) / ymax
                printf "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %.2f</title></rect>\n", x, topm + ph - h, bw - 2, h, colours[s], esc(groups[g]), esc(series[s]), v
                printf "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%s%.2f</text>\n", x + (bw - 2) / 2, topm + ph - h - 4, (v > ymax ? "&#8593;" : ""), v
                x += bw
            }
            printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>\n", left + (g - 0.5) * gw, topm + ph + 18, esc(groups[g])
        }
        y1 = topm + ph - ph / ymax
        printf "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d62728\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n", left, y1, left + pw, y1
        printf "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#d62728\">HAProxy = 1</text>\n", left + pw, y1 - 5
        printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", left, topm + ph, left + pw, topm + ph
        lx = left; ly = H - bottom + 60
        for (s = 1; s <= ns; s++) {
            if (!(series[s] in sseen)) continue
            printf "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>\n", lx, ly, colours[s], lx + 20, ly + 12, esc(series[s])
            lx += 150; if (lx > W - 150) { lx = left; ly += 24 }
        }
        printf "<text x=\"%d\" y=\"%d\" fill=\"#555\">&#8593; bar cut at %d; its label gives the value. S6 plcN: pool-low-conn N.</text>\n", left, H - 12, ymax
        printf "</svg>\n"
    }'
}

summarise text
summarise chart | chart > "$out/chart.svg"

{
    echo "# baton vs HAProxy vs NGINX"
    echo
    echo "Run of \`bench/bench.sh\` (issue 6) on $(date -u '+%Y-%m-%d %H:%M UTC'), $elapsed s in all."
    echo
    echo "## Machine"
    echo
    echo "- nproc: $(nproc); CPU: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "- kernel: $(uname -sr)"
    echo "- java: $(java -version 2>&1 | head -1)"
    echo "- haproxy: $(haproxy -v 2>&1 | head -1)"
    echo "- nginx: $(nginx -v 2>&1 | head -1)"
    echo "- wrk: $(wrk -v 2>&1 | head -1)"
    echo "- FD limit $nofile, global maxconn $maxconn, S5 idle connections $idle_conns"
    echo "- knobs: ROUNDS=${ROUNDS:-?} DURATION=${DURATION:-?} WARMUP=${WARMUP:-?} CONNECTIONS=${CONNECTIONS:-?}"
    echo
    echo "## Method"
    echo
    echo "wrk (1 thread) loads each balancer in front of one NGINX backend (worker_processes 1, return 200) on"
    echo "127.0.0.1; everything shares the machine's cores. baton and HAProxy read the same generated config;"
    echo "NGINX an equivalent one. Each run starts the balancer afresh, gives it WARMUP s of unmeasured load,"
    echo "then DURATION s measured. CPU us/req: utime+stime of the balancer's processes over the measured window"
    echo "/ requests. RSS: VmRSS at the end of the run. reuse %: 1 - backend new connections (stub_status"
    echo "accepts) / requests. idle conn B (S5): (RSS with the idle connections - RSS before) / connections."
    echo "Each measured wrk run opens CONNECTIONS new client connections, and with http-reuse safe (S1, S2) the"
    echo "first request of each goes on a new server connection, so reuse stays just under 100 % there; in S4"
    echo "(mode tcp) every client connection has its own server connection."
    echo "Figures per balancer are medians over rounds; a ratio row is the median of the per-round ratios."
    echo
    echo "## Results"
    summarise md
    echo
    echo "## Targets (issue 6)"
    echo
    summarise targets
    echo
    echo "Allocation per request reads \`Jvm_allocated_bytes\` from baton's \`show info\`: \"not measured\""
    echo "when baton does not report it. A ratio is baton / HAProxy."
    echo
    echo "![chart](chart.svg)"
} > "$out/report.md"

printf '\nresults: %s, report: %s, chart: %s\n' "$results" "$out/report.md" "$out/chart.svg"

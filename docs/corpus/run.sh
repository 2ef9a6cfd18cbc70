#!/bin/bash
# Compares `haproxy -c` with `baton -c` on every corpus file, as written (raw) and on a
# stubbed copy (tools/stub.py) that both programs receive identically.
#
#   run.sh [ID...]        (default: every files/NNN.cfg)
# Environment: JAR (default $HERE/baton.jar), HAPROXY (default /usr/sbin/haproxy),
#              TIMEOUT seconds per check (default 20), OUT (default $HERE/out).
# Writes OUT/results.tsv (id, haproxy raw, baton raw, haproxy stubbed, baton stubbed,
# haproxy/baton on the stubbed copy with a final LF added when HAProxy refused it for
# lacking one, else '-'; each OK, FAIL or TIMEOUT) and
# OUT/logs/ID.{haproxy,baton}.{raw,stub,lf}.txt and ID.stub.txt, keeps the
# stubbed copies in OUT/stub/ID/, then writes report.md with tools/report.py.
# Files are checked one after the other (one process at a time).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${JAR:-$HERE/baton.jar}
HAPROXY=${HAPROXY:-/usr/sbin/haproxy}
TIMEOUT=${TIMEOUT:-20}
OUT=${OUT:-$HERE/out}
STUBS=$HERE/stubs
mkdir -p "$OUT/logs" "$OUT/stub"
"$HERE/tools/make-stubs.sh" "$STUBS"

if [ $# -gt 0 ]; then ids=("$@"); else
    ids=(); for f in "$HERE"/files/*.cfg; do ids+=("$(basename "$f" .cfg)"); done; fi

# check NAME LOG DIR ENVFILE CFG -> prints OK / FAIL / TIMEOUT
check() {
    local name=$1 log=$2 dir=$3 envfile=$4 cfg=$5 rc
    local -a envs=(PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8)
    [ -n "${JAVA_HOME:-}" ] && envs+=(JAVA_HOME="$JAVA_HOME")
    if [ -n "$envfile" ]; then while IFS= read -r kv; do [ -n "$kv" ] && envs+=("$kv"); done < "$envfile"; fi
    if [ "$name" = haproxy ]; then
        (cd "$dir" && env -i "${envs[@]}" timeout -k 5 "$TIMEOUT" "$HAPROXY" -c -f "$cfg") > "$log" 2>&1
    else
        (cd "$dir" && env -i "${envs[@]}" PATH="$(dirname "$(readlink -f "$(command -v java)")"):/usr/bin:/bin" \
            timeout -k 5 "$TIMEOUT" java -jar "$JAR" -c -f "$cfg") > "$log" 2>&1
    fi
    rc=$?
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then echo TIMEOUT; elif [ $rc -eq 0 ]; then echo OK; else echo FAIL; fi
}

results=$OUT/results.tsv
[ $# -gt 0 ] && [ -f "$results" ] || printf 'id\thaproxy_raw\tbaton_raw\thaproxy_stub\tbaton_stub\thaproxy_lf\tbaton_lf\n' > "$results"
for id in "${ids[@]}"; do
    cfg=$HERE/files/$id.cfg
    empty=$(mktemp -d /tmp/corpus-raw.XXXXXX)
    hr=$(check haproxy "$OUT/logs/$id.haproxy.raw.txt" "$empty" "" "$cfg")
    br=$(check baton "$OUT/logs/$id.baton.raw.txt" "$empty" "" "$cfg")
    rm -rf "$empty"
    sd=$OUT/stub/$id
    rm -rf "$sd"
    python3 "$HERE/tools/stub.py" "$cfg" "$sd" "$STUBS" > "$OUT/logs/$id.stub.txt" 2>&1
    hs=$(check haproxy "$OUT/logs/$id.haproxy.stub.txt" "$sd/root" "$sd/env" "$sd/haproxy.cfg")
    bs=$(check baton "$OUT/logs/$id.baton.stub.txt" "$sd/root" "$sd/env" "$sd/haproxy.cfg")
    # HAProxy refuses a file whose last line has no LF; such files are checked once
    # more with the LF added, so that the rest of their text is measured too.
    hl=-; bl=-
    if grep -q 'Missing LF on last line' "$OUT/logs/$id.haproxy.stub.txt"; then
        { cat "$sd/haproxy.cfg"; echo; } > "$sd/haproxy-lf.cfg"
        hl=$(check haproxy "$OUT/logs/$id.haproxy.lf.txt" "$sd/root" "$sd/env" "$sd/haproxy-lf.cfg")
        bl=$(check baton "$OUT/logs/$id.baton.lf.txt" "$sd/root" "$sd/env" "$sd/haproxy-lf.cfg")
    fi
    sed -i "/^$id\t/d" "$results"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$hr" "$br" "$hs" "$bs" "$hl" "$bl" >> "$results"
    printf '%s raw %s/%s stub %s/%s lf %s/%s\n' "$id" "$hr" "$br" "$hs" "$bs" "$hl" "$bl"
done
{ head -1 "$results"; tail -n +2 "$results" | sort; } > "$results.tmp" && mv "$results.tmp" "$results"
python3 "$HERE/tools/report.py" "$HERE" "$OUT" > "$HERE/report.md"

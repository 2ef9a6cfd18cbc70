#!/usr/bin/env bash
# testssl.sh (Debian's `testssl`) against baton's TLS binds: fails when it rates any finding HIGH or CRITICAL.
# Two configurations are scanned: baton's defaults (`bind ... ssl crt`, nothing else) and the Mozilla "intermediate"
# settings as HAProxy users write them (ssl-default-bind-ciphers/-ciphersuites/-options). The answer comes from
# `http-request return`, so no HSTS header (HAProxy adds none to such answers either): testssl notes it, LOW. The
# certificates come from a CA made here, given to testssl with --add-ca, so the chain of trust is judged as a
# real deployment's would be. Everything listens on 127.0.0.1; each baton is stopped after its scan.
#
#   make check-tls          # or: bench/tls/testssl.sh      (about 12 minutes; needs target/baton.jar)
#
# Output: each scan's findings rated LOW or above, then a verdict line; target/bench/testssl-*.json keep the raw
# results. Exit 1 on a HIGH or CRITICAL finding.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

JAVA=${JAVA:-java}
work_dir baton-testssl
need testssl testssl.sh
need_jars
out=target/bench
mkdir -p "$out"

# A CA, and a server certificate for "localhost" signed by it (ECDSA P-256), valid a year (testssl rates a certificate
# that expires within 30 days HIGH) and naming a CRL location (it rates a certificate without CRL or OCSP URI HIGH;
# nothing is fetched from it).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" \
    -days 365 -subj /CN=baton-testssl-ca -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/srv.key" -out "$work/srv.csr" \
    -subj /CN=localhost 2>/dev/null
printf '%s\n' 'subjectAltName=DNS:localhost,IP:127.0.0.1' 'extendedKeyUsage=serverAuth' \
    'keyUsage=critical,digitalSignature' 'crlDistributionPoints=URI:http://localhost/baton-testssl.crl' >"$work/ext"
openssl x509 -req -in "$work/srv.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 365 \
    -extfile "$work/ext" -out "$work/srv.pem" 2>/dev/null
cat "$work/srv.pem" "$work/srv.key" >"$work/bundle.pem"

# $1 name, $2 port, $3 global lines, $4 frontend lines: writes the configuration of one scan.
config() {
    cat <<CFG
global
    nbthread 1
$3

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend $1
    bind 127.0.0.1:$2 ssl crt $work/bundle.pem
$4
    http-request return status 200 content-type text/plain string ok
CFG
}
# Mozilla intermediate (https://ssl-config.mozilla.org, HAProxy flavour) with the server's cipher order: Mozilla's
# profile adds prefer-client-ciphers, which testssl 3.0.8 rates HIGH ("Has server cipher order? no (NOT ok)") for
# HAProxy 2.6 as for baton (checked with testssl -P against both).
MOZILLA="    ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305
    ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256
    ssl-default-bind-options no-sslv3 no-tlsv10 no-tlsv11 no-tls-tickets"

bad=0
for name in defaults mozilla; do
    port=$(free_port)
    if [ "$name" = defaults ]; then config "$name" "$port" "" "" >"$work/$name.cfg"
    else config "$name" "$port" "$MOZILLA" "" >"$work/$name.cfg"; fi
    "$JAVA" -jar target/baton.jar -f "$work/$name.cfg" >"$work/$name.log" 2>&1 &
    started $!
    pid=$!
    await_listen "$port" 20 "$pid" || { echo "baton did not start:" >&2; cat "$work/$name.log" >&2; exit 1; }
    json="$out/testssl-$name.json"
    rm -f "$json"
    echo "testssl against baton's '$name' bind (127.0.0.1:$port) ..." >&2
    # --ip one: no DNS; --add-ca: trust the CA made above; exit code is testssl's, the verdict is ours
    timeout 600 testssl --quiet --color 0 --ip one --add-ca "$work/ca.pem" --jsonfile "$json" \
        "https://localhost:$port/" >"$work/testssl-$name.txt" 2>&1 || true
    [ -s "$json" ] || { echo "testssl wrote no results for $name:" >&2; tail -20 "$work/testssl-$name.txt" >&2; exit 1; }
    python3 - "$json" "$name" <<'PY' || bad=1
import json, sys
path, name = sys.argv[1], sys.argv[2]
data = json.load(open(path))
findings = data if isinstance(data, list) else data.get("scanResult", data)
order = {"LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}
worst = 0
for f in findings:
    sev = f.get("severity", "")
    if sev in order:
        worst = max(worst, order[sev])
        print(f"  {name}: {sev:8} {f.get('id')}: {f.get('finding')}")
print(f"{name}: worst rating {[k for k, v in order.items() if v == worst][0] if worst else 'OK/INFO'}")
sys.exit(1 if worst >= 3 else 0)
PY
    stop_pid "$pid"
done
if [ "$bad" = 1 ]; then
    echo "FAIL: testssl rated a finding HIGH or CRITICAL" >&2
    exit 1
fi
echo "OK: no finding rated HIGH or CRITICAL"

#!/usr/bin/env bash
# Measures the TLS engines baton could use (JDK 17 SSLEngine, netty-tcnative BoringSSL) in memory: server CPU per
# full handshake (ECDSA P-256 and RSA 2048, TLS 1.3 and 1.2) and per keep-alive exchange. Needs `mvn package` done
# (the classpath comes from Maven) and openssl. About 2 minutes. Figures are in README.md, "TLS".
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp=$(mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
cd "$work"
openssl ecparam -name prime256v1 -genkey -noout -out ec.key
openssl req -x509 -new -key ec.key -out ec.crt -days 2 -subj /CN=bench.test
openssl pkcs8 -topk8 -nocrypt -in ec.key -out ec8.key
openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa8.key -out rsa.crt -days 2 -subj /CN=bench.test
openssl pkcs12 -export -in ec.crt -inkey ec8.key -out ec.p12 -passout pass:x
openssl pkcs12 -export -in rsa.crt -inkey rsa8.key -out rsa.p12 -passout pass:x
javac -cp "$cp" -d . "$OLDPWD/bench/tls/EngineBench.java"
for engine in jdk ossl; do
    for key in ec rsa; do
        for proto in TLSv1.3 TLSv1.2; do
            java -cp "$cp:." EngineBench "$engine" "$key" "$proto" 3000
        done
    done
done

#!/bin/sh
# Makes the shared stub material once: DIR/cert.pem (self-signed CA cert + its key in
# one PEM, as crt and ca-file both accept), DIR/crl.pem (an empty CRL signed by that
# CA) and DIR/dh.pem (the RFC 7919 ffdhe2048 DH group, for ssl-dh-param-file).
set -eu
DIR=${1:?usage: make-stubs.sh DIR}
mkdir -p "$DIR"
cd "$DIR"
[ -s cert.pem ] && [ -s crl.pem ] && [ -s dh.pem ] && exit 0
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out crt.pem -days 3650 \
    -subj "/CN=stub.example" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "subjectAltName=DNS:stub.example,DNS:localhost,IP:127.0.0.1" 2>/dev/null
cat crt.pem key.pem > cert.pem
mkdir -p ca
: > ca/index.txt
echo 01 > ca/crlnumber
cat > ca/ca.cnf <<CNF
[ ca ]
default_ca = stub
[ stub ]
database = $DIR/ca/index.txt
crlnumber = $DIR/ca/crlnumber
default_md = sha256
default_crl_days = 3650
CNF
openssl ca -config ca/ca.cnf -gencrl -keyfile key.pem -cert crt.pem -out crl.pem 2>/dev/null
openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out dh.pem 2>/dev/null

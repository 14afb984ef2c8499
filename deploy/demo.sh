#!/usr/bin/env bash
# `make demo`: a throwaway CA, the echo server over mutual TLS, calls from the CLI and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(swift build --show-bin-path)"
PORT="${PORT:-50443}"
DIR="$(mktemp -d)"
trap 'kill "${SERVER:-}" 2>/dev/null || true; rm -rf "$DIR"' EXIT

"$BIN/palisade" certs init --dir "$DIR"
"$BIN/palisade" certs issue echo --dir "$DIR"
"$BIN/palisade" certs issue operator/demo --dir "$DIR"

"$BIN/palisade-bench" rpc-server --port "$PORT" --cert "$DIR/echo.pem" --key "$DIR/echo.key" --ca "$DIR/ca.pem" &
SERVER=$!
for _ in $(seq 50); do
    "$BIN/palisade" health --address "127.0.0.1:$PORT" --ca "$DIR/ca.pem" \
        --cert "$DIR/operator-demo.pem" --key "$DIR/operator-demo.key" 2>/dev/null && break
    sleep 0.1
done

echo "== JSON over HTTP/2 with curl (mutual TLS):"
curl -sS --http2 --cacert "$DIR/ca.pem" --cert "$DIR/operator-demo.pem" --key "$DIR/operator-demo.key" \
    -H 'content-type: application/json' -d '{}' "https://localhost:$PORT/palisade.health.v1.Health/Check"
echo
echo "== the same without a client certificate (refused by the TLS handshake):"
curl -sS --http2 --cacert "$DIR/ca.pem" -H 'content-type: application/json' -d '{}' \
    "https://localhost:$PORT/palisade.health.v1.Health/Check" || true
kill -TERM "$SERVER"; wait "$SERVER" || true

echo "== echo server over h2c, all four call shapes:"
"$BIN/palisade-bench" rpc-server --plaintext --port "$PORT" &
SERVER=$!
sleep 0.5
"$BIN/palisade-bench" echo --port "$PORT"
kill -TERM "$SERVER"; wait "$SERVER" || true

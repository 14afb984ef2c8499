#!/usr/bin/env bash
# Same-run comparison of two builds of palisade-bench (e.g. before and after a transport change),
# alternating, plus h2load against each one's echo server and against nghttpd.
# Usage: Benchmarks/compare-rpc.sh BASE_BIN NEW_BIN [rounds=2]
#   (build the base with: git worktree add /tmp/wt-base REV && cd /tmp/wt-base &&
#    swift build -c release --scratch-path .build-rel --product palisade-bench)
# Needs h2load and nghttpd (apt-get install -y nghttp2-client nghttp2-server).
set -euo pipefail
# Absolute paths: the script works in a temporary directory.
BASE="$(realpath "$1")"; NEW="$(realpath "$2")"; ROUNDS="${3:-2}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
printf '\x00\x00\x00\x00\x64' > grpc100.bin
head -c 100 /dev/zero | tr '\0' a >> grpc100.bin
mkdir htdocs && head -c 100 /dev/zero | tr '\0' a > htdocs/small.txt

ours() {  # $1 binary, $2 h2load shape: requests/s against its plaintext echo server
    "$1" rpc-server --plaintext --port 0 > server.log 2>&1 &
    local pid=$!
    for _ in $(seq 50); do grep -q listening server.log && break; sleep 0.1; done
    local port; port="$(grep -o '127.0.0.1:[0-9]*' server.log | head -1 | cut -d: -f2)"
    # shellcheck disable=SC2086
    h2load --warm-up-time=2 -D 6 $2 -d grpc100.bin -H 'content-type: application/grpc' -H 'te: trailers' \
        "http://127.0.0.1:$port/palisade.bench.v1.Echo/Unary" | awk '/finished in/ {print $4}'
    kill "$pid"; wait "$pid" 2>/dev/null || true
}
nghttpd_rate() {  # $1 h2load shape: requests/s against nghttpd serving a 100-byte file
    nghttpd --no-tls -a 127.0.0.1 -d htdocs 18080 > /dev/null 2>&1 &
    local pid=$!
    sleep 0.5
    # shellcheck disable=SC2086
    h2load --warm-up-time=2 -D 6 $1 "http://127.0.0.1:18080/small.txt" | awk '/finished in/ {print $4}'
    kill "$pid"; wait "$pid" 2>/dev/null || true
}
for round in $(seq "$ROUNDS"); do
    echo "round $round"
    echo "rpc base: $("$BASE" rpc --seconds 5 --warmup-seconds 1 --transports h2c --stream-messages 500000 2>/dev/null | tail -1)"
    echo "rpc new:  $("$NEW" rpc --seconds 5 --warmup-seconds 1 --transports h2c --stream-messages 500000 2>/dev/null | tail -1)"
    for shape in "-c1 -m64" "-c10 -m10"; do
        echo "h2load $shape base=$(ours "$BASE" "$shape") new=$(ours "$NEW" "$shape") nghttpd=$(nghttpd_rate "$shape")"
    done
done

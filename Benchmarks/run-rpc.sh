#!/usr/bin/env bash
# The RPC transport benchmark: ours against grpc-swift-2 and against nghttp2's own tools, in one
# invocation, alternating runs so that both see the same machine.
#
#   Benchmarks/run-rpc.sh [runs] [seconds]        (defaults: 3 runs, 10 s per phase)
#
# Needs: a release build of palisade-bench and of Benchmarks/GRPCSwiftPeer (built here if
# missing), h2load and nghttpd (Debian nghttp2-client, nghttp2-server), python3.
set -euo pipefail

RUNS="${1:-3}"
SECONDS_PER_PHASE="${2:-10}"
STREAM_MESSAGES="${STREAM_MESSAGES:-1000000}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$OUT"' EXIT

command -v h2load >/dev/null && command -v nghttpd >/dev/null || {
    echo "needs h2load and nghttpd: apt-get install -y nghttp2-client nghttp2-server" >&2
    exit 1
}

echo "building (release)…" >&2
(cd "$ROOT" && swift build -c release --product palisade-bench >&2)
(cd "$ROOT/Benchmarks/GRPCSwiftPeer" && swift build -c release >&2)
OURS="$ROOT/.build/release/palisade-bench"
PEER="$ROOT/Benchmarks/GRPCSwiftPeer/.build/release/grpc-peer"

# Starts "$@" in the background, waits for its "listening on HOST:PORT" line, prints "PID PORT".
start_server() {
    local log="$OUT/server.$RANDOM.log"
    "$@" > "$log" 2>&1 &
    local pid=$!
    for _ in $(seq 100); do
        if grep -q "listening on" "$log" 2>/dev/null; then
            local port
            port="$(grep -o 'listening on [^ ]*' "$log" | head -1 | sed 's/.*://')"
            echo "$pid $port"
            return 0
        fi
        sleep 0.1
    done
    echo "server did not start: $*" >&2
    cat "$log" >&2
    return 1
}

stop_server() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# --- ours vs grpc-swift-2, alternating ------------------------------------------------------
for run in $(seq "$RUNS"); do
    echo "run $run/$RUNS: palisade" >&2
    "$OURS" rpc --seconds "$SECONDS_PER_PHASE" --stream-messages "$STREAM_MESSAGES" | tail -1 | tee -a "$OUT/ours.txt" >&2
    echo "run $run/$RUNS: grpc-swift-2" >&2
    read -r PID PORT < <(start_server "$PEER" server --port 0)
    "$PEER" bench --port "$PORT" --server-pid "$PID" --seconds "$SECONDS_PER_PHASE" \
        --stream-messages "$STREAM_MESSAGES" | tail -1 | tee -a "$OUT/peer.txt" >&2
    stop_server "$PID"
done

# --- interop: each client against the other's server -----------------------------------------
read -r PID PORT < <(start_server "$OURS" rpc-server --plaintext --port 0)
"$PEER" check --port "$PORT" > "$OUT/interop1.txt" 2>&1 && R1="ok" || R1="FAILED: $(tail -1 "$OUT/interop1.txt")"
stop_server "$PID"
read -r PID PORT < <(start_server "$PEER" server --port 0)
"$OURS" echo --port "$PORT" > "$OUT/interop2.txt" 2>&1 && R2="ok ($(tail -1 "$OUT/interop2.txt"))" || R2="FAILED: $(tail -1 "$OUT/interop2.txt")"
stop_server "$PID"
echo "interop grpc-swift-2 client -> palisade server: $R1"
echo "interop palisade client -> grpc-swift-2 server: $R2"

# --- h2load: our server vs nghttpd --------------------------------------------------------------
printf '\x00\x00\x00\x00\x64' > "$OUT/grpc100.bin"
head -c 100 /dev/zero | tr '\0' a >> "$OUT/grpc100.bin"
mkdir -p "$OUT/htdocs"
head -c 100 /dev/zero | tr '\0' a > "$OUT/htdocs/small.txt"
for run in $(seq "$RUNS"); do
    for shape in "-c1 -m1" "-c1 -m64" "-c10 -m10"; do
        read -r PID PORT < <(start_server "$OURS" rpc-server --plaintext --port 0)
        # shellcheck disable=SC2086
        rate=$(h2load --warm-up-time=2 -D "$SECONDS_PER_PHASE" $shape -d "$OUT/grpc100.bin" \
            -H 'content-type: application/grpc' -H 'te: trailers' \
            "http://127.0.0.1:$PORT/palisade.bench.v1.Echo/Unary" | awk '/finished in/ {print $4}')
        stop_server "$PID"
        echo "h2load ours $shape $rate" | tee -a "$OUT/h2load.txt" >&2
        nghttpd --no-tls -a 127.0.0.1 -d "$OUT/htdocs" 18080 > /dev/null 2>&1 &
        NPID=$!
        sleep 0.5
        # shellcheck disable=SC2086
        rate=$(h2load --warm-up-time=2 -D "$SECONDS_PER_PHASE" $shape "http://127.0.0.1:18080/small.txt" | awk '/finished in/ {print $4}')
        kill "$NPID"; wait "$NPID" 2>/dev/null || true
        echo "h2load nghttpd $shape $rate" | tee -a "$OUT/h2load.txt" >&2
    done
done

python3 "$ROOT/Benchmarks/summarize-rpc.py" "$OUT/ours.txt" "$OUT/peer.txt" "$OUT/h2load.txt"

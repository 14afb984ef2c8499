#!/usr/bin/env bash
# Builds the fuzz targets (PalisadeWire's decoders, PalisadeHTTP1's request reader, ingestion's
# entry normaliser over PalisadeJSON, the policies' regex engine) with libFuzzer + AddressSanitizer
# and runs each for the given time.
# Usage: Fuzz/run.sh [seconds]   (default 30, per target). Exits non-zero if a fuzzer finds a crash.
set -euo pipefail

SECONDS_TO_RUN="${1:-30}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/.build-fuzz"
SWIFTC="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
CORPUS="$BUILD/corpus"
HTTP1_CORPUS="$BUILD/http1-corpus"
ARTIFACTS="$BUILD/artifacts"

mkdir -p "$BUILD" "$CORPUS" "$HTTP1_CORPUS" "$ARTIFACTS"

# The module's sources plus the vector test messages, compiled as one module named
# PalisadeWire (the messages' `import PalisadeWire` is then ignored with a warning, hence -suppress-warnings).
mapfile -t SOURCES < <(find "$ROOT/Sources/PalisadeWire" -name '*.swift' | sort)
SOURCES+=("$ROOT/Tests/PalisadeWireTests/VectorMessages.swift" "$ROOT/Fuzz/WireFuzz.swift")
# The Activity messages and their hand-written reader, compared with the Codable path.
SOURCES+=("$ROOT"/Sources/PalisadeMessages/Activity*.swift)

echo "building fuzz target (${#SOURCES[@]} files)…"
"$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -g \
    -swift-version 6 -enable-upcoming-feature ExistentialAny -suppress-warnings \
    -module-name PalisadeWire -o "$BUILD/wire-fuzz" "${SOURCES[@]}" \
    2> >(grep -v "Cannot export local symbol '__asan" >&2)
# (gold warns about every ASan helper symbol of the toolchain's runtime; nothing of ours.)

# Seed the corpus with the golden vectors (hex → bytes) and their JSON mapping.
for hex in "$ROOT"/Protocol/vectors/*.hex; do
    name="$(basename "$hex" .hex)"
    sed -e 's/#.*//' "$hex" | tr -d ' \t\r\n' | xxd -r -p > "$CORPUS/$name.bin"
    # A framed copy exercises the deframer on realistic input.
    size=$(stat -c %s "$CORPUS/$name.bin")
    { printf '\x00'; printf "%08x" "$size" | xxd -r -p; cat "$CORPUS/$name.bin"; } > "$CORPUS/$name.framed"
done
cp "$ROOT"/Protocol/vectors/*.json "$CORPUS/"
for hex in "$ROOT"/Protocol/vectors/activity/activity_*.hex; do
    sed -e 's/#.*//' "$hex" | tr -d ' \t\r\n' | xxd -r -p > "$CORPUS/$(basename "$hex" .hex).bin"
done

# The HTTP/1.1 reader: its sources and the driver as one module, against Debian's libhttp-parser
# (the CHttpParser module map is found with -I).
mapfile -t HTTP1_SOURCES < <(find "$ROOT/Sources/PalisadeHTTP1" -name '*.swift' | sort)
HTTP1_SOURCES+=("$ROOT/Fuzz/HTTP1Fuzz.swift")
echo "building HTTP/1.1 fuzz target (${#HTTP1_SOURCES[@]} files)…"
"$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -g \
    -swift-version 6 -enable-upcoming-feature ExistentialAny -suppress-warnings \
    -I "$ROOT/Sources/CHttpParser" -module-name PalisadeHTTP1 -o "$BUILD/http1-fuzz" "${HTTP1_SOURCES[@]}" \
    2> >(grep -v "Cannot export local symbol '__asan" >&2)

# Seeds: requests of every shape the unit tests use (good, pipelined, chunked, smuggling).
printf 'GET /audit/v1/logs?limit=10 HTTP/1.1\r\nHost: slack.test\r\n\r\n' > "$HTTP1_CORPUS/get"
printf 'POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: a\r\n\r\n' > "$HTTP1_CORPUS/pipelined"
printf 'POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' > "$HTTP1_CORPUS/chunked"
printf 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' > "$HTTP1_CORPUS/smuggle"
printf 'GET / HTTP/1.0\r\nConnection: keep-alive\r\nExpect: 100-continue\r\n\r\n' > "$HTTP1_CORPUS/http10"

# Ingestion's entry normaliser over PalisadeJSON: its dependencies are compiled as modules of
# their own (static objects + .swiftmodule), then PalisadeNormaliser's sources and the driver as one.
NORMALISER_CORPUS="$BUILD/normaliser-corpus"
MODULES="$BUILD/modules"
mkdir -p "$NORMALISER_CORPUS" "$MODULES"
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -enable-upcoming-feature ExistentialAny -suppress-warnings
    -package-name Palisade -I "$MODULES")
build_module() {
    local name="$1"; shift
    "$SWIFTC" "${FLAGS[@]}" -wmo -module-name "$name" -emit-module -emit-module-path "$MODULES/$name.swiftmodule" \
        -c -o "$MODULES/$name.o" "$@" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
}
echo "building normaliser fuzz target…"
for module in PalisadeWire PalisadeJSON PalisadeNet PalisadeMessages PalisadeSlackCatalogue; do
    mapfile -t MODULE_SOURCES < <(find "$ROOT/Sources/$module" -name '*.swift' | sort)
    build_module "$module" "${MODULE_SOURCES[@]}"
done
mapfile -t NORMALISER_SOURCES < <(find "$ROOT/Sources/PalisadeNormaliser" -name '*.swift' | sort)
"$SWIFTC" "${FLAGS[@]}" -module-name NormaliserFuzz -o "$BUILD/normaliser-fuzz" \
    "${NORMALISER_SOURCES[@]}" "$ROOT/Fuzz/NormaliserFuzz.swift" "$MODULES"/*.o \
    2> >(grep -v "Cannot export local symbol '__asan" >&2)
# Seeds: the golden activities' entries and slack-api.md §5's page.
for json in "$ROOT"/Protocol/vectors/activity/activity_*.json; do
    python3 -c 'import json,sys,base64; d=json.load(open(sys.argv[1])); sys.stdout.buffer.write(base64.b64decode(d.get("raw","")))' \
        "$json" > "$NORMALISER_CORPUS/$(basename "$json" .json)"
done
cp "$ROOT/Tests/Fixtures/slack-api-section5.json" "$NORMALISER_CORPUS/section5"

# The policy regex engine: Sources/PalisadePolicies/Regex alone (it depends on nothing else in the
# module) and the driver, as one module.
REGEX_CORPUS="$BUILD/regex-corpus"
mkdir -p "$REGEX_CORPUS"
mapfile -t REGEX_SOURCES < <(find "$ROOT/Sources/PalisadePolicies/Regex" -name '*.swift' | sort)
REGEX_SOURCES+=("$ROOT/Fuzz/RegexFuzz.swift")
echo "building regex fuzz target (${#REGEX_SOURCES[@]} files)…"
"$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -g \
    -swift-version 6 -enable-upcoming-feature ExistentialAny -suppress-warnings \
    -module-name RegexFuzz -o "$BUILD/regex-fuzz" "${REGEX_SOURCES[@]}" \
    2> >(grep -v "Cannot export local symbol '__asan" >&2)
# Seeds: a pattern, a NUL byte, a subject; the syntax the unit tests use, and pathological shapes.
regex_seed() { printf '%s\0%s' "$2" "$3" > "$REGEX_CORPUS/$1"; }
regex_seed email '^[a-z0-9._-]+@acme\.(test|example)$' 'Ana.Ruiz@ACME.test'
regex_seed classes '[^\s\d]\w{2,4}\b[\x41-\x{5A}]?' 'x 12 abcd Z'
regex_seed nested '(a*)*b' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
regex_seed alternation '(x+x+)+y|(a|a)*b|(?:ab){2,}c' 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxab'
regex_seed bounded 'a{2,5}?.{0,3}(?:b|c){3}$' 'aaaaébcb'
regex_seed unicode '\x{263A}[\x{e0}-\x{ff}]+\x{212A}' '☺ÉéK'
regex_seed refused '(?<=a)\1a**[[:alpha:]]' 'a'

# Runs one target for the given time; a finding ends the script with the fuzzer's status.
run_target() {
    local binary="$1" corpus="$2" max_len="$3"
    echo "fuzzing $(basename "$binary") for ${SECONDS_TO_RUN}s…"
    set +e
    "$binary" "$corpus" -max_total_time="$SECONDS_TO_RUN" -max_len="$max_len" -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$ARTIFACTS/$(basename "$binary")-" -print_final_stats=1
    local status=$?
    set -e
    if [ "$status" -ne 0 ]; then
        echo "fuzzer found a problem (exit $status); reproducer in $ARTIFACTS/" >&2
        exit "$status"
    fi
}
run_target "$BUILD/wire-fuzz" "$CORPUS" 4096
run_target "$BUILD/http1-fuzz" "$HTTP1_CORPUS" 8192
run_target "$BUILD/normaliser-fuzz" "$NORMALISER_CORPUS" 8192
run_target "$BUILD/regex-fuzz" "$REGEX_CORPUS" 512
echo "no crashes in ${SECONDS_TO_RUN}s per target"

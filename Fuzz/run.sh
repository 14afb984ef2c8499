#!/usr/bin/env bash
# Builds the PalisadeWire fuzz target with libFuzzer + AddressSanitizer and runs it.
# Usage: Fuzz/run.sh [seconds]   (default 30). Exits non-zero if the fuzzer finds a crash.
set -euo pipefail

SECONDS_TO_RUN="${1:-30}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/.build-fuzz"
SWIFTC="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
CORPUS="$BUILD/corpus"
ARTIFACTS="$BUILD/artifacts"

mkdir -p "$BUILD" "$CORPUS" "$ARTIFACTS"

# The module's sources plus the vector test messages, compiled as one module named
# PalisadeWire (the messages' `import PalisadeWire` is then ignored with a warning, hence -suppress-warnings).
mapfile -t SOURCES < <(find "$ROOT/Sources/PalisadeWire" -name '*.swift' | sort)
SOURCES+=("$ROOT/Tests/PalisadeWireTests/VectorMessages.swift" "$ROOT/Fuzz/WireFuzz.swift")

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

echo "fuzzing for ${SECONDS_TO_RUN}s…"
set +e
"$BUILD/wire-fuzz" "$CORPUS" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$ARTIFACTS/" -print_final_stats=1
status=$?
set -e
if [ "$status" -ne 0 ]; then
    echo "fuzzer found a problem (exit $status); reproducer in $ARTIFACTS/" >&2
    exit "$status"
fi
echo "no crashes in ${SECONDS_TO_RUN}s"

# Palisade — build, test, demo. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
FUZZ_SECONDS ?= 30

.PHONY: build release lint format geoip test fuzz demo clean

# Every directory holding Swift files (Benchmarks/GRPCSwiftPeer is a separate package, same style).
SWIFT_FORMAT_PATHS = Package.swift Sources Services Tests Fuzz Benchmarks

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# The formatting check: the toolchain's `swift format` with the repository's .swift-format; any
# finding fails (--strict). `make format` rewrites the files in place to what `lint` accepts.
lint:
	$(SWIFT) format lint --strict --recursive --parallel --configuration .swift-format $(SWIFT_FORMAT_PATHS)

format:
	$(SWIFT) format format --in-place --recursive --parallel --configuration .swift-format $(SWIFT_FORMAT_PATHS)

# The default GeoIP database, DB-IP City Lite 2023-04 (CC BY 4.0, "IP Geolocation by DB-IP"), into
# ${XDG_CACHE_HOME:-~/.cache}/palisade/geoip or $PALISADE_GEOIP_CACHE, hash-checked; a few seconds
# the first time, then only a hash check. See Scripts/fetch-geoip.sh.
geoip:
	Scripts/fetch-geoip.sh

# The whole suite: the formatting check (`make lint`, first), the default GeoIP database (`make
# geoip`, which the test of the simulator's sites reads), a check that no test hides a closure
# inside #expect/#require (Swift 6.3.1 can run another closure in its place; see the script), a
# bounded fuzz run of the wire decoders, the HTTP/1.1 request reader, the entry normaliser and the policies' regex engine, the abuse suite in short mode (~90 s: attacks on a real
# echo server process, exit 1 on a breached bound; see Benchmarks/README.md), then unit, in-memory
# protocol and live loopback tests (last, so the test runner's summary is the final line). Serial:
# tests that measure this process's memory must not share it with the simulator's multi-megabyte
# scenarios.
test: lint geoip
	Scripts/check-test-closures.py
	Fuzz/run.sh $(FUZZ_SECONDS)
	$(SWIFT) build
	$(SWIFT) build --build-tests
	$(SWIFT) run --skip-build palisade-bench abuse --short
	$(SWIFT) test --skip-build --no-parallel

fuzz:
	Fuzz/run.sh $(FUZZ_SECONDS)

# Fetches the GeoIP database (make geoip), starts the echo server over mutual TLS with a throwaway
# CA, calls it, and stops it. The README's walkthrough runs the connector and ingestion.
demo: build geoip
	deploy/demo.sh

clean:
	rm -rf .build .build-fuzz

# Palisade — build, test, demo. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
FUZZ_SECONDS ?= 30

.PHONY: build release test fuzz demo clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# The whole suite: unit, in-memory protocol, live loopback tests, then a bounded fuzz run.
test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2
	Fuzz/run.sh $(FUZZ_SECONDS)

fuzz:
	Fuzz/run.sh $(FUZZ_SECONDS)

# Starts the echo server over mutual TLS with a throwaway CA, calls it, and stops it.
demo: build
	deploy/demo.sh

clean:
	rm -rf .build .build-fuzz

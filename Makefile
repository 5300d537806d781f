# The two front-door commands (README "Quick start"), plus the pieces they are made of.
#   make demo  — install Debian packages, build, run the lab demo (anycast-lab demo)
#   make test  — install Debian packages, build, run every test (what CI runs)
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build demo test test-unit test-interop test-asan fuzz clean

all: build

deps:
	./scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/bin/anycast-lab demo

test: deps
	./scripts/test-all.sh

test-unit: build
	ctest --test-dir $(BUILD) -L unit --output-on-failure -j $(JOBS)

test-interop: build
	ctest --test-dir $(BUILD) -L interop --output-on-failure

test-asan: deps
	./scripts/test-all.sh asan

fuzz: deps
	./tests/fuzz/run-fuzzers.sh

clean:
	rm -rf build build-asan build-fuzz

# gatehouse: a plain Makefile with pkg-config.
#
#   make            build build/gatehouse
#   make run        install what is missing, build, serve examples/gatehouse.json
#   make test       install what is missing, build, lint, run every test
#   make asan       the same suite against an AddressSanitizer + UBSan build
#   make fuzz       run each libFuzzer harness for FUZZ_SECONDS on its corpus
#   make bench      the benchmarks of bench/ (see BENCHMARKS.md)
#   make install    install into $(DESTDIR)$(PREFIX) (default /usr/local); make uninstall

PKGS      := libmicrohttpd libuv jansson libsodium sqlite3 libcurl libhs libseccomp
CC        ?= cc
BUILD     ?= build
VERSION_FLAGS = -DGATEHOUSE_BUILD_FLAGS='"$(strip $(MODE_FLAGS))"'

WARN      := -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith -Wvla -Wno-unused-parameter \
             -Wmissing-prototypes -Werror
HARDEN    := -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fstack-clash-protection \
             -fcf-protection -fPIE
HARDEN_LD := -pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack
BASE      := -std=c11 -D_GNU_SOURCE -g $(WARN) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS      := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

ifeq ($(SANITIZE),1)
MODE_FLAGS := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDMODE     := -fsanitize=address,undefined
else
MODE_FLAGS := -O2 $(HARDEN)
LDMODE     := $(HARDEN_LD)
endif

CFLAGS_ALL := $(BASE) $(MODE_FLAGS) $(CFLAGS)
LDFLAGS_ALL := $(LDMODE) $(LDFLAGS)

SRC       := $(shell find src -name '*.c' ! -name main.c | sort)
OBJ       := $(SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC  := $(shell find tests/unit -name 'test_*.c' 2>/dev/null | sort)
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRC))

.PHONY: all deps run test unit integration conformance lint asan fuzz fuzz-build fuzz-replay bench clean mutants \
        install uninstall
all: $(BUILD)/gatehouse

deps: node_modules/.package-lock.json
	@sh scripts/install-deps.sh

# Test peers from npm, pinned by the committed lockfile.
node_modules/.package-lock.json: package.json package-lock.json
	@sh scripts/install-deps.sh
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(BUILD)/obj/%.o: %.c $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) $(VERSION_FLAGS) -c $< -o $@

$(BUILD)/libgatehouse.a: $(OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/gatehouse: $(BUILD)/obj/src/main.o $(BUILD)/libgatehouse.a
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) $^ -o $@ $(LDFLAGS_ALL) $(LIBS)

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libgatehouse.a $(wildcard tests/support/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -Isrc $< $(BUILD)/libgatehouse.a -o $@ $(LDFLAGS_ALL) $(LIBS) -lcmocka

lint:
	@sh scripts/checksrc

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

# Run as root, the gateways under test run their servers as the sandbox user
# (README, "The sandbox user"), which must pass through the checkout to reach
# the fixtures: a checkout cloned into `mktemp -d` is 0700.
REACHABLE = if [ "$$(id -u)" -eq 0 ]; then chmod o+x $(CURDIR); fi

# Every gateway log and state database of the run is kept in $(SWEEP) and
# searched for every planted secret and token afterwards (tests/integration/sweep.mjs).
SWEEP = $(abspath $(BUILD))/test-sweep
# The tests share one cache of compiled patterns (tests/integration/lib/gateway.mjs):
# fill it once here, so that parallel first starts do not all compile at once
# (several seconds each under the sanitizers).
integration: $(BUILD)/gatehouse
	@$(REACHABLE)
	@d=$$(mktemp -d) && printf '{"stateDir": "%s/state"}' "$$d" > "$$d/g.json" && \
	  XDG_CACHE_HOME=$(abspath $(BUILD))/test-cache $(BUILD)/gatehouse --config "$$d/g.json" check-config >/dev/null; \
	  rc=$$?; rm -rf "$$d"; exit $$rc
	@rm -rf $(SWEEP)
	GATEHOUSE_BIN=$(abspath $(BUILD)/gatehouse) GATEHOUSE_TEST_SWEEP=$(SWEEP) \
	    node --test --test-concurrency=4 --test-timeout=600000 tests/integration/*.test.mjs
	node tests/integration/sweep.mjs $(SWEEP)

# The official MCP conformance suite through the gateway, against the baseline of
# the fixture served directly (tests/conformance/README.md).
# Three legs: each era's client in front of the fixture of its era, and a 2025
# client in front of the 2026 fixture (the gateway bridges the eras).
conformance: $(BUILD)/gatehouse
	@$(REACHABLE)
	GATEHOUSE_BIN=$(abspath $(BUILD)/gatehouse) node tests/conformance/run.mjs --gateway \
	    --spec-version 2025-11-25 --baseline tests/conformance/baseline-2025-11-25.json
	GATEHOUSE_BIN=$(abspath $(BUILD)/gatehouse) node tests/conformance/run.mjs --gateway-modern --jobs 2 \
	    --spec-version 2026-07-28 --baseline tests/conformance/baseline-2026-07-28.json
	GATEHOUSE_BIN=$(abspath $(BUILD)/gatehouse) node tests/conformance/run.mjs --gateway-modern \
	    --spec-version 2025-11-25 --baseline tests/conformance/baseline-2025-11-25.json

# The suite: lint, unit tests, every fuzz corpus replayed once, integration tests.
test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory fuzz-replay
	@$(MAKE) --no-print-directory integration
	@$(MAKE) --no-print-directory conformance

# The whole suite against an ASan + UBSan build. Sanitizer reports of every
# process (the gateway under test included) land in build-asan/sanitizer-logs;
# any report fails the target.
SANLOGS := $(abspath build-asan)/sanitizer-logs
asan: deps
	@rm -rf $(SANLOGS) && mkdir -p $(SANLOGS)
	@ASAN_OPTIONS=detect_leaks=1:log_path=$(SANLOGS)/asan \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$(SANLOGS)/ubsan \
	 $(MAKE) --no-print-directory SANITIZE=1 BUILD=build-asan CC=clang all unit integration conformance
	@if ls $(SANLOGS)/* >/dev/null 2>&1; then echo "sanitizer reports:"; cat $(SANLOGS)/*; exit 1; fi
	@echo "asan: the suite passed with no sanitizer report"

# Deliberate bugs in a throwaway copy; the suite must catch each (scripts/mutants.sh).
mutants: deps
	@sh scripts/mutants.sh

# The example gives server-everything a value from the vault: a random stand-in
# for an API key, stored once with `secret set` (it reads stdin, never argv).
run: deps all
	@chmod 600 examples/gatehouse.json
	@./$(BUILD)/gatehouse --config examples/gatehouse.json secret list | grep -q '^demo-api-key ' || \
	  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' | \
	  ./$(BUILD)/gatehouse --config examples/gatehouse.json secret set demo-api-key
	./$(BUILD)/gatehouse --config examples/gatehouse.json serve

# libFuzzer harnesses, built with clang against the library sources.
FUZZ_NAMES := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_BIN   := $(FUZZ_NAMES:%=build-fuzz/fuzz_%)
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
              $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

build-fuzz/fuzz_%: fuzz/fuzz_%.c $(SRC) $(wildcard src/*.h src/*/*.h tests/support/*.h)
	@mkdir -p build-fuzz
	@echo "  FUZZ    $<"
	@clang $(FUZZ_FLAGS) -Isrc $< $(SRC) -o $@ $(LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz-replay: fuzz-build
	@set -e; for n in $(FUZZ_NAMES); do \
	    echo "== replaying fuzz/corpus/$$n"; \
	    build-fuzz/fuzz_$$n -runs=0 fuzz/corpus/$$n > build-fuzz/replay-$$n.log 2>&1 || \
	        { cat build-fuzz/replay-$$n.log; exit 1; }; tail -n 1 build-fuzz/replay-$$n.log; done

fuzz: fuzz-build
	@set -e; for n in $(FUZZ_NAMES); do \
	    mkdir -p build-fuzz/corpus-$$n; \
	    build-fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) build-fuzz/corpus-$$n fuzz/corpus/$$n; done

bench: all $(BUILD)/bench_guard $(BUILD)/bench_redact
	sh bench/front.sh
	./$(BUILD)/bench_guard
	./$(BUILD)/bench_redact

# The guard's cost per tool list (bench/guard/bench_guard.c; BENCHMARKS.md).
$(BUILD)/bench_guard: bench/guard/bench_guard.c $(BUILD)/libgatehouse.a
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -Isrc $< $(BUILD)/libgatehouse.a -o $@ $(LDFLAGS_ALL) $(LIBS)

# Redaction throughput (bench/redact/bench_redact.c; BENCHMARKS.md).
$(BUILD)/bench_redact: bench/redact/bench_redact.c $(BUILD)/libgatehouse.a
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -Isrc $< $(BUILD)/libgatehouse.a -o $@ $(LDFLAGS_ALL) $(LIBS)

# Installation: the binary, the man page, bash completion, the systemd units
# (a user unit and a sandboxed system unit) and the system unit's user. PREFIX
# and DESTDIR as usual; each directory can be moved on its own (BINDIR, ...).
# The units name the installed binary, so they are written with BINDIR in them.
PREFIX          ?= /usr/local
BINDIR          ?= $(PREFIX)/bin
MANDIR          ?= $(PREFIX)/share/man
BASHCOMPDIR     ?= $(PREFIX)/share/bash-completion/completions
SYSTEMDUSERDIR  ?= $(PREFIX)/lib/systemd/user
SYSTEMDSYSTEMDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR     ?= $(PREFIX)/lib/sysusers.d
INSTALL         ?= install

install: $(BUILD)/gatehouse
	$(INSTALL) -d -m 0755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(SYSTEMDUSERDIR) $(DESTDIR)$(SYSTEMDSYSTEMDIR) $(DESTDIR)$(SYSUSERSDIR)
	$(INSTALL) -m 0755 $(BUILD)/gatehouse $(DESTDIR)$(BINDIR)/gatehouse
	$(INSTALL) -m 0644 man/gatehouse.1 $(DESTDIR)$(MANDIR)/man1/gatehouse.1
	$(INSTALL) -m 0644 dist/bash-completion/gatehouse $(DESTDIR)$(BASHCOMPDIR)/gatehouse
	$(INSTALL) -m 0644 dist/sysusers.d/gatehouse.conf $(DESTDIR)$(SYSUSERSDIR)/gatehouse.conf
	sed 's|@BINDIR@|$(BINDIR)|g' dist/systemd/user/gatehouse.service.in > $(DESTDIR)$(SYSTEMDUSERDIR)/gatehouse.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUSERDIR)/gatehouse.service
	sed 's|@BINDIR@|$(BINDIR)|g' dist/systemd/system/gatehouse.service.in > $(DESTDIR)$(SYSTEMDSYSTEMDIR)/gatehouse.service
	chmod 0644 $(DESTDIR)$(SYSTEMDSYSTEMDIR)/gatehouse.service

# Only our files; the directories may hold other packages' files.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gatehouse $(DESTDIR)$(MANDIR)/man1/gatehouse.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/gatehouse $(DESTDIR)$(SYSUSERSDIR)/gatehouse.conf \
	    $(DESTDIR)$(SYSTEMDUSERDIR)/gatehouse.service $(DESTDIR)$(SYSTEMDSYSTEMDIR)/gatehouse.service

clean:
	rm -rf build build-asan build-fuzz

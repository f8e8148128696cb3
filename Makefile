SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
MAKEFLAGS += --warn-undefined-variables --no-builtin-rules

VERSION    ?= 0.1.0
PLUGIN_ID  := hotpath-profiles-app
EXE        := gpx_hotpath_linux_amd64
EXE_ARM64  := gpx_hotpath_linux_arm64
DIST       := dist
PUBLISH    := artifacts/publish/gpx_hotpath
LISTEN     ?= 127.0.0.1:4040
DATA       ?= .tmp/data
DOTNET     := dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export HOTPATH_CORPUS ?= $(abspath ../shared/corpus)

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_/-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*?## "}{printf "  %-18s %s\n",$$1,$$2}'

.PHONY: backend/build
backend/build: ## Compile the .NET solution (debug)
	$(DOTNET) build backend/Hotpath.slnx

.PHONY: backend/publish
backend/publish: backend/publish/amd64 backend/publish/arm64 ## Publish gpx_hotpath as NativeAOT executables for linux-x64 and linux-arm64

.PHONY: backend/publish/amd64
backend/publish/amd64:
	$(DOTNET) publish backend/src/Hotpath.Plugin -c Release -r linux-x64 -p:Version=$(VERSION) -o $(PUBLISH)/linux-x64

# Cross-compiled on an x86_64 host with clang --target=aarch64-linux-gnu, Debian's arm64 cross
# libraries (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross) and lld, which links any target.
.PHONY: backend/publish/arm64
backend/publish/arm64:
	$(DOTNET) publish backend/src/Hotpath.Plugin -c Release -r linux-arm64 -p:LinkerFlavor=lld -p:Version=$(VERSION) -o $(PUBLISH)/linux-arm64

.PHONY: frontend/build
frontend/build: frontend/node_modules ## Build module.js, the data source module and the standalone page
	cd frontend && npm run build

frontend/node_modules: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

.PHONY: build
build: backend/publish frontend/build ## Lay out dist/ as a Grafana plugin folder, runnable in place
	rm -rf $(DIST) && mkdir -p $(DIST)/datasource $(DIST)/img $(DIST)/standalone
	sed -e 's/%VERSION%/$(VERSION)/' -e "s/%TODAY%/$$(date -u +%Y-%m-%d)/" plugin.json > $(DIST)/plugin.json
	sed -e 's/%VERSION%/$(VERSION)/' -e "s/%TODAY%/$$(date -u +%Y-%m-%d)/" frontend/src/datasource/plugin.json > $(DIST)/datasource/plugin.json
	cp frontend/build/module.js frontend/build/module.js.map $(DIST)/
	cp -r frontend/build/img/. $(DIST)/img/
	cp -r frontend/build/datasource/. $(DIST)/datasource/
	cp -r frontend/build/standalone/. $(DIST)/standalone/
	# Grafana starts gpx_hotpath_linux_<arch>; each executable loads its own SQLite build by name
	# (Hotpath.Store's SqliteConnection), so both architectures share each folder.
	for dir in $(DIST) $(DIST)/datasource; do \
	  install -m 0755 $(PUBLISH)/linux-x64/gpx_hotpath $$dir/$(EXE); \
	  install -m 0755 $(PUBLISH)/linux-arm64/gpx_hotpath $$dir/$(EXE_ARM64); \
	  install -m 0644 $(PUBLISH)/linux-x64/libe_sqlite3.so $$dir/libe_sqlite3_linux_amd64.so; \
	  install -m 0644 $(PUBLISH)/linux-arm64/libe_sqlite3.so $$dir/libe_sqlite3_linux_arm64.so; \
	done
	cp README.md $(DIST)/README.md
	@echo "dist/ is a Grafana plugin folder: $$(du -sh $(DIST) | cut -f1)"

.PHONY: package
package: build ## Zip dist/ (amd64 and arm64 executables) as $(PLUGIN_ID)-$(VERSION).zip
	rm -rf .tmp/package && mkdir -p .tmp/package && cp -r $(DIST) .tmp/package/$(PLUGIN_ID)
	cd .tmp/package && zip -qr9 ../../$(PLUGIN_ID)-$(VERSION).zip $(PLUGIN_ID)
	@ls -l $(PLUGIN_ID)-$(VERSION).zip

.PHONY: run
run: build ## Build, then serve the standalone app with demo data at http://$(LISTEN)
	$(DIST)/$(EXE) serve --listen $(LISTEN) --data $(DATA) --demo

.PHONY: test
test: lint build test/dotnet test/conformance test/native test/frontend test/standalone test/fuzz ## Run every test (lint, unit, corpus, conformance, native roots, browser, fuzz)

.PHONY: lint
lint: lint/dotnet lint/frontend ## The C# layout check and the frontend's linters

# Whitespace only, file by file, without loading projects: seconds of CPU. Code style (.editorconfig)
# and the analyzers, BannedSymbols.txt among them, are enforced by every build, warnings as errors.
.PHONY: lint/dotnet
lint/dotnet: ## dotnet format's whitespace check over backend/ and tests/ (no build)
	$(DOTNET) format whitespace --folder --verify-no-changes --include backend/ tests/ --exclude artifacts/

.PHONY: lint/frontend
lint/frontend: frontend/node_modules ## ESLint (@grafana/eslint-config) and Prettier over the frontend; cached, seconds on a re-run
	cd frontend && npm run lint

.PHONY: format
format: ## Apply dotnet format (whitespace, code style, analyzer fixes) to the solution and the fuzz targets
	$(DOTNET) format backend/Hotpath.slnx
	$(DOTNET) format tests/fuzz/Hotpath.Fuzz/Hotpath.Fuzz.csproj --include tests/fuzz/

.PHONY: test/dotnet
test/dotnet: tests/conformance/node_modules ## .NET unit and corpus tests (the Arrow tests read frames back with Node)
	$(DOTNET) test backend/Hotpath.slnx --logger "console;verbosity=minimal"

.PHONY: test/conformance
test/conformance: tests/conformance/node_modules ## Grafana-imitating gRPC suite against dist/$(EXE)
	cd tests/conformance && HOTPATH_PLUGIN_EXE=$(abspath $(DIST)/$(EXE)) npm test

.PHONY: test/native
test/native: tests/conformance/node_modules ## dist/ in a root with only Grafana Alpine's 7 glibc libraries (chroot; arm64 under qemu-user)
	tests/native/run.sh $(DIST) .tmp/native

tests/conformance/node_modules: tests/conformance/package-lock.json
	cd tests/conformance && npm ci --no-audit --no-fund
	@touch $@

.PHONY: test/frontend
test/frontend: frontend/node_modules ## Frontend unit tests and browser tests (headless Chromium)
	cd frontend && npm test

.PHONY: test/standalone
test/standalone: frontend/node_modules ## The standalone page in headless Chromium against the real `serve`
	rm -rf .tmp/standalone && mkdir -p .tmp/standalone
	$(DIST)/$(EXE) serve --listen 127.0.0.1:0 --data .tmp/standalone/data >.tmp/standalone/out 2>.tmp/standalone/err & pid=$$!; \
	trap "kill $$pid" EXIT; url=""; \
	for _ in $$(seq 100); do url=$$(grep -o 'http://[0-9.:]*' .tmp/standalone/out || true); [[ -n "$$url" ]] && break; sleep 0.1; done; \
	[[ -n "$$url" ]] || { cat .tmp/standalone/err; exit 1; }; \
	cd frontend && HOTPATH_STANDALONE_URL=$$url node --test test/browser/standalone.test.mjs

# Coverage-guided fuzzing (docs/fuzzing.md): SharpFuzz-instrumented assemblies under afl-fuzz, one
# fuzzer at a time at nice 19. FUZZ_SECONDS bounds each target's long run, FUZZ_EXECS ends it sooner.
FUZZ_TARGETS := pprof folded selector connect ingest-name multipart resource-params
FUZZ_SECONDS ?= 1800
FUZZ_EXECS   ?= 1000000
FUZZ_SHORT   ?= 10

.PHONY: fuzz/build
fuzz/build:
	tests/fuzz/fuzz.sh build

.PHONY: fuzz
fuzz: fuzz/build ## Fuzz every target (or one: make fuzz/TARGET) for FUZZ_SECONDS or FUZZ_EXECS executions each
	for target in $(FUZZ_TARGETS); do tests/fuzz/fuzz.sh run $$target $(FUZZ_SECONDS) $(FUZZ_EXECS); done

.PHONY: $(addprefix fuzz/,$(FUZZ_TARGETS))
$(addprefix fuzz/,$(FUZZ_TARGETS)): fuzz/%: fuzz/build ## (fuzz/TARGET) Fuzz one target the same way
	tests/fuzz/fuzz.sh run $* $(FUZZ_SECONDS) $(FUZZ_EXECS)

.PHONY: test/fuzz
test/fuzz: fuzz/build ## Replay every fuzz corpus and past finding, then FUZZ_SHORT seconds of afl-fuzz per target
	tests/fuzz/fuzz.sh replay
	for target in $(FUZZ_TARGETS); do tests/fuzz/fuzz.sh run $$target $(FUZZ_SHORT); done

.PHONY: bench
bench: bench/dotnet bench/ingest bench/vs-pprof bench/ui ## All benchmarks; record results in docs/performance.md

.PHONY: bench/dotnet
bench/dotnet: ## BenchmarkDotNet suites (decode, merge, flame graph), short job; then the store scenarios
	$(DOTNET) run -c Release --project backend/bench/Hotpath.Benchmarks -- --filter '*' --job short
	$(DOTNET) run -c Release --project backend/bench/Hotpath.Benchmarks -- store

.PHONY: bench/ingest
bench/ingest: ## Ingest over HTTP: 2,000 fresh Go CPU profiles from 16 keep-alive clients to a real serve
	rm -rf .tmp/bench-ingest && mkdir -p .tmp/bench-ingest
	GOCACHE=$(abspath .tmp/gocache) go run tests/reference/goprofiler/main.go .tmp/bench-ingest
	$(DIST)/$(EXE) serve --listen 127.0.0.1:0 --data .tmp/bench-ingest/data >.tmp/bench-ingest/out 2>.tmp/bench-ingest/err & pid=$$!; \
	trap "kill $$pid" EXIT; url=""; \
	for _ in $$(seq 100); do url=$$(grep -o 'http://[0-9.:]*' .tmp/bench-ingest/out || true); [[ -n "$$url" ]] && break; sleep 0.1; done; \
	node backend/bench/ingest-load.mjs $$url .tmp/bench-ingest/cpu.pb.gz 2000 $(or $(CLIENTS),16)

.PHONY: bench/vs-pprof
bench/vs-pprof: ## Whole process: 50 heap profiles into a top table, gpx_hotpath vs go tool pprof
	backend/bench/compare-go-pprof.sh 5

.PHONY: bench/ui
bench/ui: build ## Browser: All services with 50 services, Labels with 100 values, 16,384-node flame graph (medians of 7 runs)
	cd frontend && npm run build:test-host && node bench/ui.bench.mjs 7

.PHONY: clean
clean: ## Remove build outputs
	rm -rf artifacts $(DIST) .tmp frontend/build *.zip

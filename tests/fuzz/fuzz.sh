#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that take untrusted bytes (docs/fuzzing.md).
#   fuzz.sh build                 build tests/fuzz/Hotpath.Fuzz and instrument our assemblies with sharpfuzz
#   fuzz.sh run TARGET SECONDS [EXECS]
#                                 afl-fuzz on TARGET from its corpus for SECONDS, or until about EXECS
#                                 executions if that comes first; fails on a crash or hang
#   fuzz.sh keep TARGET           adds the last run's queue (inputs that reached new branches, up to
#                                 8 KiB) to TARGET's corpus, named by content hash
#   fuzz.sh replay [TARGET...]    every corpus input through the same harness once, uninstrumented, no fuzzer
# Fuzzing runs at nice 19, one afl-fuzz at a time, so builds on a shared machine keep priority.
set -euo pipefail
cd "$(dirname "$0")/../.."

TARGETS=(pprof folded selector connect ingest-name multipart resource-params)
WORK=${FUZZ_WORK:-.tmp/fuzz}
BIN=$WORK/bin                              # instrumented copy, for afl-fuzz
PLAIN=artifacts/bin/Hotpath.Fuzz/release   # the same harness uninstrumented, for replay
CORPUS=tests/fuzz/corpus

build() {
  # Built (not published: the plugin project publishes as NativeAOT) and copied, so that the
  # instrumented copies never replace the assemblies other builds use.
  dotnet build tests/fuzz/Hotpath.Fuzz -c Release --nologo -v quiet
  rm -rf "$BIN" && mkdir -p "$BIN"
  cp -r artifacts/bin/Hotpath.Fuzz/release/. "$BIN"
  dotnet tool restore >/dev/null
  # Our assemblies, plus Google.Protobuf so that the Connect target gets feedback from the protobuf
  # and JSON decoders it drives. The shared framework (multipart reader) stays uninstrumented.
  for dll in Hotpath.Engine Hotpath.Store Hotpath.Query gpx_hotpath Google.Protobuf; do
    dotnet sharpfuzz "$BIN/$dll.dll" >/dev/null
  done
}

replay() {
  local status=0
  for target in "${@:-${TARGETS[@]}}"; do
    dotnet "$PLAIN/Hotpath.Fuzz.dll" replay "$target" "$CORPUS/$target" || status=1
  done
  return $status
}

run() {
  local target=$1 seconds=$2 execs=${3:-} out=$WORK/out/$1
  rm -rf "$out" && mkdir -p "$out"
  # dotnet is not an AFL-instrumented binary (the coverage comes from SharpFuzz's IL rewriting), and
  # the .NET runtime starts slowly on a busy machine: hence the skipped checks and long start timeout.
  AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 \
  AFL_NO_UI=1 AFL_FORKSRV_INIT_TMOUT=120000 AFL_QUIET=1 \
    nice -n 19 afl-fuzz -V "$seconds" ${execs:+-E "$execs"} -t 5000 -m none -i "$CORPUS/$target" -o "$out" \
      -- dotnet "$BIN/Hotpath.Fuzz.dll" run "$target" >"$out/afl.log" 2>&1 || { tail -30 "$out/afl.log"; return 1; }
  local stats=$out/default/fuzzer_stats
  awk -v t="$target" -F' *: *' '
    { v[$1] = $2 }
    END { printf "%s: %s execs in %s s (%s/s), corpus %s, edges %s (%s), crashes %s, hangs %s\n",
            t, v["execs_done"], v["run_time"], v["execs_per_sec"], v["corpus_count"], v["edges_found"], v["bitmap_cvg"], v["saved_crashes"], v["saved_hangs"] }' "$stats" \
    | tee -a "$WORK/results.txt"
  local found
  found=$(find "$out/default/crashes" "$out/default/hangs" -type f ! -name README.txt | head -20)
  if [[ -n "$found" ]]; then
    echo "$target: findings (replay with: dotnet $PLAIN/Hotpath.Fuzz.dll replay $target FILE):" >&2
    echo "$found" >&2
    return 1
  fi
}

keep() {
  local target=$1 file hash
  for file in "$WORK/out/$target/default/queue"/id:*; do
    # Seeds come back as "orig:" entries; they are in the corpus already.
    [[ -f "$file" && "$file" != *orig:* && $(stat -c %s "$file") -le 8192 ]] || continue
    hash=$(sha1sum "$file" | cut -c1-16)
    cp "$file" "$CORPUS/$target/queue-$hash"
  done
}

case "${1:-}" in
  build) build ;;
  replay) shift; replay "$@" ;;
  run) run "$2" "$3" "${4:-}" ;;
  keep) keep "$2" ;;
  *) echo "usage: $0 build | replay [TARGET...] | run TARGET SECONDS [EXECS] | keep TARGET  (targets: ${TARGETS[*]})" >&2; exit 2 ;;
esac

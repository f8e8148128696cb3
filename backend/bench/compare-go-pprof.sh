#!/usr/bin/env bash
# Whole-process comparison: merging 50 copies of the corpus heap profile into a top table,
# gpx_hotpath top vs go tool pprof -top, each run under /usr/bin/time -v.
#
# Usage: HOTPATH_CORPUS=../shared/corpus backend/bench/compare-go-pprof.sh [RUNS]
# Env:   HOTPATH_CORPUS (required)  the corpus folder
#        HOTPATH_BENCH_ENV          extra environment for gpx_hotpath runs, e.g. "DOTNET_GCgen0size=..."
#        HOTPATH_EXE                an executable to measure instead of publishing one, e.g.
#                                   dist/gpx_hotpath_linux_amd64 after `make build`
# Needs: go (Debian golang-go), /usr/bin/time (Debian time), dotnet SDK, clang (NativeAOT).
set -euo pipefail

runs="${1:-5}"
corpus="${HOTPATH_CORPUS:?set HOTPATH_CORPUS to the corpus folder}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

heap="$corpus/grafana-pyroscope/pkg/pprof/testdata/heap"
mkdir -p "$work/copies50"
for i in $(seq -w 1 50); do cp "$heap" "$work/copies50/heap_$i.pb.gz"; done

# The executable as shipped (NativeAOT, linux-x64; `make backend/publish/amd64`), unless given.
if [[ -n "${HOTPATH_EXE:-}" ]]; then
  hotpath="$(cd "$(dirname "$HOTPATH_EXE")" && pwd)/$(basename "$HOTPATH_EXE")"
else
  dotnet publish "$repo/backend/src/Hotpath.Plugin" -c Release -r linux-x64 -o "$work/bin" >/dev/null
  hotpath="$work/bin/gpx_hotpath"
fi

measure() { # name, command...
  local name="$1"; shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$@" >"$work/out.txt" 2>"$work/time.txt"
    local wall user sys rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time.txt")
    user=$(awk -F': ' '/User time/ {print $2}' "$work/time.txt")
    sys=$(awk -F': ' '/System time/ {print $2}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")
    echo "$name $wall $user $sys $rss"
  done
}

{
  measure hotpath env ${HOTPATH_BENCH_ENV:-} "$hotpath" top "$work"/copies50/heap_*.pb.gz
  measure go go tool pprof -symbolize=none -top "$work"/copies50/heap_*.pb.gz
} >"$work/results.txt"

echo "load average before summary: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
  { wall[$1]=wall[$1] " " $2; cpu[$1]=cpu[$1] " " ($3+$4); rss[$1]=rss[$1] " " $5 }
  function median(list,   a, n, i, j, t) { n=split(list, a, " ");
    for (i=1;i<=n;i++) for (j=i+1;j<=n;j++) if (a[j]+0 < a[i]+0) { t=a[i]; a[i]=a[j]; a[j]=t }
    return (n%2) ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2 }
  END {
    printf "%-8s %12s %14s %12s\n", "tool", "wall s (med)", "user+sys s", "max RSS MB";
    for (k in wall) { w[k]=median(wall[k]); c[k]=median(cpu[k]); r[k]=median(rss[k]);
      printf "%-8s %12.2f %14.2f %12.0f   runs:%s\n", k, w[k], c[k], r[k], wall[k] }
    printf "speed-up (wall) %.1fx, (cpu) %.1fx; memory %.1f%% of go\n", w["go"]/w["hotpath"], c["go"]/c["hotpath"], 100*r["hotpath"]/r["go"]
  }' "$work/results.txt"

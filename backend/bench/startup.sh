#!/usr/bin/env bash
# Start-up of the plugin as Grafana starts it: time from spawning the executable with Grafana's
# environment to reading the go-plugin handshake line on its stdout, and its resident memory one
# second after that line (VmRSS, idle, no request served yet), and the CPU time (user+sys, from
# /proc/PID/stat, 10 ms ticks) it had used when the line was read: on a busy machine the wall time
# mostly measures waiting for a core, the CPU time does not. Prints every run, then the medians.
#
# Usage: backend/bench/startup.sh EXE [RUNS]      e.g. backend/bench/startup.sh dist/gpx_hotpath_linux_amd64 20
set -euo pipefail

exe="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
runs="${2:-20}"
tick_ms=$(( 1000 / $(getconf CLK_TCK) ))
times=() rss=() cpu=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  coproc PLUGIN { grafana_plugin_type=datasource PLUGIN_PROTOCOL_VERSIONS=2 exec "$exe" 2>/dev/null; }
  read -r line <&"${PLUGIN[0]}"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  cpu_ms=$(awk -v t="$tick_ms" '{print ($14 + $15) * t}' "/proc/$PLUGIN_PID/stat")
  [[ "$line" == 1\|2\|* ]] || { echo "not a handshake: $line" >&2; exit 1; }
  sleep 1
  kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$PLUGIN_PID/status")
  kill -9 "$PLUGIN_PID"; wait "$PLUGIN_PID" 2>/dev/null || true
  times+=("$ms") rss+=("$kb") cpu+=("$cpu_ms")
  echo "handshake ${ms} ms (CPU ${cpu_ms} ms), RSS $(( kb / 1024 )) MB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "size $(stat -c %s "$exe") bytes; handshake median $(median "${times[@]}") ms (min $(printf '%s\n' "${times[@]}" | sort -n | head -1), max $(printf '%s\n' "${times[@]}" | sort -n | tail -1)), CPU median $(median "${cpu[@]}") ms; RSS median $(( $(median "${rss[@]}" | cut -d. -f1) / 1024 )) MB over $runs runs"

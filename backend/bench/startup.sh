#!/usr/bin/env bash
# Start-up of the plugin as Grafana starts it: time from spawning the executable with Grafana's
# environment to reading the go-plugin handshake line on its stdout, and its resident memory one
# second after that line (VmRSS, idle, no request served yet), the CPU time it had used when the
# line was read (sum of its threads' run time in /proc/PID/task/*/schedstat, nanoseconds) and its
# minor page faults by then (/proc/PID/stat): on a busy machine the wall time mostly measures
# waiting for a core, the CPU time and the faults do not. Prints every run, then the medians.
#
# Usage: backend/bench/startup.sh EXE [RUNS]      e.g. backend/bench/startup.sh dist/gpx_hotpath_linux_amd64 20
set -euo pipefail

exe="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
runs="${2:-20}"
times=() rss=() cpu=() faults=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  coproc PLUGIN { grafana_plugin_type=datasource PLUGIN_PROTOCOL_VERSIONS=2 exec "$exe" 2>/dev/null; }
  read -r line <&"${PLUGIN[0]}"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  cpu_ms=$(cat /proc/"$PLUGIN_PID"/task/*/schedstat 2>/dev/null | awk '{ns += $1} END {printf "%.1f", ns / 1e6}')
  minflt=$(sed 's/.*) //' "/proc/$PLUGIN_PID/stat" | awk '{print $8}')
  [[ "$line" == 1\|2\|* ]] || { echo "not a handshake: $line" >&2; exit 1; }
  sleep 1
  kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$PLUGIN_PID/status")
  kill -9 "$PLUGIN_PID"; wait "$PLUGIN_PID" 2>/dev/null || true
  times+=("$ms") rss+=("$kb") cpu+=("$cpu_ms") faults+=("$minflt")
  echo "handshake ${ms} ms (CPU ${cpu_ms} ms, ${minflt} page faults), RSS $(( kb / 1024 )) MB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "size $(stat -c %s "$exe") bytes; handshake median $(median "${times[@]}") ms (min $(printf '%s\n' "${times[@]}" | sort -n | head -1), max $(printf '%s\n' "${times[@]}" | sort -n | tail -1)), CPU median $(median "${cpu[@]}") ms, page faults median $(median "${faults[@]}"); RSS median $(( $(median "${rss[@]}" | cut -d. -f1) / 1024 )) MB over $runs runs"

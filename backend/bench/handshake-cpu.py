#!/usr/bin/env python3
"""Start-up cost up to the handshake line alone, on a busy machine too.

Spawns the plugin with Grafana's environment, reads its first stdout line, stops the plugin at once
(SIGSTOP) and reads the CPU time of all its threads (/proc/PID/task/*/schedstat) and its minor page
faults (/proc/PID/stat): work done after the line is not counted. Run it in the real-time class,
e.g. `chrt -f 10 backend/bench/handshake-cpu.py EXE 10`: the reader then wakes the moment the line
is written, and the plugin, which inherits the class, does not wait for a core either, so its wall
time approximates an idle machine's.

Usage: backend/bench/handshake-cpu.py EXE [RUNS]
"""
import glob
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

exe = os.path.abspath(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
walls, cpus, faults = [], [], []
with tempfile.TemporaryDirectory(prefix="hotpath-handshake-") as data:
    env = dict(os.environ, grafana_plugin_type="datasource", PLUGIN_PROTOCOL_VERSIONS="2", HOTPATH_DATA=data)
    for _ in range(runs):
        start = time.perf_counter()
        plugin = subprocess.Popen([exe], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = plugin.stdout.readline()
        os.kill(plugin.pid, signal.SIGSTOP)
        wall_ms = (time.perf_counter() - start) * 1000
        cpu_ns = 0
        for stat in glob.glob(f"/proc/{plugin.pid}/task/*/schedstat"):
            with open(stat) as f:
                cpu_ns += int(f.read().split()[0])
        with open(f"/proc/{plugin.pid}/stat") as f:
            minflt = int(f.read().rsplit(")", 1)[1].split()[7])
        plugin.kill()
        plugin.wait()
        if not line.startswith(b"1|2|tcp|"):
            sys.exit(f"not a handshake: {line!r}")
        walls.append(wall_ms)
        cpus.append(cpu_ns / 1e6)
        faults.append(minflt)
        print(f"handshake {wall_ms:.1f} ms, CPU {cpu_ns / 1e6:.1f} ms, {minflt} page faults")
with open("/proc/loadavg") as f:
    load = " ".join(f.read().split()[:3])
print(f"medians over {runs} runs: handshake {statistics.median(walls):.1f} ms (min {min(walls):.1f}), "
      f"CPU {statistics.median(cpus):.1f} ms, page faults {statistics.median(faults):.0f} (load average {load})")

#!/usr/bin/env bash
# Proves that dist/ runs where Grafana's default (Alpine) image runs x86_64 plugins: a root holding
# only the seven glibc libraries that image carries for them, and nothing else of the host.
#
#   1. every ELF file in dist/ needs (readelf -d, NEEDED) only those libraries;
#   2. amd64: a root with those seven libraries copied from this host, /dev/null, /dev/urandom, /tmp
#      and /proc; dist/ copied into it; the conformance suite starts the plugin through `chroot`
#      (handshake, health, CheckHealth on the embedded store, resources, QueryData, metrics, Shutdown);
#   3. arm64: the same seven libraries of the arm64 cross sysroot in a root of their own, the plugin
#      run by qemu-user with that root as its library prefix: handshake, CheckHealth on the embedded
#      store (SQLite loads) and a resource call. Shutdown is left out here: its assertion is
#      Grafana's 2 s limit, which emulation on a busy machine can exceed (the amd64 run checks it).
#
# Usage: tests/native/run.sh DIST WORKDIR   (as root: chroot, mknod and mount need it)
set -euo pipefail

dist="$(cd "$1" && pwd)"
mkdir -p "$2"
work="$(cd "$2" && pwd)"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
libs=(libc.so.6 libdl.so.2 libm.so.6 libpthread.so.0 librt.so.1 libresolv.so.2)

fail() { echo "test/native: $*" >&2; exit 1; }

# --- 1. NEEDED of everything in dist/ ---------------------------------------------------------
checked=0
while IFS= read -r -d '' f; do
  [[ "$(head -c4 "$f" | od -An -tx1 | tr -d ' ')" == 7f454c46 ]] || continue
  machine=$(readelf -h "$f" | awk -F: '/Machine:/ {gsub(/^ +/, "", $2); print $2}')
  case "$machine" in
    *X86-64*) allowed=(ld-linux-x86-64.so.2 "${libs[@]}") ;;
    *AArch64*) allowed=(ld-linux-aarch64.so.1 "${libs[@]}") ;;
    *) fail "$f: unexpected machine '$machine'" ;;
  esac
  while read -r needed; do
    [[ " ${allowed[*]} " == *" $needed "* ]] || fail "${f#"$dist"/} needs $needed, which Grafana's Alpine image does not carry (allowed: ${allowed[*]})"
  done < <(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  echo "ok: ${f#"$dist"/} ($machine) needs only: $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
  checked=$((checked + 1))
done < <(find "$dist" -type f -print0)
(( checked >= 4 )) || fail "expected at least 4 ELF files in $dist (two executables, two SQLite libraries), found $checked"

# --- 2. amd64 in a chroot ---------------------------------------------------------------------
root="$work/root-amd64"
if mountpoint -q "$root/proc" 2>/dev/null; then umount "$root/proc"; fi
rm -rf "$root"
mkdir -p "$root/lib/x86_64-linux-gnu" "$root/lib64" "$root/dev" "$root/proc" "$root/tmp" "$root/plugin"
chmod 1777 "$root/tmp"
host_libdir=$(dirname "$(readlink -f /lib64/ld-linux-x86-64.so.2)")
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
for l in "${libs[@]}"; do cp -L "$host_libdir/$l" "$root/lib/x86_64-linux-gnu/"; done
mknod -m 666 "$root/dev/null" c 1 3
mknod -m 444 "$root/dev/urandom" c 1 9
cp -a "$dist/." "$root/plugin/"
# The suite passes host paths (the executable, the store folder under TMPDIR) to the plugin; this
# link makes every path under $root mean the same file inside the root as outside it.
mkdir -p "$root$(dirname "$root")"
ln -s / "$root$root"

proc_mounted=0
if mount -t proc proc "$root/proc" 2>/dev/null; then
  proc_mounted=1
  trap 'umount "$root/proc"' EXIT
fi
echo "amd64 root: $(cd "$root" && find . \( -path ./plugin -o -path ./proc \) -prune -o \( -type f -o -type c \) -print | sort | tr '\n' ' ')(proc mounted: $proc_mounted)"

cd "$repo/tests/conformance"
if (( proc_mounted )); then
  # The whole suite, unchanged, against the plugin inside the root.
  TMPDIR="$root/tmp" HOTPATH_PLUGIN_PREFIX="chroot $root" HOTPATH_PLUGIN_EXE="$root/plugin/gpx_hotpath_linux_amd64" \
    node --test --test-concurrency=1 --test-reporter=spec test/plugin.conformance.test.mjs
else
  # Where mounting proc is refused, the root has an empty /proc: the plugin must still start, answer
  # CheckHealth on its store, serve a resource and shut down. (Its process metrics read /proc, so the
  # metrics test is left out here and says so.)
  echo "test/native: mount -t proc refused here; running the protocol tests without /proc" >&2
  TMPDIR="$root/tmp" HOTPATH_PLUGIN_PREFIX="chroot $root" HOTPATH_PLUGIN_EXE="$root/plugin/gpx_hotpath_linux_amd64" \
    node --test --test-concurrency=1 --test-reporter=spec \
    --test-name-pattern='handshake|CheckHealth: OK|CallResource GET datasources|GRPCController/Shutdown|exactly one line' \
    test/plugin.conformance.test.mjs
fi

# --- 3. arm64 under qemu-user -----------------------------------------------------------------
arm_root="$work/root-arm64"
rm -rf "$arm_root" && mkdir -p "$arm_root/lib"
for l in ld-linux-aarch64.so.1 "${libs[@]}"; do cp -L "/usr/aarch64-linux-gnu/lib/$l" "$arm_root/lib/"; done
TMPDIR="$work" HOTPATH_PLUGIN_PREFIX="qemu-aarch64 -L $arm_root" HOTPATH_PLUGIN_EXE="$dist/gpx_hotpath_linux_arm64" \
  node --test --test-concurrency=1 --test-reporter=spec \
  --test-name-pattern='handshake|CheckHealth: OK|CallResource GET datasources' \
  test/plugin.conformance.test.mjs

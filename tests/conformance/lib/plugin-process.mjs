// Starts the plugin executable the way Grafana does through hashicorp/go-plugin, and records everything
// it writes. Facts: reference §1 (env, absolute path, no args, stdin inherited, first stdout line only).
import { spawn } from 'node:child_process';
import { isAbsolute, join, resolve } from 'node:path';
import { accessSync, constants } from 'node:fs';
import { repoRoot } from './protocol.mjs';
import { GRAFANA_VERSION } from './plugin-context.mjs';

export function pluginExecutable() {
  const exe = resolve(process.env.HOTPATH_PLUGIN_EXE ?? join(repoRoot, 'dist', 'gpx_hotpath_linux_amd64'));
  try {
    accessSync(exe, constants.X_OK);
  } catch {
    throw new Error(`plugin executable ${exe} is missing or not executable: build it (make build) or set HOTPATH_PLUGIN_EXE`);
  }
  return exe;
}

/**
 * HOTPATH_PLUGIN_PREFIX: words run in front of the executable, split on spaces (no quoting), e.g.
 * `chroot /path/to/root` or `qemu-aarch64 -L /usr/aarch64-linux-gnu`. The executable's absolute path
 * is passed to it unchanged, so under chroot that path must also resolve inside the root. Both
 * chroot and qemu-user exec in the same process, so signals and the exit reach the plugin itself.
 */
export function launchCommand(exe) {
  const prefix = (process.env.HOTPATH_PLUGIN_PREFIX ?? '').split(' ').filter(Boolean);
  return prefix.length > 0 ? [prefix[0], [...prefix.slice(1), exe]] : [exe, []];
}

/** Grafana's environment for a backend plugin (go-plugin vars last, as go-plugin appends them). */
export function grafanaEnvironment(extra = {}) {
  return {
    ...process.env,
    GF_VERSION: GRAFANA_VERSION,
    GF_EDITION: 'Open Source',
    ...extra,
    grafana_plugin_type: 'datasource',
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    PLUGIN_PROTOCOL_VERSIONS: '2',
  };
}

export class PluginProcess {
  constructor(exe, env) {
    if (!isAbsolute(exe)) throw new Error(`Grafana only runs absolute paths, got ${exe}`);
    this.exe = exe;
    this.stdout = Buffer.alloc(0);
    this.stderr = Buffer.alloc(0);
    this.exit = null; // { code, signal, at }
    const [command, args] = launchCommand(exe);
    this.child = spawn(command, args, { env, stdio: ['inherit', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (d) => { this.stdout = Buffer.concat([this.stdout, d]); });
    this.child.stderr.on('data', (d) => { this.stderr = Buffer.concat([this.stderr, d]); });
    this.exited = new Promise((resolveExit) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal, at: performance.now() };
        resolveExit(this.exit);
      });
    });
    this.spawnError = new Promise((_, reject) => this.child.on('error', reject));
  }

  get alive() {
    return this.exit === null;
  }

  /** The first stdout line, as go-plugin reads it (within 60 s, failing if the process exits first). */
  async handshakeLine(timeoutMs = 60_000) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const newline = this.stdout.indexOf(0x0a);
      if (newline >= 0) return this.stdout.subarray(0, newline).toString('utf8');
      if (!this.alive) {
        throw new Error(`plugin exited (code ${this.exit.code}, signal ${this.exit.signal}) before the handshake; stderr:\n${this.stderr.toString('utf8')}`);
      }
      if (performance.now() > deadline) throw new Error(`no handshake line within ${timeoutMs} ms; stdout so far: ${JSON.stringify(this.stdout.toString('utf8'))}`);
      await Promise.race([new Promise((r) => setTimeout(r, 20)), this.spawnError]);
    }
  }

  stdoutLines() {
    const text = this.stdout.toString('utf8');
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines;
  }

  stderrLines() {
    const lines = this.stderr.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines;
  }

  /** Resolves with the exit, or null after timeoutMs. */
  async waitForExit(timeoutMs) {
    let timer;
    const timeout = new Promise((r) => { timer = setTimeout(() => r(null), timeoutMs); });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill() {
    if (this.alive) this.child.kill('SIGKILL');
  }
}

/**
 * Parses and checks the handshake line as go-plugin's client does:
 * CORE|APP|NETWORK|ADDRESS|PROTOCOL[|CERT], core 1, app 2, tcp|unix, protocol grpc, no AutoMTLS cert.
 * Returns the gRPC target for @grpc/grpc-js.
 */
export function parseHandshake(line) {
  const parts = line.trim().split('|');
  if (parts.length < 4) throw new Error(`Unrecognized remote plugin message: ${JSON.stringify(line)}`);
  if (parts[0] !== '1') throw new Error(`core protocol version ${JSON.stringify(parts[0])}, Grafana needs 1`);
  if (parts[1] !== '2') throw new Error(`app protocol version ${JSON.stringify(parts[1])}, Grafana needs 2`);
  if (parts.length < 5) throw new Error(`no protocol field: go-plugin assumes netrpc, which Grafana refuses (${JSON.stringify(line)})`);
  if (parts[4] !== 'grpc') throw new Error(`protocol ${JSON.stringify(parts[4])}, Grafana allows only grpc`);
  if (parts.length > 5 && parts[5].length > 50) throw new Error('a server certificate was sent, but Grafana does not use AutoMTLS');
  const [, , network, address] = parts;
  if (network === 'tcp') {
    const m = /^(127\.0\.0\.1|\[::1\]|localhost):(\d+)$/.exec(address);
    if (!m) throw new Error(`tcp address ${JSON.stringify(address)} is not host:port on loopback`);
    return { network, address, target: address };
  }
  if (network === 'unix') {
    if (!isAbsolute(address)) throw new Error(`unix socket path ${JSON.stringify(address)} is not absolute`);
    return { network, address, target: `unix:${address}` };
  }
  throw new Error(`unknown address type ${JSON.stringify(network)}`);
}

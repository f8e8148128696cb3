// Runs the real `gpx_hotpath serve` for the end-to-end suites: its own data folder, a free loopback
// port, and this build's standalone page (--web), so the page under test is the one just built.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { buildDir } from './server.mjs';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../..');

/** The executable to run: $HOTPATH_EXE, else dist/ (make build), else a debug build of the plugin project. */
export function findServeExecutable() {
  const candidates = [
    process.env.HOTPATH_EXE,
    path.join(repoRoot, 'dist', 'gpx_hotpath_linux_amd64'),
    path.join(repoRoot, 'artifacts', 'bin', 'Hotpath.Plugin', 'debug', 'gpx_hotpath'),
  ].filter(Boolean);
  return candidates.find((file) => fs.existsSync(file));
}

/**
 * Starts `serve` and resolves once it prints "Hotpath is serving on http://…". `extra` adds flags
 * (e.g. --demo). close() stops it (SIGTERM, then SIGKILL) and removes the data folder.
 */
export async function startServe(executable, extra = []) {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-e2e-'));
  const child = spawn(executable, ['serve', '--listen', '127.0.0.1:0', '--data', data, '--web', path.join(buildDir, 'standalone'), ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start in 180 s; stderr: ${stderr}`)), 180_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /Hotpath is serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before serving; stderr: ${stderr}`));
    });
  });
  return {
    url,
    stderr: () => stderr,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(data, { recursive: true, force: true });
    },
  };
}

/**
 * Pushes `points` CPU profiles per service over the last `minutes` through Pyroscope's legacy ingest
 * (folded stacks), `concurrency` requests at a time. The store refuses profiles older than an hour,
 * so `minutes` stays below 60. Each service gets its own stacks and weight.
 */
export async function pushServices(baseUrl, services, { points = 20, minutes = 50, concurrency = 8 } = {}) {
  const now = Date.now();
  const jobs = [];
  for (const [i, service] of services.entries()) {
    for (let p = 0; p < points; p++) {
      const at = now - Math.round(((points - p) / points) * minutes * 60_000);
      const weight = 50 + ((i * 37 + p * 11) % 40);
      const body = [`main;serve;handle_${i % 5};work ${weight}`, `main;serve;encode ${10 + (p % 7)}`, `main;gc ${5 + (i % 3)}`].join('\n');
      jobs.push({ service, at, body });
    }
  }
  let next = 0;
  async function worker() {
    while (next < jobs.length) {
      const job = jobs[next++];
      const query = new URLSearchParams({
        name: `${job.service}.cpu{region=eu-west,pod=${job.service}-0}`,
        from: String(job.at),
        until: String(job.at + 10_000),
        format: 'folded',
        sampleRate: '100',
        spyName: 'e2e',
      });
      // A stalled ingest fails here, naming the request, instead of leaving the caller waiting.
      const response = await fetch(`${baseUrl}/ingest?${query}`, {
        method: 'POST',
        body: job.body,
        headers: { 'Content-Type': 'text/plain' },
        signal: AbortSignal.timeout(60_000),
      }).catch((error) => {
        throw new Error(`ingest of ${job.service} at ${job.at} failed: ${error.message}`);
      });
      if (!response.ok) {
        throw new Error(`ingest of ${job.service} answered ${response.status}: ${await response.text()}`);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return jobs.length;
}

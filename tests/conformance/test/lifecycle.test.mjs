// How Grafana starts, restarts and stops plugin processes, beyond the happy path of the main suite:
// wrong magic cookie or protocol versions, a host environment stripped by pluginsSkipHostEnvVars,
// restart after SIGKILL (Grafana's 1 s restart loop) on the same store, SIGTERM.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginProcess, grafanaEnvironment, parseHandshake, pluginExecutable } from '../lib/plugin-process.mjs';
import { GrafanaClient } from '../lib/grafana-client.mjs';
import { appContext, GRAFANA_VERSION } from '../lib/plugin-context.mjs';

const TEST = { timeout: 120_000 };

describe('plugin process lifecycle under Grafana', () => {
  const storeDir = mkdtempSync(join(tmpdir(), 'hotpath-lifecycle-store-'));
  const context = appContext({ dataSources: [{ uid: 'embedded', kind: 'embedded' }], storePath: storeDir });
  const started = [];

  after(() => {
    for (const p of started) p.kill();
    rmSync(storeDir, { recursive: true, force: true });
  });

  function start(env) {
    const p = new PluginProcess(pluginExecutable(), env);
    started.push(p);
    return p;
  }

  async function startAndCheck(env, what) {
    const p = start(env);
    const { target } = parseHandshake(await p.handshakeLine());
    const client = new GrafanaClient(target);
    client.openGoPluginStreams();
    const { response, error } = await client.checkHealth(context);
    assert.equal(error, undefined, `${what}: CheckHealth ${error?.code} ${error?.details}`);
    assert.equal(response.status, 'OK', `${what}: ${response.message}`);
    return { p, client };
  }

  async function stop({ p, client }) {
    await client.shutdown();
    client.close();
    assert.ok(await p.waitForExit(2000), 'still running 2 s after Shutdown');
  }

  it('refuses a wrong magic cookie: exit 1, nothing on stdout, a message on stderr', TEST, async () => {
    const p = start({ ...grafanaEnvironment(), grafana_plugin_type: 'panel' });
    const exit = await p.waitForExit(30_000);
    assert.ok(exit, 'kept running with a wrong magic cookie');
    assert.equal(exit.code, 1);
    assert.equal(p.stdout.length, 0, `stdout: ${p.stdout.toString('utf8')}`);
    assert.match(p.stderr.toString('utf8'), /grafana_plugin_type/);
  });

  it('refuses to start when Grafana offers no protocol version 2', TEST, async () => {
    const p = start({ ...grafanaEnvironment(), PLUGIN_PROTOCOL_VERSIONS: '1' });
    const exit = await p.waitForExit(30_000);
    assert.ok(exit, 'kept running without a common protocol version');
    assert.notEqual(exit.code, 0);
    assert.equal(p.stdout.length, 0, `stdout: ${p.stdout.toString('utf8')}`);
    assert.match(p.stderr.toString('utf8'), /PLUGIN_PROTOCOL_VERSIONS/);
  });

  it('runs with only the variables Grafana passes under pluginsSkipHostEnvVars (no PATH, HOME, TMPDIR)', TEST, async () => {
    const env = {
      GF_VERSION: GRAFANA_VERSION,
      grafana_plugin_type: 'datasource',
      PLUGIN_MIN_PORT: '10000',
      PLUGIN_MAX_PORT: '25000',
      PLUGIN_PROTOCOL_VERSIONS: '2',
    };
    await stop(await startAndCheck(env, 'stripped environment'));
  });

  it('starts again on the same store after being killed with SIGKILL', TEST, async () => {
    const first = await startAndCheck(grafanaEnvironment(), 'first process');
    first.client.close();
    first.p.kill();
    assert.ok(await first.p.waitForExit(5000), 'SIGKILL did not end the process');
    await stop(await startAndCheck(grafanaEnvironment(), 'process restarted after SIGKILL'));
  });

  it('exits on SIGTERM within 2 s', TEST, async () => {
    const { p, client } = await startAndCheck(grafanaEnvironment(), 'before SIGTERM');
    client.close();
    p.child.kill('SIGTERM');
    const exit = await p.waitForExit(2000);
    assert.ok(exit, 'still running 2 s after SIGTERM');
    assert.equal(exit.signal, null, `ended by signal ${exit.signal} instead of exiting`);
  });
});

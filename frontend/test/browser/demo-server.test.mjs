// The graph views against a real `gpx_hotpath serve --demo` (6 h of demo data for 7 services): the
// views test app is served by the loopback server, which forwards every resource route to the real
// one. The server is HOTPATH_SERVER_URL when set; otherwise the suite starts ../dist/gpx_hotpath_linux_amd64
// (or HOTPATH_EXE) with --demo on a free port. The suite is skipped, saying why, when neither is
// available or when the server does not answer the view routes yet.
// HOTPATH_UPDATE_SCREENSHOTS=1 writes docs/screenshots/{flame-graph,diff,favorites,adhoc}.png.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage } from './support/browser.mjs';
import { RESOURCES, requireBuilt, startServer, testBuildDir } from './support/server.mjs';
import { canvasPaintedPixels, viewsUrl } from './support/views.mjs';

const frontendRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const repoRoot = path.resolve(frontendRoot, '..');
const screenshots = process.env.HOTPATH_UPDATE_SCREENSHOTS === '1' ? path.join(repoRoot, 'docs', 'screenshots') : undefined;
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

const setup = await prepare();

describe('graph views against gpx_hotpath serve --demo', { skip: setup.skip }, () => {
  let backend;
  let server;
  let browser;
  let service;

  before(async () => {
    requireBuilt(path.join(testBuildDir, 'views', 'module.js'), path.join(testBuildDir, 'host', 'host.js'));
    backend = setup;
    server = await startServer({}, { proxy: backend.url });
    browser = await launchBrowser();
    const now = Date.now();
    const services = await json(`services?from=${now - 6 * 3600_000}&to=${now}`);
    const withCpu = services.services.filter((s) => s.profileTypes.includes(CPU)).map((s) => s.name);
    assert.ok(withCpu.length > 0, 'the demo has no service with CPU profiles');
    service = withCpu.includes('checkout') ? 'checkout' : withCpu[0];
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    backend?.stop?.();
  });

  async function json(route) {
    const response = await fetch(`${setup.url}${RESOURCES}${route}`);
    assert.equal(response.status, 200, `GET ${route}: ${await response.clone().text()}`);
    return response.json();
  }

  /** The backend's answer to the same request the page made (the page resolved "now" itself). */
  async function sameAnswer(route) {
    const request = server.requests.filter((r) => r.route === route).at(-1);
    assert.ok(request, `the page never called ${route}`);
    return json(`${route}?${request.query}`);
  }

  async function waitPainted(page, canvas) {
    await canvas.waitFor({ timeout: 30000 });
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      if ((await canvasPaintedPixels(canvas)) > 100) {
        return;
      }
      await page.waitForTimeout(50);
    }
    assert.fail('the flame graph canvas stayed blank');
  }

  test('flame graph of CPU: canvas drawn, tables list the functions the backend returned, nested set holds', async () => {
    const { page, problems } = await newPage(browser, { width: 1400, height: 1000 });
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: CPU, service, from: 'now-1h', to: 'now' }));
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));
    const answer = await sameAnswer('flamegraph');
    const fg = answer.flamegraph;

    // Invariants of the real answer: one root holding the total, children inside their parent.
    assert.equal(fg.level[0], 0);
    assert.equal(fg.value[0], fg.total);
    const stack = [];
    const childSum = new Array(fg.level.length).fill(0);
    for (let i = 0; i < fg.level.length; i++) {
      stack.length = fg.level[i];
      if (i > 0) {
        childSum[stack.at(-1)] += fg.value[i];
      }
      stack.push(i);
    }
    for (let i = 0; i < fg.level.length; i++) {
      assert.ok(fg.self[i] + childSum[i] <= fg.value[i], `row ${i} (${fg.labels[fg.label[i]]}): self + children exceed its value`);
    }

    const names = await page.getByRole('table', { name: 'Functions (exact)' }).locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(
      names,
      answer.functions.rows.slice(0, 200).map((r) => r.name)
    );
    const top = answer.functions.rows.find((r) => fg.labels.includes(r.name));
    await page.getByTestId('topTable').getByText(top.name, { exact: true }).first().waitFor();
    if (screenshots) {
      await page.screenshot({ path: path.join(screenshots, 'flame-graph.png') });
    }

    // The export menu's links download the merged selection from GET export.
    await page.getByRole('button', { name: 'Export' }).click();
    const href = await page.getByRole('menuitem', { name: /pprof/ }).getAttribute('href');
    const download = await fetch(new URL(href, server.url));
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-disposition') ?? '', /attachment; filename="[^"]+\.pb\.gz"/);
    const bytes = Buffer.from(await download.arrayBuffer());
    assert.deepEqual([bytes[0], bytes[1]], [0x1f, 0x8b], 'the pprof export is not gzip');
    await page.keyboard.press('Escape');
    assert.deepEqual(
      problems.filter((p) => !p.includes('/icons/')),
      []
    );
    await page.close();
  });

  test('sandwich of the top function and search in the flame graph', async () => {
    const { page, problems } = await newPage(browser, { width: 1400, height: 1000 });
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: CPU, service }));
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));
    const answer = await sameAnswer('flamegraph');
    const fn = answer.functions.rows[0].name;
    await page.getByRole('button', { name: `Sandwich ${fn}` }).click();
    const section = page.getByRole('region', { name: `Sandwich of ${fn}` });
    await section.getByText('Callers').waitFor();
    for (let i = 0; i < 2; i++) {
      await waitPainted(page, section.locator('canvas[data-testid="flameGraph"]').nth(i));
    }
    const sandwich = await sameAnswer('sandwich');
    assert.equal(sandwich.function, fn);
    assert.equal(sandwich.self, answer.functions.rows[0].self, 'the sandwich and the function table disagree on self');

    await page.getByPlaceholder('Search...').fill(fn);
    await page.waitForFunction(
      (t) => {
        const rows = [...document.querySelectorAll('[data-testid="topTable"] [role="row"]')].slice(1);
        return rows.length > 0 && rows.every((r) => r.textContent.includes(t));
      },
      fn,
      { timeout: 10000 }
    );
    assert.deepEqual(
      problems.filter((p) => !p.includes('/icons/')),
      []
    );
    await page.close();
  });

  test('diff between two values of one label', async () => {
    const now = Date.now();
    const labels = await json(
      `labels?profileType=${encodeURIComponent(CPU)}&selector=${encodeURIComponent(`{service_name="${service}"}`)}&from=${now - 3600_000}&to=${now}`
    );
    const label = labels.labels.find((l) => l.values.length >= 2);
    assert.ok(label, `no label of ${service} has two values`);
    const [v1, v2] = label.values.map((v) => v.value);
    const { page, problems } = await newPage(browser, { width: 1400, height: 1100 });
    await page.goto(viewsUrl(server.url, { view: 'diff', profileType: CPU, service }));
    for (const [side, value] of [
      ['baseline', v1],
      ['comparison', v2],
    ]) {
      await page.getByLabel(`${side} filter label`).fill(label.name);
      await page.getByLabel(`${side} filter value`).fill(value);
      await page.getByRole('button', { name: `Add ${side} filter` }).click();
    }
    const table = page.getByRole('table', { name: 'Functions (diff)' });
    await table.locator('tbody tr').first().waitFor({ timeout: 30000 });
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));
    const diff = await sameAnswer('diff');
    const request = server.requests.filter((r) => r.route === 'diff').at(-1);
    assert.equal(request.query.get('baselineSelector'), `{service_name="${service}", ${label.name}="${v1}"}`);
    assert.equal(request.query.get('comparisonSelector'), `{service_name="${service}", ${label.name}="${v2}"}`);
    assert.ok(diff.flamegraph.leftTotal > 0 && diff.flamegraph.rightTotal > 0, 'one side of the demo diff is empty');
    const names = await table.locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(
      names,
      diff.functions.rows.slice(0, 200).map((r) => r.name)
    );
    if (screenshots) {
      await page.screenshot({ path: path.join(screenshots, 'diff.png') });
    }
    assert.deepEqual(
      problems.filter((p) => !p.includes('/icons/')),
      []
    );
    await page.close();
  });

  test('a starred flame graph appears in Favorites', async () => {
    const { page, problems } = await newPage(browser, { width: 1400, height: 900 });
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: CPU, service }));
    const star = page.getByRole('button', { name: /favorites$/ });
    await star.waitFor();
    await page.waitForFunction(() => !document.querySelector('button[aria-label$="favorites"]')?.disabled);
    if ((await star.getAttribute('aria-label')) === 'Remove from favorites') {
      await star.click();
      await page.getByRole('button', { name: 'Add to favorites' }).waitFor();
    }
    await page.getByRole('button', { name: 'Add to favorites' }).click();
    await page.getByRole('button', { name: 'Remove from favorites' }).waitFor();
    const stored = (await json('favorites')).favorites.find((f) => f.view === 'flame-graph' && f.service === service && f.profileType === CPU);
    assert.ok(stored, 'the favorite is not stored');

    await page.goto(viewsUrl(server.url, { view: 'favorites', from: 'now-6h', to: 'now' }));
    const card = page.getByRole('listitem', { name: new RegExp(service) }).first();
    await card.getByRole('img', { name: /over time/ }).waitFor({ timeout: 30000 });
    if (screenshots) {
      await page.screenshot({ path: path.join(screenshots, 'favorites.png'), clip: { x: 0, y: 0, width: 1400, height: 260 } });
    }
    assert.deepEqual(
      problems.filter((p) => !p.includes('/icons/')),
      []
    );
    await page.close();
  });

  test('upload a pprof from the corpus and see its flame graph (render timed)', async (t) => {
    const corpus = process.env.HOTPATH_CORPUS;
    const file = corpus && path.join(corpus, 'google-pprof/internal/proftest/testdata/large.cpu');
    if (!file || !fs.existsSync(file)) {
      t.skip('HOTPATH_CORPUS is not set (or lacks google-pprof/internal/proftest/testdata/large.cpu): no real pprof to upload');
      return;
    }
    const { page, problems } = await newPage(browser, { width: 1600, height: 1000 });
    await page.goto(viewsUrl(server.url, { view: 'adhoc' }));
    await page.getByLabel('Upload a profile file').setInputFiles(file);
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));
    await page.waitForFunction(() => (window.hotpathFlameRenders ?? []).length > 0);
    const [render] = await page.evaluate(() => window.hotpathFlameRenders);
    const answer = await sameAnswer('adhoc/flamegraph');
    assert.equal(render.rows, answer.flamegraph.level.length);
    assert.equal(
      server.requests
        .filter((r) => r.route === 'adhoc/flamegraph')
        .at(-1)
        .query.get('maxNodes'),
      '16384',
      "the user's node limit"
    );
    // How fast it draws is measured by `make bench/ui`, never asserted here.
    assert.ok(render.ms > 0);
    const names = await page.getByRole('table', { name: 'Functions (exact)' }).locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(
      names,
      answer.functions.rows.slice(0, 200).map((r) => r.name)
    );
    if (screenshots) {
      await page.screenshot({ path: path.join(screenshots, 'adhoc.png') });
    }
    assert.deepEqual(
      problems.filter((p) => !p.includes('/icons/')),
      []
    );
    await page.close();
  });
});

/** Finds or starts the server, and checks that it answers the view routes. */
async function prepare() {
  let url = process.env.HOTPATH_SERVER_URL?.replace(/\/$/, '');
  let stop;
  if (!url) {
    const exe = process.env.HOTPATH_EXE ?? path.join(repoRoot, 'dist', 'gpx_hotpath_linux_amd64');
    if (!fs.existsSync(exe)) {
      return { skip: `no server: set HOTPATH_SERVER_URL, or build ${path.relative(repoRoot, exe)} (make build)` };
    }
    const port = await freePort();
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-demo-'));
    const child = spawn(exe, ['serve', '--demo', '--data', data, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    stop = () => {
      child.kill('SIGTERM');
      fs.rmSync(data, { recursive: true, force: true });
    };
    url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60000;
    while (
      !(await fetch(`${url}/ready`).then(
        (r) => r.ok,
        () => false
      ))
    ) {
      if (Date.now() > deadline || child.exitCode !== null) {
        stop();
        return { skip: `gpx_hotpath serve --demo did not become ready: ${stderr.slice(-300)}` };
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const probe = await fetch(`${url}${RESOURCES}flamegraph?profileType=${encodeURIComponent(CPU)}`).catch((e) => ({ status: 0, error: e }));
  if (probe.status === 404 || probe.status === 0) {
    stop?.();
    return { skip: `${url} does not answer GET flamegraph (${probe.status || probe.error.message}): this build has no view routes yet` };
  }
  return { url, stop };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

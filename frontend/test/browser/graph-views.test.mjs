// The graph views (Flame graph, Diff, Favorites, Ad hoc) loaded the way Grafana loads a plugin:
// build-test/views/module.js is built like module.js (AMD, Grafana's packages from the host,
// @grafana/flamegraph bundled) and the host page renders it. The backend's part is played by a
// loopback server whose answers are computed from synthetic stacks (support/graphFixtures.mjs);
// test/browser/demo-server.test.mjs runs the same views against a real `gpx_hotpath serve --demo`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';

import { launchBrowser, newPage } from './support/browser.mjs';
import * as g from './support/graphFixtures.mjs';
import { requireBuilt, startServer, testBuildDir } from './support/server.mjs';
import { canvasPaintedPixels, GRAFANA_SHARED, viewsUrl } from './support/views.mjs';

const VIEWS_MODULE = path.join(testBuildDir, 'views', 'module.js');
const SETTINGS = {
  maxNodes: 16384,
  collapsedFrames: true,
  defaultProfileType: null,
  defaultRange: 'now-1h',
  sourceLinkTemplate: null,
  sourceLinkVersionLabel: null,
};

describe('graph views in a Grafana-style host', () => {
  let server;
  let browser;
  let stacks;
  let favorites;
  let uploads;

  before(async () => {
    requireBuilt(VIEWS_MODULE, path.join(testBuildDir, 'host', 'host.js'));
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(() => {
    stacks = g.syntheticStacks(60, { depth: 5, names: 12 });
    favorites = [];
    uploads = [];
    server.requests.length = 0;
    const r = server.routes;
    for (const key of Object.keys(r)) {
      delete r[key];
    }
    r.settings = { body: SETTINGS };
    r.series = (req) => ({ body: g.seriesAnswer(Number(req.query.get('from')), Number(req.query.get('to'))) });
    r.flamegraph = () => ({ body: g.flameGraphAnswer(stacks) });
    r.sandwich = (req) => ({ body: sandwichOf(stacks, req.query.get('function')) });
    r['GET favorites'] = () => ({ body: { favorites } });
    r['POST favorites'] = (req) => {
      const content = JSON.parse(req.body.toString());
      const stored = { ...content, id: `f${favorites.length + 1}`, createdMs: Date.now() };
      favorites.unshift(stored);
      return { body: stored };
    };
    r['DELETE favorites'] = (req) => {
      const before = favorites.length;
      favorites = favorites.filter((f) => f.id !== req.query.get('id'));
      return favorites.length < before ? { status: 204 } : { status: 404, body: { message: 'no such favorite', kind: 'not_found' } };
    };
  });

  test("the views module is an AMD module on Grafana's shared packages with the flame graph bundled", () => {
    const source = fs.readFileSync(VIEWS_MODULE, 'utf8');
    const deps = JSON.parse(/^define\((\[[^\]]*\])/.exec(source)[1]);
    for (const dep of deps) {
      assert.ok(GRAFANA_SHARED.has(dep), `depends on "${dep}", which Grafana does not provide`);
    }
    assert.ok(!deps.includes('@grafana/flamegraph'), 'Grafana does not share @grafana/flamegraph: it must be bundled');
    assert.ok(!deps.includes('react/jsx-runtime'), 'react/jsx-runtime must come from our createElement runtime');
    assert.doesNotMatch(source, /__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED/, 'bundles React internals');
  });

  test("flame graph: canvas drawn, top table and exact function table list the backend's functions", async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: g.CPU.id, service: 'checkout', from: 'now-1h', to: 'now' }));
    const canvas = page.locator('canvas[data-testid="flameGraph"]');
    await canvas.waitFor();
    await page.waitForFunction(() => (window.hotpathFlameRenders ?? []).length > 0);
    assert.ok((await canvasPaintedPixels(canvas)) > 1000, 'the flame graph canvas is blank');

    const expected = g.functionTable(stacks);
    const exact = page.getByRole('table', { name: 'Functions (exact)' });
    const rows = await exact.locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(
      rows,
      expected.rows.slice(0, 200).map((r) => r.name)
    );

    // The component's top table is computed from the same frame: the top function by self is listed.
    const topTable = page.getByTestId('topTable');
    await topTable.getByText(expected.rows[0].name, { exact: true }).first().waitFor();

    const flameRequest = server.requests.find((r) => r.route === 'flamegraph');
    assert.equal(flameRequest.query.get('selector'), '{service_name="checkout"}');
    assert.equal(flameRequest.query.get('profileType'), g.CPU.id);
    assert.equal(flameRequest.query.get('maxNodes'), '16384', "the user's setting is the node limit");
    const span = Number(flameRequest.query.get('to')) - Number(flameRequest.query.get('from'));
    assert.ok(Math.abs(span - 3_600_000) < 2000, `now-1h…now resolved to ${span} ms`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("flame graph: exact sandwich from the function table, and the component's own sandwich", async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: g.CPU.id, service: 'checkout' }));
    const name = g.functionTable(stacks).rows[0].name;
    await page.getByRole('button', { name: `Sandwich ${name}` }).click();
    const section = page.getByRole('region', { name: `Sandwich of ${name}` });
    await section.getByText('Callers').waitFor();
    const canvases = section.locator('canvas[data-testid="flameGraph"]');
    await page.waitForFunction((n) => document.querySelectorAll('section[aria-label^="Sandwich of"] canvas').length === n, 2);
    for (let i = 0; i < 2; i++) {
      await waitPainted(page, canvases.nth(i));
    }
    const request = server.requests.find((r) => r.route === 'sandwich');
    assert.equal(request.query.get('function'), name);

    const topTable = page.getByTestId('topTable');
    const row = topTable.getByRole('row').filter({ hasText: name }).first();
    await row.hover();
    await row.getByRole('button', { name: 'Show in sandwich view' }).click();
    await page.getByRole('button', { name: 'Remove sandwich view' }).waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('flame graph: search narrows the top table to matching functions', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: g.CPU.id, service: 'checkout' }));
    const topTable = page.getByTestId('topTable');
    await topTable.getByRole('row').nth(2).waitFor();
    const target = g.functionTable(stacks).rows.find((r) => r.name !== 'main').name;
    await page.getByPlaceholder('Search...').fill(target);
    await page.waitForFunction(
      (t) => {
        const rows = [...document.querySelectorAll('[data-testid="topTable"] [role="row"]')].slice(1);
        return rows.length > 0 && rows.every((r) => r.textContent.includes(t));
      },
      target,
      { timeout: 5000 }
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('flame graph: truncation note, max nodes control, drag-to-zoom and export links', async () => {
    server.routes.flamegraph = (req) => {
      const answer = g.flameGraphAnswer(stacks);
      answer.flamegraph.truncatedFraction = 0.25;
      answer.flamegraph.otherTotal = Math.round(answer.flamegraph.total / 4);
      return { body: answer };
    };
    const { page, problems } = await newPage(browser);
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: g.CPU.id, service: 'checkout' }));
    await page.getByText("25.0% of the total is in 'other' (maxNodes 16384)").waitFor();

    await page.getByLabel('Max nodes').fill('0');
    await page.getByText('maxNodes must be between 1 and 1048576, not 0').waitFor();
    await page.getByLabel('Max nodes').fill('1024');
    await page.getByLabel('Max nodes').press('Enter');
    await page.getByText("25.0% of the total is in 'other' (maxNodes 1024)").waitFor();
    assert.equal(new URL(page.url()).searchParams.get('maxNodes'), '1024');
    assert.equal(
      server.requests
        .filter((r) => r.route === 'flamegraph')
        .at(-1)
        .query.get('maxNodes'),
      '1024'
    );

    const chart = page.getByRole('img', { name: 'Selection over time' });
    const box = await chart.boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + 40, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => /^\d+$/.test(new URLSearchParams(location.search).get('from') ?? ''));
    const url = new URL(page.url()).searchParams;
    const [from, to] = [Number(url.get('from')), Number(url.get('to'))];
    assert.ok(to > from && to - from < 3_600_000 * 0.3, `zoomed range ${from}…${to}`);
    await page.waitForFunction((f) => true, from);
    await waitFor(() => server.requests.some((r) => r.route === 'flamegraph' && r.query.get('from') === String(from) && r.query.get('to') === String(to)));

    await page.getByRole('button', { name: 'Export' }).click();
    for (const format of ['pprof', 'folded', 'flamebearer']) {
      const href = await page
        .getByRole('menuitem', { name: new RegExp(format === 'folded' ? 'Folded' : format === 'pprof' ? 'pprof' : 'Flamebearer') })
        .getAttribute('href');
      const link = new URL(href, server.url);
      assert.equal(link.pathname, '/api/plugins/hotpath-profiles-app/resources/export');
      assert.equal(link.searchParams.get('format'), format);
      assert.equal(link.searchParams.get('from'), String(from));
      assert.equal(link.searchParams.get('selector'), '{service_name="checkout"}');
      assert.equal(link.searchParams.get('maxNodes'), format === 'flamebearer' ? '1024' : null);
    }
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: /PNG/ }).click();
    const png = await (await download).path();
    assert.deepEqual([...fs.readFileSync(png).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'the PNG export is not a PNG');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("flame graph: the route's error is shown in place and Retry recovers", async () => {
    server.routes.flamegraph = { status: 400, body: { message: "parameter 'selector': unexpected character '}'", kind: 'bad_request' } };
    const { page } = await newPage(browser);
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: g.CPU.id, service: 'checkout' }));
    await page.getByText('The backend answered 400').waitFor();
    await page.getByText("parameter 'selector': unexpected character '}'").waitFor();
    server.routes.flamegraph = () => ({ body: g.flameGraphAnswer(stacks) });
    await page.getByRole('button', { name: 'Retry' }).click();
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));
    await page.close();
  });

  test('flame graph: a selection without profiles is the empty state, and no profile type asks for one', async () => {
    server.routes.flamegraph = () => ({ body: g.flameGraphAnswer([]) });
    server.routes.series = () => ({ body: { profileType: g.CPU, step: 15, series: [], totalSeries: 0 } });
    const { page, problems } = await newPage(browser);
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: g.CPU.id, service: 'nothing-here' }));
    await page.getByText('No profiles of this type in this selection and range').waitFor();
    await page.getByText('No profiles in this range').waitFor();
    assert.equal(await page.getByRole('table', { name: 'Functions (exact)' }).count(), 0);
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', service: 'checkout' }));
    await page.getByText('Choose a profile type').waitFor();
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: g.CPU.id, from: 'yesterday-ish', to: 'now' }));
    await page.getByText('time range: "from" is not a time: "yesterday-ish"').waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('flame graph of 16,384 nodes draws every row it was sent', async () => {
    // Behaviour only: the time from data to canvas is measured by `make bench/ui`, never asserted here.
    const graph = g.truncatedGraph(16384);
    server.routes.flamegraph = { body: { profileType: g.CPU, flamegraph: graph.flamegraph, functions: graph.functions } };
    const { page, problems } = await newPage(browser, { width: 1600, height: 1000 });
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: g.CPU.id, service: 'checkout' }));
    await page.waitForFunction(() => (window.hotpathFlameRenders ?? []).length > 0, null, { timeout: 20000 });
    const [render] = await page.evaluate(() => window.hotpathFlameRenders);
    assert.equal(render.rows, 16384);
    assert.ok(render.ms > 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('diff: each side gets its own filter, the diff flame graph and table show both', async () => {
    const a = g.syntheticStacks(40, { depth: 4, names: 8, seed: 1 });
    const b = g.syntheticStacks(40, { depth: 4, names: 8, seed: 2 });
    server.routes.diff = () => ({ body: g.diffAnswer(a, b) });
    const { page, problems } = await newPage(browser);
    await page.goto(viewsUrl(server.url, { view: 'diff', profileType: g.CPU.id, service: 'checkout' }));
    for (const [side, value] of [
      ['baseline', 'cart-1'],
      ['comparison', 'cart-2'],
    ]) {
      await page.getByLabel(`${side} filter label`).fill('pod');
      await page.getByLabel(`${side} filter value`).fill(value);
      await page.getByRole('button', { name: `Add ${side} filter` }).click();
      await page.getByTestId(`${side}-selector`).getByText(`{service_name="checkout", pod="${value}"}`).waitFor();
    }
    await waitFor(() =>
      server.requests.some(
        (r) =>
          r.route === 'diff' &&
          r.query.get('baselineSelector') === '{service_name="checkout", pod="cart-1"}' &&
          r.query.get('comparisonSelector') === '{service_name="checkout", pod="cart-2"}'
      )
    );
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));
    const table = page.getByRole('table', { name: 'Functions (diff)' });
    const names = await table.locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(new Set(names), new Set(g.diffAnswer(a, b).functions.rows.map((r) => r.name)));

    // Each side's own range: drag on the comparison's series, then sync it back to the baseline's.
    const chart = page.getByRole('img', { name: 'comparison over time' });
    const box = await chart.boundingBox();
    await page.mouse.move(box.x + box.width * 0.4, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + 30, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => /^\d+$/.test(JSON.parse(new URLSearchParams(location.search).get('comparison') ?? '{}').range?.from ?? ''));
    const state = new URL(page.url()).searchParams;
    assert.equal(JSON.parse(state.get('baseline')).range.from, 'now-1h');
    await page.getByRole('button', { name: 'Sync ranges' }).click();
    await page.waitForFunction(() => JSON.parse(new URLSearchParams(location.search).get('comparison')).range.from === 'now-1h');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('favorites: star a flame graph, find it in Favorites with its series, open it, remove it', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: g.CPU.id, service: 'checkout' }));
    await page.getByRole('button', { name: 'Add to favorites' }).click();
    await page.getByRole('button', { name: 'Remove from favorites' }).waitFor();
    const post = server.requests.find((r) => r.method === 'POST' && r.route === 'favorites');
    assert.deepEqual(JSON.parse(post.body.toString()), {
      view: 'flame-graph',
      profileType: g.CPU.id,
      service: 'checkout',
      selector: '{service_name="checkout"}',
      title: 'checkout · flame graph',
    });

    await page.goto(viewsUrl(server.url, { view: 'favorites' }));
    const card = page.getByRole('listitem', { name: /checkout/ });
    await card.waitFor();
    await card.getByRole('img', { name: /over time/ }).waitFor();
    await card.getByRole('button', { name: 'Open' }).click();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('view') === 'flame-graph');
    const opened = new URL(page.url()).searchParams;
    assert.equal(opened.get('service'), 'checkout');
    assert.equal(opened.get('profileType'), g.CPU.id);
    await page.goBack();
    await page.getByRole('button', { name: /^Remove / }).click();
    await page.getByText('No favorites yet').waitFor();
    assert.ok(server.requests.some((r) => r.method === 'DELETE' && r.query.get('id') === 'f1'));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('ad hoc: an uploaded file is sent as it is and its flame graph is drawn; two uploads compare', async () => {
    const corpus = process.env.HOTPATH_CORPUS;
    const file = corpus ? path.join(corpus, 'google-pprof/internal/proftest/testdata/large.cpu') : undefined;
    const bytes = file && fs.existsSync(file) ? fs.readFileSync(file) : Buffer.from('main;work 60\nmain;idle 30\n');
    const name = file && fs.existsSync(file) ? 'large.cpu' : 'stacks.folded.txt';
    server.routes['POST adhoc/upload'] = (req) => {
      const stored = {
        id: `u${uploads.length + 1}`,
        name: req.query.get('name'),
        profileTypes: [g.CPU],
        uploadedAtMs: Date.now(),
        expiresAtMs: Date.now() + 86_400_000,
        bytes: req.body,
      };
      uploads.push(stored);
      const { bytes: _b, ...answer } = stored;
      return { body: answer };
    };
    server.routes['adhoc/list'] = () => ({ body: { profiles: uploads.map(({ bytes: _b, ...p }) => p) } });
    server.routes['adhoc/flamegraph'] = () => ({ body: g.flameGraphAnswer(stacks) });
    server.routes['adhoc/diff'] = () => ({ body: g.diffAnswer(stacks, g.syntheticStacks(30, { seed: 3 })) });

    const { page, problems } = await newPage(browser);
    await page.goto(viewsUrl(server.url, { view: 'adhoc' }));
    await page.getByText('No uploaded profiles').waitFor();
    await page.getByLabel('Upload a profile file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));
    assert.equal(uploads[0].name, name);
    assert.ok(uploads[0].bytes.equals(bytes), 'the uploaded bytes differ from the file');
    const fg = server.requests.find((r) => r.route === 'adhoc/flamegraph');
    assert.deepEqual([fg.query.get('id'), fg.query.get('profileType'), fg.query.get('maxNodes')], ['u1', g.CPU.id, '16384']);

    await page.getByLabel('Upload a profile file').setInputFiles({ name: 'second.folded.txt', mimeType: 'text/plain', buffer: Buffer.from('main;other 5\n') });
    await waitFor(() => uploads.length === 2);
    await page.getByRole('radio', { name: 'Compare two' }).check({ force: true });
    for (const [label, file] of [
      ['Baseline', name],
      ['Comparison', 'second.folded.txt'],
    ]) {
      await page.getByLabel(`${label} file`).click();
      await page.getByRole('option', { name: file }).click();
    }
    await waitFor(() => server.requests.some((r) => r.route === 'adhoc/diff' && r.query.get('baselineId') === 'u1' && r.query.get('comparisonId') === 'u2'));
    await page.getByRole('table', { name: 'Functions (diff)' }).waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });
});

/** The exact sandwich of `fn`, as the backend computes it: callers inverted under the function, callees below it. */
function sandwichOf(stacks, fn) {
  const callers = [];
  const callees = [];
  let self = 0;
  let total = 0;
  for (const { frames, value } of stacks) {
    const at = frames.indexOf(fn);
    if (at < 0) {
      continue;
    }
    total += value;
    if (at === frames.length - 1) {
      self += value;
    }
    callers.push({ frames: frames.slice(0, at + 1).reverse(), value });
    callees.push({ frames: frames.slice(at), value });
  }
  return { profileType: g.CPU, function: fn, self, total, callers: g.nestedSet(callers), callees: g.nestedSet(callees) };
}

async function waitPainted(page, canvas) {
  await canvas.waitFor();
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    if ((await canvasPaintedPixels(canvas)) > 100) {
      return;
    }
    await page.waitForTimeout(50);
  }
  assert.fail('the flame graph canvas stayed blank');
}

async function waitFor(condition, timeout = 10000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (condition()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`condition not met within ${timeout} ms: ${condition}`);
}

// The flame graph's deeper views in the standalone page against a real `gpx_hotpath serve`: pprof's
// frame filters (presets, typed regexes, the URL keeping them through reload and Back/Forward, a bad
// regex refused by the server and shown at its field), focusing a call path on the server with
// breadcrumbs back up, the function details drawer and the call trees. The profiles are pushed by
// the test (folded stacks through /ingest, so what each filter must keep is known); what the page
// shows is compared with the server's own answer to the request the page made.
// HOTPATH_UPDATE_SCREENSHOTS=1 writes docs/screenshots/flame-{filters,focus,details,call-tree}.png.
// Skips, saying why, when no gpx_hotpath executable is built.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage } from './support/browser.mjs';
import { nextAnswer, viewParams } from './support/exploreWalk.mjs';
import { findServeExecutable, startServe } from './support/serve.mjs';
import { RESOURCES, buildDir, requireBuilt } from './support/server.mjs';
import { encodePprof } from './support/pprof.mjs';
import { waitPainted } from './support/walkthrough.mjs';

const frontendRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const executable = findServeExecutable();
const skip = executable ? false : 'no gpx_hotpath executable: run "make build" (or dotnet build backend/src/Hotpath.Plugin), or set HOTPATH_EXE';
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const SERVICE = 'shop';
// A second service pushed as pprof with files and lines, for the function details.
const LINES_SERVICE = 'lines';
const at = (fn, line) => ({ fn, file: `/src/shop/${fn.split('.')[1]}.go`, line });
const LINE_STACKS = [
  { frames: [at('main.main', 10), at('main.work', 42), at('main.hash', 7)], value: 50_000_000 },
  { frames: [at('main.main', 10), at('main.work', 45)], value: 20_000_000 },
  { frames: [at('main.main', 12), at('main.work', 42)], value: 10_000_000 },
  { frames: [at('main.main', 14), at('main.serve', 3), at('main.work', 51), at('main.hash', 9)], value: 30_000_000 },
];

// Go, Node and JVM-looking stacks, so that every built-in preset has frames to act on.
const STACKS = [
  'main.main;main.work;runtime.mallocgc;runtime.gcStart 30',
  'main.main;main.work;main.compute;main.hash 50',
  'main.main;main.work;main.compute 12',
  'runtime.gcBgMarkWorker;runtime.gcDrain 20',
  'main.main;main.wait;runtime.gopark 10',
  'main.main;main.serve;node_modules/express/router.handle;main.handler 15',
  'java/lang/Thread.run;com/shop/Worker.run;java/util/HashMap.get 8',
];

function saveShot(name, png) {
  fs.mkdirSync(path.join(frontendRoot, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(frontendRoot, 'test-results', `${name}.png`), png);
  if (process.env.HOTPATH_UPDATE_SCREENSHOTS === '1') {
    const docs = path.resolve(frontendRoot, '..', 'docs', 'screenshots');
    fs.mkdirSync(docs, { recursive: true });
    fs.writeFileSync(path.join(docs, `${name}.png`), png);
  }
}

/** Waits until the exact function table shows exactly the rows of `answer`. */
async function tableShows(page, answer) {
  const want = answer.functions.rows.slice(0, 200).map((r) => r.name);
  await page.waitForFunction(
    (names) => {
      const table = document.querySelector('table[aria-label="Functions (exact)"]');
      const cells = table ? [...table.querySelectorAll('tbody tr td:first-child')].map((td) => td.textContent) : [];
      return cells.length === names.length && cells.every((c, i) => c === names[i]);
    },
    want,
    { timeout: 30000, polling: 200 }
  );
  return want;
}

describe('the flame graph: frame filters, focus, function details, call trees (gpx_hotpath serve)', { skip }, () => {
  let serve;
  let browser;

  before(async () => {
    requireBuilt(path.join(buildDir, 'standalone', 'app.js'));
    serve = await startServe(executable);
    browser = await launchBrowser();
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 4; i++) {
      const query = new URLSearchParams({
        name: `${SERVICE}.cpu{region=eu}`,
        from: String(now - 600 + i * 60),
        until: String(now - 590 + i * 60),
        format: 'folded',
        sampleRate: '100',
      });
      const response = await fetch(`${serve.url}/ingest?${query}`, { method: 'POST', body: STACKS.join('\n'), headers: { 'Content-Type': 'text/plain' } });
      assert.equal(response.status, 200, `ingest answered ${response.status}: ${await response.text()}`);
    }
    const query = new URLSearchParams({ name: `${LINES_SERVICE}{region=eu}`, from: String(now - 300), until: String(now - 290), format: 'pprof' });
    const pprof = await fetch(`${serve.url}/ingest?${query}`, { method: 'POST', body: encodePprof({ stacks: LINE_STACKS, timeMs: (now - 300) * 1000 }) });
    assert.equal(pprof.status, 200, `pprof ingest answered ${pprof.status}: ${await pprof.text()}`);
    // Plain bars (no collapsed groups), so a bar's place on the canvas follows from the answer alone;
    // and a link for every line of the function details.
    const settings = await fetch(`${serve.url}${RESOURCES}settings`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ collapsedFrames: false, sourceLinkTemplate: 'https://code.example/shop/blob/main/{file}#L{line}' }),
    });
    assert.equal(settings.status, 200, `PUT settings answered ${settings.status}: ${await settings.text()}`);
  });

  after(async () => {
    await browser?.close();
    await serve?.close();
  });

  function flameUrl(extra = {}) {
    const q = new URLSearchParams({ view: 'flame-graph', profileType: CPU, service: SERVICE, from: 'now-1h', to: 'now', ...extra });
    return `${serve.url}/?${q}`;
  }

  async function openFlameGraph(page, extra) {
    const answer = nextAnswer(page, 'flamegraph');
    await page.goto(flameUrl(extra));
    const got = await answer;
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));
    return got;
  }

  test('frame filters: a preset, a typed regex, reload, Back and Forward, a bad regex at its field', async () => {
    const { page, problems } = await newPage(browser, { width: 1440, height: 1100 });
    const first = await openFlameGraph(page);
    assert.equal(first.status, 200);
    const all = await tableShows(page, first.body);
    assert.ok(all.includes('runtime.mallocgc') && all.includes('runtime.gopark'), `the unfiltered table lacks the runtime frames: ${all}`);

    // A built-in preset: Go runtime hidden, asked of the server with the preset's regex.
    const hidden = nextAnswer(page, 'flamegraph', (q) => q.has('hide'));
    await page.getByRole('button', { name: 'Filter presets' }).click();
    await page.getByRole('menuitem', { name: /Hide Go runtime and GC/ }).click();
    const afterPreset = await hidden;
    assert.equal(afterPreset.status, 200);
    assert.equal(afterPreset.url.searchParams.get('hide'), '^(internal/)?runtime[./]');
    assert.equal(viewParams(page).get('hide'), '^(internal/)?runtime[./]');
    const names = await tableShows(page, afterPreset.body);
    assert.ok(
      names.every((n) => !n.startsWith('runtime.')),
      `runtime frames still listed: ${names}`
    );
    assert.ok(names.includes('main.hash'));
    assert.equal(await page.getByLabel('Hide regex').inputValue(), '^(internal/)?runtime[./]');

    // A typed regex, applied with Enter: whole stacks through main.wait dropped.
    const ignored = nextAnswer(page, 'flamegraph', (q) => q.get('ignore') === 'main\\.wait');
    await page.getByLabel('Ignore regex').fill('main\\.wait');
    await page.getByLabel('Ignore regex').press('Enter');
    const afterIgnore = await ignored;
    const kept = await tableShows(page, afterIgnore.body);
    assert.ok(!kept.includes('main.wait'), `main.wait still listed: ${kept}`);
    assert.equal(afterIgnore.body.flamegraph.total < afterPreset.body.flamegraph.total, true, 'ignoring stacks should lower the total');
    const filteredUrl = page.url();
    await page.mouse.move(0, 0);
    saveShot('flame-filters', await page.screenshot({ fullPage: false }));

    // Reload keeps both filters: the inputs and the server's answer.
    const reloaded = nextAnswer(page, 'flamegraph');
    await page.reload();
    const afterReload = await reloaded;
    assert.equal(afterReload.url.searchParams.get('ignore'), 'main\\.wait');
    assert.equal(afterReload.url.searchParams.get('hide'), '^(internal/)?runtime[./]');
    assert.deepEqual(await tableShows(page, afterReload.body), kept);
    assert.equal(await page.getByLabel('Ignore regex').inputValue(), 'main\\.wait');

    // Back drops the typed regex (one history entry per applied change), Forward brings it back.
    const back = nextAnswer(page, 'flamegraph', (q) => !q.has('ignore'));
    await page.goBack();
    await back;
    assert.equal(viewParams(page).get('ignore'), null);
    assert.equal(viewParams(page).get('hide'), '^(internal/)?runtime[./]');
    assert.equal(await page.getByLabel('Ignore regex').inputValue(), '');
    const forward = nextAnswer(page, 'flamegraph', (q) => q.has('ignore'));
    await page.goForward();
    await forward;
    assert.equal(page.url(), filteredUrl);
    assert.equal(await page.getByLabel('Ignore regex').inputValue(), 'main\\.wait');

    // A regex the server refuses: its message at the Focus field, the parameter named.
    const refused = nextAnswer(page, 'flamegraph', (q) => q.get('focus') === 'main.(work');
    await page.getByLabel('Focus regex').fill('main.(work');
    await page.getByLabel('Focus regex').press('Enter');
    const bad = await refused;
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /^parameter 'focus': invalid regular expression/);
    const field = page.getByRole('group', { name: 'Frame filters' });
    await field.getByText(bad.body.message, { exact: true }).waitFor({ timeout: 30000 });

    // Clear filters empties every field and the URL.
    const cleared = nextAnswer(page, 'flamegraph', (q) => !q.has('focus') && !q.has('hide') && !q.has('ignore'));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    const afterClear = await cleared;
    assert.deepEqual(await tableShows(page, afterClear.body), all);
    for (const key of ['focus', 'ignore', 'hide', 'show']) {
      assert.equal(viewParams(page).get(key), null, `${key} left in the URL`);
    }

    assert.deepEqual(
      problems.filter((p) => !p.includes('/icons/') && !(p.includes('HTTP 400') && p.includes('focus='))),
      []
    );
    await page.close();
  });

  test('the built-in presets stack: each adds its regex to the filter as an alternative', async () => {
    const { page } = await newPage(browser, { width: 1440, height: 1100 });
    await openFlameGraph(page);
    let last;
    for (const [preset, key] of [
      ['Hide node_modules', 'hide'],
      ['Hide JVM internals', 'hide'],
      ['Exclude idle and off-CPU waits', 'ignore'],
    ]) {
      const next = nextAnswer(page, 'flamegraph', (q) => q.has(key));
      await page.getByRole('button', { name: 'Filter presets' }).click();
      await page.getByRole('menuitem', { name: new RegExp(preset) }).click();
      last = await next;
    }
    assert.equal(viewParams(page).get('hide'), 'node_modules|^(java|javax|jdk|sun|com[./]sun)[./]|libjvm\\.so');
    assert.equal(last.url.searchParams.get('hide'), viewParams(page).get('hide'));
    const names = await tableShows(page, last.body);
    assert.ok(!names.some((n) => n.includes('node_modules') || n.startsWith('java/')), `hidden frames still listed: ${names}`);
    assert.ok(!names.includes('runtime.gopark'), 'the idle stack should be gone');
    assert.ok(names.includes('com/shop/Worker.run'), 'the application frame of the JVM stack should stay');
    await page.close();
  });

  /**
   * Clicks the bar of row `index` of the flame graph `fg` and returns the context menu it opens. The
   * component places a row's first child at its parent's start and each sibling right after the one
   * before; a level is 22 px high.
   */
  async function clickBar(page, fg, index) {
    const starts = [];
    const lastAt = [];
    for (let i = 0; i < fg.level.length; i++) {
      const level = fg.level[i];
      const sibling = i > 0 && fg.level[i - 1] >= level ? lastAt[level] : undefined;
      starts[i] = sibling === undefined ? (i > 0 ? starts[i - 1] : 0) : starts[sibling] + fg.value[sibling];
      lastAt[level] = i;
    }
    const canvas = page.locator('canvas[data-testid="flameGraph"]');
    const box = await canvas.boundingBox();
    const x = box.width * ((starts[index] + fg.value[index] / 2) / fg.value[0]);
    await canvas.click({ position: { x, y: 22 * fg.level[index] + 11 } });
    return page.getByRole('menu');
  }

  const rowOf = (fg, path) => {
    // The row whose call path (labels of its ancestors below the root, and its own) is `path`.
    const stack = [];
    for (let i = 0; i < fg.level.length; i++) {
      stack.length = fg.level[i];
      stack.push(fg.labels[fg.label[i]]);
      if (stack.length - 1 === path.length && path.every((name, k) => stack[k + 1] === name)) {
        return i;
      }
    }
    assert.fail(`no row for ${path.join(';')}`);
  };

  test("focus past truncation: the server's subtree of a call path, breadcrumbs back up, the 'other' share on each graph", async () => {
    const { page, problems } = await newPage(browser, { width: 1440, height: 1100 });
    const whole = await openFlameGraph(page, { maxNodes: '6' });
    const fg = whole.body.flamegraph;
    assert.ok(fg.truncatedFraction > 0, 'six nodes should truncate the whole graph');
    await page.getByText("is in 'other' (maxNodes 6)").waitFor();

    const focused = nextAnswer(page, 'flamegraph', (q) => q.has('focusPath'));
    const menu = await clickBar(page, fg, rowOf(fg, ['main.main']));
    await menu.getByRole('menuitem', { name: 'Focus on this call path (exact)' }).click();
    const one = await focused;
    assert.deepEqual(JSON.parse(one.url.searchParams.get('focusPath')), ['main.main']);
    assert.deepEqual(JSON.parse(viewParams(page).get('focusPath')), ['main.main']);
    const sub = one.body.flamegraph;
    // The focused frame: the graph's root (as the contract words it) or its row under `total`.
    const focusRow = (g, path) => (g.labels[g.label[0]] === path.at(-1) ? 0 : rowOf(g, path));
    assert.equal(sub.value[focusRow(sub, ['main.main'])], fg.value[rowOf(fg, ['main.main'])], "the focused frame's total is the path's total");
    assert.equal(sub.value[0], sub.value[focusRow(sub, ['main.main'])], 'only stacks through the path are merged');
    const crumbs = page.getByRole('navigation', { name: 'Focused call path' });
    await crumbs.getByText('main.main').waitFor();
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));

    // One level deeper, from the focused graph's own bars: its subtree fits in six nodes, so nothing is folded.
    const deeper = nextAnswer(page, 'flamegraph', (q) => (q.get('focusPath') ?? '').includes('main.work'));
    const menu2 = await clickBar(page, sub, focusRow(sub, ['main.main']) === 0 ? rowOf(sub, ['main.work']) : rowOf(sub, ['main.main', 'main.work']));
    await menu2.getByRole('menuitem', { name: 'Focus on this call path (exact)' }).click();
    const two = await deeper;
    assert.deepEqual(JSON.parse(two.url.searchParams.get('focusPath')), ['main.main', 'main.work']);
    assert.equal(two.body.flamegraph.truncatedFraction, 0);
    await page.getByText("Complete: nothing is folded into 'other' (maxNodes 6).").waitFor();
    await tableShows(page, two.body);
    await page.mouse.move(0, 0);
    saveShot('flame-focus', await page.screenshot({ fullPage: false }));

    // A third level from the focused graph: the path grows by one frame, whichever root the server drew.
    const g2 = two.body.flamegraph;
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));
    const third = nextAnswer(page, 'flamegraph', (q) => (q.get('focusPath') ?? '').includes('main.compute'));
    const menu3 = await clickBar(page, g2, g2.labels[g2.label[0]] === 'main.work' ? rowOf(g2, ['main.compute']) : rowOf(g2, ['main.work', 'main.compute']));
    await menu3.getByRole('menuitem', { name: 'Focus on this call path (exact)' }).click();
    const three = await third;
    assert.deepEqual(JSON.parse(three.url.searchParams.get('focusPath')), ['main.main', 'main.work', 'main.compute']);
    await crumbs.getByText('main.compute').waitFor();

    // The breadcrumbs lead back up: to main.main, then to all stacks.
    const up = nextAnswer(page, 'flamegraph', (q) => q.get('focusPath') === '["main.main"]');
    await crumbs.getByRole('button', { name: 'main.main' }).click();
    await up;
    const top = nextAnswer(page, 'flamegraph', (q) => !q.has('focusPath'));
    await crumbs.getByRole('button', { name: 'All stacks' }).click();
    await top;
    assert.equal(viewParams(page).get('focusPath'), null);
    await page.getByText("is in 'other' (maxNodes 6)").waitFor();

    // Back returns to the focused path.
    const back = nextAnswer(page, 'flamegraph', (q) => q.get('focusPath') === '["main.main"]');
    await page.goBack();
    await back;
    await page.getByRole('navigation', { name: 'Focused call path' }).getByText('main.main').waitFor();
    assert.deepEqual(
      problems.filter((p) => !p.includes('/icons/')),
      []
    );
    await page.close();
  });

  test('function details: lines with links and the hottest marked, callers and callees, moving along them, from the table and the graph', async (t) => {
    const { page, problems } = await newPage(browser, { width: 1440, height: 1100 });
    const graph = await openFlameGraph(page, { service: LINES_SERVICE });
    await tableShows(page, graph.body);

    const opened = nextAnswer(page, 'function-details', (q) => q.get('function') === 'main.work');
    await page.getByRole('button', { name: 'Details of main.work' }).first().click();
    const work = await opened;
    assert.equal(work.status, 200, JSON.stringify(work.body));
    assert.equal(viewParams(page).get('details'), 'main.work');
    const drawer = page.getByRole('dialog');
    const lines = drawer.getByRole('table', { name: 'Lines' });
    await lines.locator('tbody tr').first().waitFor();
    // Every line the server sent, in its order (file, then line), each linked to its source.
    const shown = await lines.locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(
      shown.map((t) => t.replace(/\s*hottest\s*$/, '').trim()),
      work.body.lines.map((l) => (l.file === '' && l.line === 0 ? 'unknown line' : `${l.file.split('/').pop()}:${l.line}`))
    );
    const hrefs = await lines.locator('tbody tr td:first-child a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(
      hrefs,
      work.body.lines.filter((l) => l.url !== undefined).map((l) => l.url)
    );
    const hottest = work.body.lines.reduce((a, b) => (b.self > a.self ? b : a));
    if (hottest.self > 0) {
      assert.equal(await lines.locator('tbody tr', { hasText: 'hottest' }).count(), 1);
    }
    if (work.body.lines.some((l) => l.file !== '')) {
      // A store that keeps where frames are: the pushed lines, each linked through the template.
      assert.deepEqual(
        work.body.lines.map((l) => l.line),
        [42, 45, 51]
      );
      assert.equal(hrefs.length, 3);
      assert.ok(hrefs.every((h) => h.startsWith('https://code.example/shop/blob/main/')));
      assert.match(await lines.locator('tbody tr', { hasText: 'hottest' }).locator('td').first().innerText(), /:42/);
    } else {
      t.diagnostic('this server kept no files or lines for the pushed pprof: the drawer shows one "unknown line" row');
    }
    const callers = await drawer.getByRole('table', { name: 'Callers' }).locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(
      callers,
      work.body.callers.map((c) => c.name)
    );
    const shares = await drawer.getByRole('table', { name: 'Callees' }).locator('tbody tr td:last-child').allInnerTexts();
    assert.deepEqual(
      shares,
      work.body.callees.map((c) => `${(c.share * 100).toFixed(1)}%`)
    );
    await page.mouse.move(0, 0);
    saveShot('flame-details', await page.screenshot({ fullPage: false }));

    // A callee moves the drawer to it; Back returns to main.work.
    const moved = nextAnswer(page, 'function-details', (q) => q.get('function') === 'main.hash');
    await drawer.getByRole('button', { name: 'Details of main.hash' }).click();
    const hash = await moved;
    assert.equal(viewParams(page).get('details'), 'main.hash');
    await drawer.getByRole('table', { name: 'Callers' }).getByText('main.work').waitFor();
    assert.deepEqual(
      hash.body.callers.map((c) => c.name),
      await drawer.getByRole('table', { name: 'Callers' }).locator('tbody tr td:first-child').allInnerTexts()
    );
    const back = nextAnswer(page, 'function-details', (q) => q.get('function') === 'main.work');
    await page.goBack();
    await back;
    assert.equal(viewParams(page).get('details'), 'main.work');

    // Closing the drawer takes it out of the URL; the graph's menu opens it again.
    await drawer.getByRole('button', { name: /close/i }).first().click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal(viewParams(page).get('details'), null);
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));
    const fg = graph.body.flamegraph;
    const reopened = nextAnswer(page, 'function-details', (q) => q.get('function') === 'main.work');
    const menu = await clickBar(page, fg, rowOf(fg, ['main.main', 'main.work']));
    await menu.getByRole('menuitem', { name: 'Function details' }).click();
    await reopened;
    assert.equal(viewParams(page).get('details'), 'main.work');
    assert.deepEqual(
      problems.filter((p) => !p.includes('/icons/')),
      []
    );
    await page.close();
  });

  test('call trees: top-down and bottom-up tables from the server, expand, collapse, search, kept in the URL', async () => {
    const { page, problems } = await newPage(browser, { width: 1440, height: 1100 });
    await openFlameGraph(page);
    const rowsOf = (table) => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-name')));

    const topDown = nextAnswer(page, 'call-tree', (q) => q.get('direction') === 'top-down');
    await page.getByRole('radio', { name: 'Top-down tree' }).click();
    const td = await topDown;
    assert.equal(td.status, 200, JSON.stringify(td.body));
    assert.equal(viewParams(page).get('tree'), 'top-down');
    const table = page.getByRole('table', { name: 'Call tree (top-down)' });
    await table.locator('tbody tr').first().waitFor();
    const nodes = td.body.nodes;
    // At first: the roots and their children, in the server's order.
    assert.deepEqual(
      await rowsOf(table),
      nodes.filter((n) => n.depth <= 1).map((n) => n.name)
    );
    // Expanding main.work shows its children right below it; collapsing hides them again.
    const work = nodes.findIndex((n) => n.name === 'main.work' && n.depth === 1);
    const children = [];
    for (let i = work + 1; i < nodes.length && nodes[i].depth > 1; i++) {
      if (nodes[i].depth === 2) {
        children.push(nodes[i].name);
      }
    }
    await table.getByRole('button', { name: 'Expand main.work' }).click();
    const expanded = await rowsOf(table);
    const at = expanded.indexOf('main.work');
    assert.deepEqual(expanded.slice(at + 1, at + 1 + children.length), children);
    await table.getByRole('button', { name: 'Collapse main.work' }).click();
    assert.equal((await rowsOf(table)).length, nodes.filter((n) => n.depth <= 1).length);
    // A search shows the matches with the path down to each.
    await page.getByLabel('Search the call tree').fill('main.hash');
    await table.locator('tbody tr[data-name="main.hash"]').first().waitFor();
    assert.deepEqual(await rowsOf(table), ['main.main', 'main.work', 'main.compute', 'main.hash']);
    // Self and total in the profile's unit with their shares of the total.
    const rootCells = await table.locator('tbody tr').first().locator('td').allInnerTexts();
    assert.equal(rootCells[4], `${((nodes[0].total / td.body.total) * 100).toFixed(2)}%`);
    await page.mouse.move(0, 0);
    saveShot('flame-call-tree', await page.screenshot({ fullPage: false }));

    await page.getByLabel('Search the call tree').fill('');
    const bottomUp = nextAnswer(page, 'call-tree', (q) => q.get('direction') === 'bottom-up');
    await page.getByRole('radio', { name: 'Bottom-up tree' }).click();
    const bu = await bottomUp;
    const inverted = page.getByRole('table', { name: 'Call tree (bottom-up)' });
    await inverted.locator('tbody tr').first().waitFor();
    assert.deepEqual(
      await rowsOf(inverted),
      bu.body.nodes.filter((n) => n.depth <= 1).map((n) => n.name)
    );
    // The roots of the inverted tree are the leaf frames: the function table's functions with self.
    const roots = bu.body.nodes.filter((n) => n.depth === 0);
    assert.ok(roots.some((n) => n.name === 'main.hash'));
    assert.ok(!roots.some((n) => n.name === 'main.main'), 'main.main is never a leaf');

    // Reload keeps the tree; the flame graph comes back with its button.
    const again = nextAnswer(page, 'call-tree', (q) => q.get('direction') === 'bottom-up');
    await page.reload();
    await again;
    await page.getByRole('table', { name: 'Call tree (bottom-up)' }).locator('tbody tr').first().waitFor();
    await page.getByRole('radio', { name: 'Flame graph' }).click();
    await waitPainted(page, page.locator('canvas[data-testid="flameGraph"]'));
    assert.equal(viewParams(page).get('tree'), null);
    assert.deepEqual(
      problems.filter((p) => !p.includes('/icons/')),
      []
    );
    await page.close();
  });
});

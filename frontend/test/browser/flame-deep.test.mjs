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
import { buildDir, requireBuilt } from './support/server.mjs';
import { waitPainted } from './support/walkthrough.mjs';

const frontendRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const executable = findServeExecutable();
const skip = executable ? false : 'no gpx_hotpath executable: run "make build" (or dotnet build backend/src/Hotpath.Plugin), or set HOTPATH_EXE';
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const SERVICE = 'shop';

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
});

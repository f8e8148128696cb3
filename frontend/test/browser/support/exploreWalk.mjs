// The exploration walk a user takes, shared by the fixture-backed suite and the suite against a real
// `gpx_hotpath serve --demo`: All services → the service with the CPU spike → Single service →
// Labels → a filter → a zoomed range → two values ticked → Compare lands on the diff view → Back.
// Every expectation is derived from what the routes answered, never from hard-coded numbers.
import assert from 'node:assert/strict';

import { RESOURCES } from './server.mjs';

/** Waits for the next answer of `route` whose query satisfies `match`, and returns its URL and JSON. */
export function nextAnswer(page, route, match = () => true) {
  return page
    .waitForResponse(
      (r) => {
        const url = new URL(r.url());
        return url.pathname === `${RESOURCES}${route}` && match(url.searchParams);
      },
      { timeout: 30000 }
    )
    .then(async (r) => ({ url: new URL(r.url()), status: r.status(), body: await r.json() }));
}

export function viewParams(page) {
  return new URL(page.url()).searchParams;
}

/** How much a series spikes: its largest point over the median of its points. */
export function spikiness(series) {
  const sorted = [...series.values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return median > 0 ? series.stats.max / median : 0;
}

/** Picks an option in one of @grafana/ui's Selects by typing into it (the way a keyboard user would). */
export async function choose(page, ariaLabel, text) {
  const input = page.getByLabel(ariaLabel, { exact: true });
  await input.click();
  await input.fill(text);
  await page.getByRole('option', { name: text, exact: true }).first().click();
}

/** Drags across a time-series plot from fraction a to fraction b of its width. */
export async function dragAcross(page, plot, a, b) {
  const box = await plot.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * a, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((a + b) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * b, y, { steps: 4 });
  await page.mouse.up();
}

/**
 * Runs the walk from `baseUrl` + `query`. `shots(name)` is called at each view worth a screenshot.
 * Optional hooks let a longer walk act in between: `onGrid(all)` once the grid shows (it must leave
 * the grid as it found it: same profile type and range), `onDiff(diffUrl)` once Compare landed on the
 * diff view, before Back. Returns what it found, for the caller's own assertions.
 */
export async function exploreWalk(page, baseUrl, { query = '', expectSpikeIn, shots = async () => {}, onGrid = async () => {}, onDiff = async () => {} } = {}) {
  // All services: one series call for the whole grid.
  const grid = nextAnswer(page, 'series', (q) => q.get('groupBy') === 'service_name');
  await page.goto(`${baseUrl}/${query}`);
  const all = await grid;
  assert.equal(all.status, 200, JSON.stringify(all.body));
  const names = all.body.series.map((s) => s.labels.service_name);
  assert.ok(names.length >= 2, `expected several services, got ${names.join(', ')}`);
  const panels = page.locator('[data-testid^="service-panel-"]');
  await panels.nth(names.length - 1).waitFor();
  assert.equal(await panels.count(), names.length, 'one panel per service');
  const titles = await panels.locator('h3').allInnerTexts();
  assert.deepEqual(titles, names, 'panels in the order the backend ranked them (total, largest first)');
  await onGrid(all);

  // The service with the spike, from the values returned.
  const ranked = [...all.body.series].sort((a, b) => spikiness(b) - spikiness(a));
  const spiked = ranked[0].labels.service_name;
  if (expectSpikeIn !== undefined) {
    assert.equal(
      spiked,
      expectSpikeIn,
      `the spikiest series is ${spiked} (max/median ${spikiness(ranked[0]).toFixed(2)}), next ${ranked[1].labels.service_name} (${spikiness(ranked[1]).toFixed(2)})`
    );
  }
  assert.ok(
    spikiness(ranked[0]) > 1.5 * spikiness(ranked[1]),
    `${spiked} does not stand out: ${ranked.map((s) => `${s.labels.service_name}=${spikiness(s).toFixed(2)}`).join(' ')}`
  );
  await shots('explore-all-services');

  // Quick search narrows the grid (a regex anchored on the service's name).
  await page.getByLabel('Search services').fill(`^${spiked}$`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="service-panel-"]').length === 1);
  assert.equal(viewParams(page).get('search'), `^${spiked}$`);
  await page.getByLabel('Search services').fill('');
  await panels.nth(names.length - 1).waitFor();

  // Single service.
  const serviceAnswer = nextAnswer(page, 'service', (q) => q.get('service') === spiked);
  await page.getByTestId(`service-panel-${spiked}`).getByRole('button', { name: 'Profile types' }).click();
  const service = await serviceAnswer;
  assert.equal(viewParams(page).get('view'), 'service');
  assert.equal(viewParams(page).get('service'), spiked);
  assert.equal(viewParams(page).get('search'), null, 'switching view resets the quick search');
  const typePanels = page.locator('[data-testid^="profile-type-panel-"]');
  await typePanels.nth(service.body.profileTypes.length - 1).waitFor();
  assert.equal(await typePanels.count(), service.body.profileTypes.length, 'one panel per profile type');
  await shots('explore-single-service');

  // Labels of the CPU type (the type the grid showed).
  const cpu = all.body.profileType.id;
  const labelsAnswer = nextAnswer(page, 'labels');
  await page.getByTestId(`profile-type-panel-${cpu}`).getByRole('button', { name: 'Labels' }).click();
  const labels = (await labelsAnswer).body.labels;
  assert.equal(viewParams(page).get('view'), 'labels');
  assert.equal(viewParams(page).get('profileType'), cpu);
  const byCardinality = [...labels].sort((a, b) => b.cardinality - a.cardinality || a.name.localeCompare(b.name));
  const groupBy = byCardinality.find((l) => l.cardinality >= 2);
  assert.ok(groupBy, `no label with two values or more among ${labels.map((l) => l.name).join(', ')}`);
  const buttons = await page
    .getByRole('radiogroup')
    .getByRole('radio')
    .evaluateAll((els) => els.map((e) => e.closest('div')?.innerText ?? e.getAttribute('aria-label') ?? ''));
  assert.ok(buttons.length >= 2);

  const breakdownAnswer = nextAnswer(page, 'series', (q) => q.get('groupBy') === groupBy.name);
  await page.getByLabel(`Group by ${groupBy.name}`, { exact: true }).check({ force: true });
  const breakdown = await breakdownAnswer;
  assert.equal(viewParams(page).get('groupBy'), groupBy.name);
  const values = breakdown.body.series.map((s) => s.labels[groupBy.name] ?? '');
  const rows = page.locator('[data-testid^="label-value-"]');
  await rows.nth(values.length - 1).waitFor();
  assert.equal(await rows.count(), values.length);
  await shots('explore-labels');

  // A filter through the filters bar: a label with a single value keeps every row.
  const single = labels.find((l) => l.cardinality === 1 && l.name !== groupBy.name && l.values.length === 1);
  assert.ok(single, 'expected a label with one value to filter on');
  await choose(page, 'Filter label', single.name);
  await choose(page, 'Filter value', single.values[0].value);
  const filtered = nextAnswer(page, 'series', (q) => q.get('groupBy') === groupBy.name && (q.get('selector') ?? '').includes(single.name));
  await page.getByRole('button', { name: 'Add filter' }).click();
  const afterFilter = await filtered;
  const expectedFilter = `${single.name}=${JSON.stringify(single.values[0].value)}`;
  assert.equal(viewParams(page).get('filters'), `{${expectedFilter}}`);
  assert.ok(afterFilter.url.searchParams.get('selector').includes(`service_name=${JSON.stringify(spiked)}, ${expectedFilter}`));
  await page.getByTestId('filter-chip').filter({ hasText: expectedFilter }).waitFor();

  // Zoom: drag across the middle half of the breakdown's main chart.
  const before = { from: Number(afterFilter.url.searchParams.get('from')), to: Number(afterFilter.url.searchParams.get('to')) };
  const zoomed = nextAnswer(page, 'series', (q) => q.get('groupBy') === groupBy.name && /^\d+$/.test(q.get('from')) && Number(q.get('from')) > before.from);
  await dragAcross(page, page.getByTestId('time-series-plot').first(), 0.25, 0.75);
  const afterZoom = await zoomed;
  const from = Number(viewParams(page).get('from'));
  const to = Number(viewParams(page).get('to'));
  const span = before.to - before.from;
  assert.ok(Math.abs(from - (before.from + span * 0.25)) < span * 0.02, `zoom from ${from}, expected about ${before.from + span * 0.25}`);
  assert.ok(Math.abs(to - (before.from + span * 0.75)) < span * 0.02, `zoom to ${to}, expected about ${before.from + span * 0.75}`);
  assert.equal(Number(afterZoom.url.searchParams.get('from')), from);
  const zoomedValues = afterZoom.body.series.map((s) => s.labels[groupBy.name] ?? '');
  assert.ok(zoomedValues.length >= 2, 'two values to compare in the zoomed range');
  await rows.nth(zoomedValues.length - 1).waitFor();

  // Tick a baseline and a comparison value, then Compare.
  const [baselineValue, comparisonValue] = zoomedValues;
  await page.getByText(`Baseline`, { exact: true }).first().waitFor();
  await page.getByTestId(`label-value-${baselineValue}`).getByText('Baseline', { exact: true }).click();
  await page.getByTestId(`label-value-${comparisonValue}`).getByText('Comparison', { exact: true }).click();
  const labelsUrl = page.url();
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.getByTestId('view-diff').waitFor();
  const diff = viewParams(page);
  assert.equal(diff.get('view'), 'diff');
  assert.equal(diff.get('service'), spiked);
  assert.equal(diff.get('profileType'), cpu);
  assert.equal(diff.get('baselineFilters'), `{${expectedFilter}, ${groupBy.name}=${JSON.stringify(baselineValue)}}`);
  assert.equal(diff.get('comparisonFilters'), `{${expectedFilter}, ${groupBy.name}=${JSON.stringify(comparisonValue)}}`);
  assert.equal(diff.get('baselineFrom'), String(from));
  assert.equal(diff.get('comparisonTo'), String(to));
  assert.equal(diff.get('groupBy'), null, 'switching view resets the group-by');
  await onDiff(page.url());

  // Back returns to the Labels view as it was.
  await page.goBack();
  await page.getByTestId('view-labels').waitFor();
  assert.equal(page.url(), labelsUrl);
  await rows.nth(zoomedValues.length - 1).waitFor();
  return { spiked, services: names, groupBy: groupBy.name, baselineValue, comparisonValue };
}

/**
 * Opens All services and measures, in the browser's own clock, the time from navigation start to the
 * panels in view drawn (`viewMs`: titles of all `count`, the charts of those on screen) and to every
 * one of the `count` charts drawn (`gridMs`), then how long the grid takes to answer a quick search.
 * Charts draw when they come into view, so without `eager` the walk scrolls each undrawn panel into
 * view and `gridMs` includes that scrolling; with `eager` (window.hotpathEagerCharts) all draw at once.
 * Returns { viewMs, gridMs, seriesMs, searchMs }.
 */
export async function measureAllServices(page, url, count, probe, { eager = false } = {}) {
  if (eager) {
    await page.addInitScript(() => {
      window.hotpathEagerCharts = true;
    });
  }
  await page.goto(url);
  const viewMs = await page
    .waitForFunction(
      (n) => {
        const panels = [...document.querySelectorAll('[data-testid^="service-panel-"]')];
        if (panels.length !== n) {
          return false;
        }
        const inView = panels.filter((p) => p.getBoundingClientRect().top < window.innerHeight);
        return inView.length > 0 && inView.every((p) => p.querySelector('[data-drawn]')) ? performance.now() : false;
      },
      count,
      { timeout: 30000, polling: 'raf' }
    )
    .then((h) => h.jsonValue());
  // page.evaluate has no timeout of its own: each panel gets 30 s (counted in frames' time, so a busy
  // machine only slows it) and one that never draws fails naming itself instead of waiting forever.
  const gridMs = await page.evaluate(async () => {
    for (const panel of document.querySelectorAll('[data-testid^="service-panel-"]')) {
      if (!panel.querySelector('[data-drawn]')) {
        panel.scrollIntoView({ block: 'center' });
        const giveUp = performance.now() + 30_000;
        while (!panel.querySelector('[data-drawn]')) {
          if (performance.now() > giveUp) {
            throw new Error(`${panel.getAttribute('data-testid')} did not draw its chart within 30 s of being scrolled into view`);
          }
          await new Promise((r) => requestAnimationFrame(r));
        }
      }
    }
    return performance.now();
  });
  assert.equal(await page.locator('[data-testid^="service-panel-"] [data-drawn]').count(), count, 'every panel drew its chart');
  await page.evaluate(() => window.scrollTo(0, 0));
  const seriesMs = await page.evaluate(() => {
    const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/resources/series?'));
    return entry ? entry.duration : NaN;
  });
  const start = Date.now();
  await page.getByLabel('Search services').fill(`^${probe}$`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="service-panel-"]').length === 1, null, { polling: 'raf' });
  const searchMs = Date.now() - start;
  return { viewMs: Math.round(viewMs), gridMs: Math.round(gridMs), seriesMs: Math.round(seriesMs), searchMs };
}

// The exploration views in headless Chromium against a loopback backend that answers the view routes
// from a generated profile world (support/exploreFixtures.mjs): the whole walk, the panels' error,
// empty and onboarding states, and the page's behaviour with fifty services.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage } from './support/browser.mjs';
import { exploreRoutes } from './support/exploreFixtures.mjs';
import { exploreWalk, measureAllServices, nextAnswer, viewParams } from './support/exploreWalk.mjs';
import * as fixtures from './support/fixtures.mjs';
import { buildDir, requireBuilt, startServer } from './support/server.mjs';

describe('exploration views (fixture backend)', () => {
  let server;
  let browser;

  before(async () => {
    requireBuilt(path.join(buildDir, 'standalone', 'app.js'));
    server = await startServer({ datasources: { body: fixtures.dataSources() }, health: { body: fixtures.health() }, ...exploreRoutes() });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  function reset(routes) {
    for (const key of Object.keys(server.routes)) {
      delete server.routes[key];
    }
    Object.assign(server.routes, { datasources: { body: fixtures.dataSources() }, health: { body: fixtures.health() } }, routes);
    server.requests.length = 0;
  }

  test('All services → spike → Single service → Labels → filter → zoom → Compare → Back', async () => {
    reset(exploreRoutes());
    const { page, problems } = await newPage(browser, { width: 1400, height: 900 });
    const found = await exploreWalk(page, server.url, { expectSpikeIn: 'checkout' });
    assert.equal(found.groupBy, 'pod');
    // The grid is one call, whatever the number of services.
    assert.equal(server.requests.filter((r) => r.route === 'series' && r.query.get('groupBy') === 'service_name').length, 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a link with bad values opens with defaults, and the data source change clears the filters', async () => {
    reset(exploreRoutes());
    const { page, problems } = await newPage(browser);
    const grid = nextAnswer(page, 'series', (q) => q.get('groupBy') === 'service_name');
    await page.goto(
      `${server.url}/?view=nonsense&profileType=cpu&from=yesterday&to=now&maxNodes=-3&filters=${encodeURIComponent('{region="eu-west", pod=="x"}')}`
    );
    const answer = await grid;
    assert.equal(answer.url.searchParams.get('profileType'), 'process_cpu:cpu:nanoseconds:cpu:nanoseconds');
    assert.equal(answer.url.searchParams.get('selector'), '{region="eu-west"}', 'the bad matcher is dropped, the good one kept');
    assert.equal(Number(answer.url.searchParams.get('to')) - Number(answer.url.searchParams.get('from')), 3_600_000, 'the default range, the last hour');
    await page.getByTestId('view-all-services').waitFor();
    await page.getByTestId('filter-chip').waitFor();
    const next = nextAnswer(page, 'series', (q) => q.get('datasource') === 'pyro-prod');
    const select = page.getByLabel('Data source', { exact: true });
    await select.click();
    await page.getByRole('option', { name: /Pyroscope \(production\)/ }).click();
    const changed = await next;
    assert.equal(changed.url.searchParams.get('selector'), '{}');
    assert.equal(await page.getByTestId('filter-chip').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('Labels: summaries by cardinality, Select, Include, Exclude, removing a chip', async () => {
    reset(exploreRoutes());
    const { page, problems } = await newPage(browser, { width: 1400, height: 900 });
    await page.goto(`${server.url}/?view=labels&service=checkout`);
    const summaries = page.locator('[data-testid^="label-summary-"]');
    await summaries.first().waitFor();
    assert.deepEqual(await summaries.locator('h3').allInnerTexts(), ['pod', 'region'], 'service_name is never a breakdown');
    const radios = await page
      .getByRole('radiogroup')
      .getByRole('radio')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.deepEqual(radios.slice(1), ['Group by pod', 'Group by region'], 'largest cardinality first');

    await page.getByTestId('label-summary-pod').getByRole('button', { name: 'Select' }).click();
    await page.getByTestId('label-value-pod-a').waitFor();
    assert.equal(viewParams(page).get('groupBy'), 'pod');

    const included = nextAnswer(page, 'series', (q) => (q.get('selector') ?? '').includes('pod="pod-a"'));
    await page.getByRole('button', { name: 'Include pod-a' }).click();
    assert.equal((await included).url.searchParams.get('selector'), '{service_name="checkout", pod="pod-a"}');
    assert.equal(viewParams(page).get('filters'), '{pod="pod-a"}');
    await page.getByTestId('filter-chip').filter({ hasText: 'pod="pod-a"' }).waitFor();

    await page.goto(`${server.url}/?view=labels&service=checkout&groupBy=region`);
    await page.getByRole('button', { name: 'Exclude eu-west' }).click();
    await page.waitForURL(/filters=/);
    assert.equal(viewParams(page).get('filters'), '{region!="eu-west"}');
    await page.getByRole('button', { name: 'Remove filter region!="eu-west"' }).click();
    await page.waitForURL((url) => !url.searchParams.has('filters'));
    assert.equal(await page.getByTestId('filter-chip').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('time picker presets, move and zoom out, and Refresh re-query with a later end', async () => {
    reset(exploreRoutes());
    const { page, problems } = await newPage(browser, { width: 1400, height: 900 });
    const first = nextAnswer(page, 'series');
    await page.goto(`${server.url}/`);
    const initial = await first;
    const to0 = Number(initial.url.searchParams.get('to'));

    await page.getByRole('button', { name: /Time range selected/ }).click();
    const preset = nextAnswer(page, 'series', (q) => Number(q.get('to')) - Number(q.get('from')) === 6 * 3_600_000);
    await page.getByText('Last 6 hours', { exact: true }).click();
    await preset;
    assert.equal(viewParams(page).get('from'), 'now-6h');
    assert.equal(viewParams(page).get('to'), 'now');

    const zoomOut = nextAnswer(page, 'series', (q) => Number(q.get('to')) - Number(q.get('from')) === 12 * 3_600_000);
    await page.getByRole('button', { name: /Zoom out time range/ }).click();
    await zoomOut;
    assert.match(viewParams(page).get('from'), /^\d+$/, 'zooming out makes the range absolute');

    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('from') === 'now-6h');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const refreshed = nextAnswer(page, 'series', (q) => Number(q.get('to')) > to0);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const after = await refreshed;
    assert.equal(Number(after.url.searchParams.get('to')) - Number(after.url.searchParams.get('from')), 6 * 3_600_000);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('Share copies a link whose relative range is made absolute', async () => {
    reset(exploreRoutes());
    const { page, problems } = await newPage(browser);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const first = nextAnswer(page, 'series');
    await page.goto(`${server.url}/?from=now-3h&to=now&search=check`);
    const queried = (await first).url.searchParams;
    await page.getByRole('button', { name: 'Share' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    const link = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    assert.equal(link.origin, server.url);
    assert.equal(link.searchParams.get('from'), queried.get('from'));
    assert.equal(link.searchParams.get('to'), queried.get('to'));
    assert.equal(link.searchParams.get('search'), 'check');
    assert.equal(viewParams(page).get('from'), 'now-3h', 'the page itself stays relative');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the service picker offers the services that have the profile type shown', async () => {
    reset(exploreRoutes());
    const { page, problems } = await newPage(browser);
    const optionsOf = async () => {
      await page.getByLabel('Service', { exact: true }).click();
      const names = await page.getByRole('option').allInnerTexts();
      await page.keyboard.press('Escape');
      return names.map((n) => n.trim());
    };
    await page.goto(`${server.url}/?profileType=${encodeURIComponent('memory:alloc_space:bytes:space:bytes')}`);
    await page.locator('[data-testid^="service-panel-"]').first().waitFor();
    const memory = await optionsOf();
    assert.ok(!memory.includes('email') && memory.includes('checkout'), memory.join(', '));
    assert.equal(await page.locator('[data-testid^="service-panel-"]').count(), memory.length);
    await page.goto(`${server.url}/`);
    await page.locator('[data-testid^="service-panel-"]').first().waitFor();
    assert.ok((await optionsOf()).includes('email'));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a failing route shows its error with the backend's message, and Retry recovers", async () => {
    const routes = exploreRoutes();
    const good = routes.series;
    let fail = true;
    reset({
      ...routes,
      series: (url) => (fail ? { status: 502, body: { message: 'Production (prod): pyroscope answered 503', kind: 'downstream' } } : good(url)),
    });
    const { page } = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.getByText('The backend answered 502').waitFor();
    await page.getByText('Production (prod): pyroscope answered 503').waitFor();
    fail = false;
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-testid^="service-panel-"]').first().waitFor();
    await page.close();
  });

  test('when the services list fails and the URL names no profile type, its error shows, not "no data"', async () => {
    let fail = true;
    const routes = exploreRoutes();
    const good = routes.services;
    reset({
      ...routes,
      services: (url) => (fail ? { status: 504, body: { message: 'Production (prod) did not answer in 30 s', kind: 'downstream_timeout' } } : good(url)),
    });
    const { page } = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.getByText('Production (prod) did not answer in 30 s').waitFor();
    fail = false;
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-testid^="service-panel-"]').first().waitFor();
    await page.close();
  });

  test('an answer that breaks the contract is named, not drawn', async () => {
    reset({ ...exploreRoutes(), series: () => ({ body: { profileType: 'cpu', step: 15, series: [], totalSeries: 0 } }) });
    const { page } = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.getByText('The backend sent something unexpected').waitFor();
    await page.getByText(/profileType: expected an object, got the string "cpu"/).waitFor();
    await page.close();
  });

  test('no series in range is the empty state; a source without profiles shows onboarding', async () => {
    reset({
      ...exploreRoutes(),
      series: (url) => ({ body: { profileType: exploreRoutes().services().body.profileTypes[0], step: 15, series: [], totalSeries: 0 } }),
    });
    const { page, problems } = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.getByText('No service has CPU time data in this time range').waitFor();

    reset(exploreRoutes({ ingested: false }));
    await page.goto(`${server.url}/?view=labels&service=checkout`);
    await page.getByRole('heading', { name: 'No profiles yet' }).waitFor();
    await page
      .getByText(/\/ingest\?name=my-service/)
      .first()
      .waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the status drawer lists the data sources and their health', async () => {
    reset(exploreRoutes());
    const { page } = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Status' }).click();
    const rows = page.getByRole('table', { name: 'Data sources' }).locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), fixtures.dataSources().datasources.length);
    await page.getByRole('table', { name: 'Source health' }).waitFor();
    await page.close();
  });
});

describe('All services with fifty services (fixture backend: the frontend alone)', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ datasources: { body: fixtures.dataSources() }, health: { body: fixtures.health() }, ...exploreRoutes({ count: 50 }) });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('draws fifty panels from one call and answers a search', async () => {
    // Behaviour only: how fast this happens is measured by `make bench/ui`, never asserted here.
    const { page, problems } = await newPage(browser, { width: 1440, height: 900 });
    const run = await measureAllServices(page, `${server.url}/`, 50, 'svc-07');
    assert.ok(run.gridMs > 0);
    assert.equal(await page.locator('[data-testid^="service-panel-"]').count(), 1, 'the search leaves the one matching panel');
    assert.deepEqual(problems, []);
    await page.close();
    assert.equal(server.requests.filter((r) => r.route === 'series').length, 1, 'one series call per page load');
  });
});

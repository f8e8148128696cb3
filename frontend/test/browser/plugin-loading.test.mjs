// Loads the built plugin modules the way Grafana does (SystemJS + AMD, Grafana's packages provided by
// the host) and checks that they register the right plugin classes and that their UI renders.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage } from './support/browser.mjs';
import { exploreRoutes } from './support/exploreFixtures.mjs';
import * as fixtures from './support/fixtures.mjs';
import { buildDir, requireBuilt, startServer, testBuildDir } from './support/server.mjs';
import { GRAFANA_SHARED } from './support/views.mjs';

const APP_MODULE = path.join(buildDir, 'module.js');
const DS_MODULE = path.join(buildDir, 'datasource', 'module.js');

function amdDependencies(file) {
  const source = fs.readFileSync(file, 'utf8');
  const match = /^define\((\[[^\]]*\])\s*,/.exec(source);
  assert.ok(match, `${path.basename(file)} does not start with define([...], factory): it is not an AMD module`);
  return { deps: JSON.parse(match[1]), source };
}

async function hostReport(page) {
  await page.waitForFunction(() => window.hostReport !== undefined, null, { timeout: 20000 });
  return page.evaluate(() => window.hostReport);
}

describe('plugin modules as Grafana loads them', () => {
  let server;
  let browser;

  before(async () => {
    requireBuilt(APP_MODULE, DS_MODULE, path.join(testBuildDir, 'host', 'host.js'));
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [name, file] of [
    ['module.js', APP_MODULE],
    ['datasource/module.js', DS_MODULE],
  ]) {
    test(`${name} is an AMD module that takes Grafana's packages from the host`, () => {
      const { deps, source } = amdDependencies(file);
      for (const dep of deps) {
        assert.ok(GRAFANA_SHARED.has(dep), `${name} depends on "${dep}", which Grafana does not provide`);
      }
      for (const dep of ['react', '@grafana/data', '@grafana/ui']) {
        assert.ok(deps.includes(dep), `${name} should take ${dep} from Grafana; its dependencies are ${deps.join(', ')}`);
      }
      // A bundled copy of React or of Grafana's packages would fight Grafana's own at runtime.
      assert.doesNotMatch(source, /__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED|react-jsx-runtime/, `${name} bundles React`);
      // @grafana/flamegraph is bundled (Grafana does not share it with plugins): about 200 KB minified.
      assert.ok(source.length < 600_000, `${name} is ${source.length} bytes: Grafana's packages must not be bundled`);
    });
  }

  test('the app module registers an AppPlugin whose root page lists the data sources and their health', async () => {
    Object.assign(server.routes, exploreRoutes());
    server.routes.datasources = { body: fixtures.dataSources() };
    server.routes.health = { body: fixtures.health() };
    const { page, problems } = await newPage(browser);
    await page.goto(`${server.url}/host/index.html?plugin=app&module=/public/plugins/hotpath-profiles-app/module.js`);
    const report = await hostReport(page);
    assert.equal(report.error, undefined);
    assert.deepEqual(ownExports(report.exportNames), ['plugin']);
    assert.equal(report.isAppPlugin, true, 'the export "plugin" is not an AppPlugin of the host\'s @grafana/data');
    assert.equal(report.hasRootPage, true);
    assert.deepEqual(report.configPages, [{ id: 'configuration', title: 'Configuration' }]);

    await page.locator('[data-testid^="service-panel-"]').first().waitFor();
    await page.getByRole('button', { name: 'Status' }).click();
    const table = page.getByRole('table', { name: 'Data sources' });
    await table.waitFor();
    const expected = fixtures.dataSources().datasources;
    const rows = table.locator('tbody tr');
    assert.equal(await rows.count(), expected.length);
    for (const [i, ds] of expected.entries()) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      assert.match(cells[0], new RegExp(`^${escape(ds.name)}`));
      assert.equal(cells[0].includes('default'), ds.default, `default badge of ${ds.name}`);
      assert.equal(cells[2], ds.url ?? '—');
      assert.equal(cells[3], ds.tenant ?? '—');
      assert.equal(cells[4], ds.uid);
    }

    const healthRows = page.getByRole('table', { name: 'Source health' }).locator('tbody tr');
    await healthRows.first().waitFor();
    const health = fixtures.health().sources;
    assert.equal(await healthRows.count(), health.length);
    for (const [i, source] of health.entries()) {
      const cells = await healthRows.nth(i).locator('td').allInnerTexts();
      assert.deepEqual([cells[0], cells[2], cells[3]], [source.name, source.status === 'ok' ? 'OK' : 'Error', source.message]);
    }
    const failing = health.filter((s) => s.status !== 'ok').length;
    await page.getByText(`${failing} of ${health.length} sources failing`).waitFor();

    // Every call went through Grafana's backend service to the resource paths.
    const routes = new Set(server.requests.map((r) => r.route));
    for (const route of ['datasources', 'health', 'stats', 'services', 'series']) {
      assert.ok(routes.has(route), `no call to ${route}: ${[...routes].join(', ')}`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the root page shows a failing route's own error, and Retry recovers", async () => {
    server.requests.length = 0;
    server.routes.datasources = { status: 503, body: { error: 'embedded store is locked by another process' } };
    server.routes.health = { body: { status: 'ok', message: 'no sources', sources: [] } };
    const { page } = await newPage(browser);
    await page.goto(`${server.url}/host/index.html?plugin=app&module=/public/plugins/hotpath-profiles-app/module.js`);
    await page.getByRole('button', { name: 'Status' }).click();
    await page.getByText('The backend answered 503').waitFor();
    await page.getByText('embedded store is locked by another process').waitFor();
    await page.getByText('No sources to check').waitFor();

    server.routes.datasources = { body: { datasources: [] } };
    const before = server.requests.filter((r) => r.route === 'datasources').length;
    await page.getByRole('dialog').getByRole('button', { name: 'Retry' }).click();
    await page.getByText('No data sources configured').waitFor();
    assert.equal(server.requests.filter((r) => r.route === 'datasources').length, before + 1);
    await page.close();
  });

  test('the root page names the field when the backend sends the wrong shape', async () => {
    server.routes.datasources = { body: { datasources: [{ uid: 'a', name: 'A', kind: 'embedded', default: 'yes' }] } };
    server.routes.health = { body: fixtures.health() };
    const { page } = await newPage(browser);
    await page.goto(`${server.url}/host/index.html?plugin=app&module=/public/plugins/hotpath-profiles-app/module.js`);
    await page.getByRole('button', { name: 'Status' }).click();
    await page.getByText('datasources[0].default: expected true or false, got the string "yes"').waitFor();
    await page.close();
  });

  test("inside Grafana, navigation goes through locationService: the URL keeps the host's parameters and Back works", async () => {
    Object.assign(server.routes, exploreRoutes());
    server.routes.datasources = { body: fixtures.dataSources() };
    server.routes.health = { body: fixtures.health() };
    const { page, problems } = await newPage(browser);
    await page.goto(`${server.url}/host/index.html?plugin=app&module=/public/plugins/hotpath-profiles-app/module.js`);
    await page.getByTestId('service-panel-checkout').getByRole('button', { name: 'Labels' }).click();
    await page.getByTestId('view-labels').waitFor();
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('plugin'), 'app', "Grafana's own query parameters are kept");
    assert.equal(params.get('view'), 'labels');
    assert.equal(params.get('service'), 'checkout');
    const historyLength = await page.evaluate(() => window.history.length);
    assert.ok(historyLength >= 2, 'the navigation pushed a history entry');
    await page.goBack();
    await page.getByTestId('view-all-services').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('view'), null);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("the app's config page edits the sources and their secrets, and saves through Grafana's plugin settings API", async () => {
    server.requests.length = 0;
    const userSettings = {
      maxNodes: 16384,
      collapsedFrames: true,
      defaultProfileType: null,
      defaultRange: 'now-1h',
      sourceLinkTemplate: null,
      sourceLinkVersionLabel: null,
    };
    server.routes['GET settings'] = { body: userSettings };
    server.routes['PUT settings'] = (req) => ({ body: JSON.parse(req.body.toString()) });
    server.routes['POST plugin-settings'] = { body: { message: 'Plugin settings updated' } };
    const jsonData = {
      storePath: '/var/lib/hotpath',
      dataSources: [
        { uid: 'embedded', kind: 'embedded', name: 'Embedded store', default: true },
        { uid: 'prod', kind: 'pyroscope', name: 'Prod', url: 'https://pyro.example:4040', tenant: 'acme' },
      ],
    };
    const query = new URLSearchParams({
      plugin: 'app',
      module: '/public/plugins/hotpath-profiles-app/module.js',
      configPage: 'configuration',
      jsonData: JSON.stringify(jsonData),
      secureJsonFields: JSON.stringify({ 'prod.bearerToken': true }),
    });
    const { page, problems } = await newPage(browser, { width: 1280, height: 1200 });
    await page.goto(`${server.url}/host/index.html?${query}`);
    assert.equal((await hostReport(page)).error, undefined);

    await page.getByLabel('Source 2 URL').waitFor();
    assert.equal(await page.getByLabel('Source 2 URL').inputValue(), 'https://pyro.example:4040');
    assert.equal(await page.getByLabel('Source 2 tenant').inputValue(), 'acme');
    // A stored secret is shown as configured, never read back.
    const token = page.getByLabel('prod Bearer token');
    assert.equal(await token.isDisabled(), true);
    assert.equal(await token.inputValue(), 'configured');

    await page.getByLabel('Source 2 URL').fill('');
    await page.getByText('jsonData.dataSources[1].url is required for a pyroscope source').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save sources' }).isDisabled(), true);
    await page.getByLabel('Source 2 URL').fill('https://pyro.example:4443');
    await page.getByLabel('Source 2 basic auth user').fill('reader');
    await page.getByLabel('prod Basic auth password').fill('s3cret');
    await page.getByRole('button', { name: 'Save sources' }).click();
    await page.getByText('Saved. The plugin restarts its sources').waitFor();
    const save = server.requests.find((r) => r.route === 'plugin-settings');
    assert.equal(save.method, 'POST');
    assert.deepEqual(JSON.parse(save.body.toString()), {
      enabled: true,
      pinned: true,
      jsonData: {
        storePath: '/var/lib/hotpath',
        dataSources: [
          { uid: 'embedded', kind: 'embedded', name: 'Embedded store', default: true },
          { uid: 'prod', kind: 'pyroscope', name: 'Prod', url: 'https://pyro.example:4443', tenant: 'acme', basicAuthUser: 'reader' },
        ],
      },
      secureJsonData: { 'prod.basicAuthPassword': 's3cret' },
    });

    // The user's own settings, through GET/PUT settings.
    await page.getByLabel('Flame graph nodes').fill('2048');
    await page.getByRole('button', { name: 'Save my settings' }).click();
    await page.getByText('Your settings are saved.').waitFor();
    const put = server.requests.find((r) => r.method === 'PUT' && r.route === 'settings');
    assert.deepEqual(JSON.parse(put.body.toString()), { ...userSettings, maxNodes: 2048 });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the data source module registers a DataSourcePlugin whose query editor edits the Pyroscope query model', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(`${server.url}/host/index.html?plugin=datasource&module=/public/plugins/hotpath-profiles-app/datasource/module.js`);
    const report = await hostReport(page);
    assert.equal(report.error, undefined);
    assert.deepEqual(ownExports(report.exportNames), ['plugin']);
    assert.equal(report.isDataSourcePlugin, true);
    assert.equal(report.hasQueryEditor, true);
    assert.equal(report.dataSourceIsWithBackend, true, 'DataSource should extend DataSourceWithBackend');
    assert.deepEqual(report.defaultQuery, { queryType: 'both', profileTypeId: '', labelSelector: '{}', groupBy: [], spanSelector: [] });
    assert.equal(report.filterAcceptsTyped, true);
    assert.equal(report.filterRejectsEmpty, true);

    const lastChange = () => page.evaluate(() => window.queryChanges.at(-1));
    const changeCount = () => page.evaluate(() => window.queryChanges.length);

    await page.getByRole('radio', { name: 'Profile' }).check({ force: true });
    assert.equal((await lastChange()).queryType, 'profile');

    await page.locator('#hotpath-profile-type').fill('memory:alloc_space:bytes:space:bytes');
    await page.locator('#hotpath-label-selector').fill('{service_name="checkout"}');
    await page.locator('#hotpath-profile-type').click();
    const afterSelector = await lastChange();
    assert.equal(afterSelector.profileTypeId, 'memory:alloc_space:bytes:space:bytes');
    assert.equal(afterSelector.labelSelector, '{service_name="checkout"}');
    assert.equal(afterSelector.queryType, 'profile', 'earlier edits are kept');

    await page.locator('#hotpath-group-by').fill('region');
    await page.locator('#hotpath-group-by').press('Enter');
    assert.deepEqual((await lastChange()).groupBy, ['region']);

    const before = await changeCount();
    await page.locator('#hotpath-max-nodes').fill('lots');
    await page.locator('#hotpath-profile-type').click();
    await page.getByText('max nodes must be a whole number of at least 1, got "lots"').waitFor();
    assert.equal(await changeCount(), before, 'an invalid max nodes must not change the query');

    await page.locator('#hotpath-max-nodes').fill('1024');
    await page.locator('#hotpath-profile-type').click();
    assert.equal((await lastChange()).maxNodes, 1024);

    await page.locator('#hotpath-label-selector').fill('service_name="checkout"');
    await page.locator('#hotpath-profile-type').click();
    await page.getByText('is not a label selector').waitFor();

    if (process.env.HOTPATH_UPDATE_SCREENSHOTS === '1') {
      const docs = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../docs/screenshots');
      fs.mkdirSync(docs, { recursive: true });
      await page.setViewportSize({ width: 1100, height: 260 });
      await page.screenshot({ path: path.join(docs, 'datasource-query-editor.png') });
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
});

// SystemJS adds these interop keys to every AMD module it loads.
function ownExports(names) {
  return names.filter((name) => !['__esModule', '__useDefault', 'default'].includes(name));
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The standalone page as `gpx_hotpath serve` serves it: the files of build/standalone at "/" and the
// resource routes at their Grafana paths. By default a loopback fixture server plays the backend; set
// HOTPATH_STANDALONE_URL (e.g. http://127.0.0.1:4040) to run the same checks against a real server.
// HOTPATH_UPDATE_SCREENSHOTS=1 also writes the screenshot into docs/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage } from './support/browser.mjs';
import { exploreRoutes } from './support/exploreFixtures.mjs';
import * as fixtures from './support/fixtures.mjs';
import { RESOURCES, buildDir, requireBuilt, startServer } from './support/server.mjs';

const frontendRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const SCREENSHOT = 'standalone-overview.png';

describe('standalone page', () => {
  let server;
  let baseUrl;
  let browser;

  before(async () => {
    if (process.env.HOTPATH_STANDALONE_URL) {
      baseUrl = process.env.HOTPATH_STANDALONE_URL.replace(/\/$/, '');
    } else {
      requireBuilt(path.join(buildDir, 'standalone', 'index.html'), path.join(buildDir, 'standalone', 'app.js'));
      server = await startServer({ datasources: { body: fixtures.dataSources() }, health: { body: fixtures.health() }, ...exploreRoutes() });
      baseUrl = server.url;
    }
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function routeJson(route) {
    const response = await fetch(`${baseUrl}${RESOURCES}${route}`);
    assert.equal(response.status, 200, `GET ${route}`);
    return response.json();
  }

  test('serves the page and its bundle with the right content types', async () => {
    const page = await fetch(`${baseUrl}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    assert.match(html, /<div id="root"><\/div>/);
    const script = await fetch(`${baseUrl}/app.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^(text|application)\/javascript/);
  });

  test("shows the data sources and their health in Grafana's dark theme, with no failed loads", async () => {
    const { datasources } = await routeJson('datasources');
    const health = await routeJson('health');
    const { page, problems } = await newPage(browser, { width: 1280, height: 760 });
    await page.goto(`${baseUrl}/`);

    await page.getByRole('button', { name: 'Status' }).click();
    const rows = page.getByRole('table', { name: 'Data sources' }).locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), datasources.length);
    for (const [i, ds] of datasources.entries()) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      assert.ok(cells[0].startsWith(ds.name), `row ${i} shows ${cells[0]}, expected ${ds.name}`);
      assert.equal(cells[4], ds.uid);
    }
    const healthRows = page.getByRole('table', { name: 'Source health' }).locator('tbody tr');
    await healthRows.first().waitFor();
    assert.equal(await healthRows.count(), health.sources.length);
    for (const [i, source] of health.sources.entries()) {
      assert.equal(await healthRows.nth(i).locator('td').first().innerText(), source.name);
    }

    // Grafana's look: dark canvas, Inter as the UI font (served next to the page), icons loaded.
    await page.evaluate(() => document.fonts.ready);
    const look = await page.evaluate(() => {
      const style = getComputedStyle(document.body);
      return { background: style.backgroundColor, fontFamily: style.fontFamily, interLoaded: document.fonts.check('14px Inter') };
    });
    const [r, g, b] = look.background.match(/\d+/g).map(Number);
    assert.ok(0.2126 * r + 0.7152 * g + 0.0722 * b < 40, `background ${look.background} is not a dark theme`);
    assert.match(look.fontFamily, /^"?Inter"?/);
    assert.equal(look.interLoaded, true, 'the Inter font did not load');
    await page.locator('svg[data-testid="icon-sync"]').first().waitFor();

    fs.mkdirSync(path.join(frontendRoot, 'test-results'), { recursive: true });
    const shot = await page.screenshot({ path: path.join(frontendRoot, 'test-results', SCREENSHOT), fullPage: true });
    if (process.env.HOTPATH_UPDATE_SCREENSHOTS === '1') {
      const docs = path.resolve(frontendRoot, '..', 'docs', 'screenshots');
      fs.mkdirSync(docs, { recursive: true });
      fs.writeFileSync(path.join(docs, SCREENSHOT), shot);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
});

// End to end against the real `gpx_hotpath serve`: the exploration walk on the demo data (the CPU
// spike planted in `checkout` must be the one the page leads to), screenshots of the three views, and
// the All services page with fifty services pushed through Pyroscope's ingest API (timed in `make bench/ui`).
// Skips, saying why, when no executable is built or the server has no view routes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage } from './support/browser.mjs';
import { exploreWalk, measureAllServices } from './support/exploreWalk.mjs';
import { serviceNames } from './support/exploreFixtures.mjs';
import { findServeExecutable, pushServices, startServe } from './support/serve.mjs';
import { RESOURCES, buildDir, requireBuilt } from './support/server.mjs';

const frontendRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const executable = findServeExecutable();
const skip = executable ? false : 'no gpx_hotpath executable: run "make build" or set HOTPATH_EXE';
async function hasViewRoutes(url) {
  const response = await fetch(`${url}${RESOURCES}stats`);
  return response.status !== 404;
}

function saveShot(name, png) {
  fs.mkdirSync(path.join(frontendRoot, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(frontendRoot, 'test-results', `${name}.png`), png);
  if (process.env.HOTPATH_UPDATE_SCREENSHOTS === '1') {
    const docs = path.resolve(frontendRoot, '..', 'docs', 'screenshots');
    fs.mkdirSync(docs, { recursive: true });
    fs.writeFileSync(path.join(docs, `${name}.png`), png);
  }
}

describe('exploration against gpx_hotpath serve --demo', { skip }, () => {
  let serve;
  let browser;
  let routesMissing = false;

  before(async () => {
    requireBuilt(path.join(buildDir, 'standalone', 'app.js'));
    serve = await startServe(executable, ['--demo']);
    routesMissing = !(await hasViewRoutes(serve.url));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await serve?.close();
  });

  test('All services → the CPU spike in checkout → Single service → Labels → filter → zoom → Compare → Back', async (t) => {
    if (routesMissing) {
      t.skip('this server has no view routes (GET stats answers 404)');
      return;
    }
    const { page, problems } = await newPage(browser, { width: 1440, height: 900 });
    // The demo's spike is a third of its six hours back; six hours show it.
    const found = await exploreWalk(page, serve.url, {
      query: '?from=now-6h&to=now',
      expectSpikeIn: 'checkout',
      shots: async (name) => {
        await page.mouse.move(0, 0);
        // Icons load on their own after the panels; wait so the picture has them all.
        await page.waitForLoadState('networkidle');
        await page
          .waitForFunction(
            () =>
              [...document.querySelectorAll('main button')].filter((b) => /^(Include|Exclude)$/.test(b.innerText.trim())).every((b) => b.querySelector('svg')),
            null,
            { timeout: 5000 }
          )
          .catch(() => t.diagnostic(`${name}: an Include/Exclude icon did not load`));
        saveShot(name, await page.screenshot({ fullPage: false }));
      },
    });
    assert.equal(found.spiked, 'checkout');
    assert.deepEqual(problems, [], serve.stderr());
    await page.close();
  });
});

describe('All services with fifty services (gpx_hotpath serve, pushed profiles)', { skip }, () => {
  let serve;
  let browser;
  let routesMissing = false;
  const services = serviceNames(50);

  before(async () => {
    requireBuilt(path.join(buildDir, 'standalone', 'app.js'));
    serve = await startServe(executable);
    routesMissing = !(await hasViewRoutes(serve.url));
    if (!routesMissing) {
      await pushServices(serve.url, services);
    }
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await serve?.close();
  });

  test('draws every pushed service and answers a search', async (t) => {
    if (routesMissing) {
      t.skip('this server has no view routes (GET stats answers 404)');
      return;
    }
    // Behaviour only: how fast is measured by `make bench/ui`, never asserted here.
    const { page, problems } = await newPage(browser, { width: 1440, height: 900 });
    await measureAllServices(page, `${serve.url}/?from=now-1h&to=now`, services.length, services[10]);
    assert.equal(await page.locator('[data-testid^="service-panel-"]').count(), 1, 'the search leaves the one matching panel');
    assert.deepEqual(problems, [], serve.stderr());
    await page.close();
  });
});

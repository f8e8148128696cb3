// The whole walkthrough in the standalone page against a real `gpx_hotpath serve --demo`, clicking like
// a user: pick a profile type, spot the service with the spike, its profile types and labels, a filter,
// a zoomed range, two label values compared in the diff flame graph, the service's flame graph with its
// tables and the sandwich of its top function, a starred panel found and opened in Favorites and
// removed, and Back through the steps. What the screen shows is compared with the backend's own answer
// to the request the page made (asked again from here), never with numbers written in the test.
// HOTPATH_UPDATE_SCREENSHOTS=1 writes docs/screenshots/walkthrough-{diff,flame-graph-sandwich,favorites}.png.
// Skips, saying why, when no gpx_hotpath executable is built.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage } from './support/browser.mjs';
import { exploreWalk, nextAnswer, viewParams } from './support/exploreWalk.mjs';
import { findServeExecutable, startServe } from './support/serve.mjs';
import { RESOURCES, buildDir, requireBuilt } from './support/server.mjs';
import { backTo, firstColumn, recordRequests, waitPainted } from './support/walkthrough.mjs';

const frontendRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const executable = findServeExecutable();
const skip = executable ? false : 'no gpx_hotpath executable: run "make build" (or dotnet build backend/src/Hotpath.Plugin), or set HOTPATH_EXE';

function saveShot(name, png) {
  fs.mkdirSync(path.join(frontendRoot, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(frontendRoot, 'test-results', `${name}.png`), png);
  if (process.env.HOTPATH_UPDATE_SCREENSHOTS === '1') {
    const docs = path.resolve(frontendRoot, '..', 'docs', 'screenshots');
    fs.mkdirSync(docs, { recursive: true });
    fs.writeFileSync(path.join(docs, `${name}.png`), png);
  }
}

/** Picks an option of a grouped @grafana/ui Select by typing its label (options also show a description). */
async function pick(page, ariaLabel, label) {
  const input = page.getByLabel(ariaLabel, { exact: true });
  await input.click();
  await input.fill(label);
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page
    .getByRole('option', { name: new RegExp(`^${escaped}`) })
    .first()
    .click();
}

describe('the walkthrough in the standalone page (gpx_hotpath serve --demo)', { skip }, () => {
  let serve;
  let browser;

  before(async () => {
    requireBuilt(path.join(buildDir, 'standalone', 'app.js'));
    serve = await startServe(executable, ['--demo']);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await serve?.close();
  });

  async function backend(route) {
    const response = await fetch(`${serve.url}${RESOURCES}${route}`);
    assert.equal(response.status, 200, `GET ${route}: ${await response.clone().text()}`);
    return response.json();
  }

  test('profile type → spike → profile types → labels → filter → zoom → diff → flame graph and sandwich → favorite → Back', async (t) => {
    const { page, problems } = await newPage(browser, { width: 1440, height: 1000 });
    const requests = recordRequests(page, serve.url);
    // A picture of the page from its top down to the bottom of `until` (the viewport when absent).
    const shot = async (name, until) => {
      await page.mouse.move(0, 0);
      await page.waitForLoadState('networkidle');
      if (!until) {
        saveShot(name, await page.screenshot({ fullPage: false }));
        return;
      }
      const bottom = await until.evaluate((e) => e.getBoundingClientRect().bottom + window.scrollY);
      saveShot(name, await page.screenshot({ fullPage: true, clip: { x: 0, y: 0, width: 1440, height: Math.ceil(bottom) + 16 } }));
    };

    // 1. The profile type picker: another type re-queries the grid, and back to CPU.
    const servicesAnswer = nextAnswer(page, 'services');
    const gridPanels = page.locator('[data-testid^="service-panel-"]');
    const onGrid = async (all) => {
      const cpu = all.body.profileType.id;
      const { body: catalog } = await servicesAnswer;
      const holders = (id) => catalog.services.filter((s) => s.profileTypes.includes(id)).length;
      const memory = catalog.profileTypes.filter((t) => t.category === 'Memory').sort((a, b) => holders(b.id) - holders(a.id) || a.id.localeCompare(b.id))[0];
      assert.ok(memory, `the demo has no memory profile type among ${catalog.profileTypes.map((t) => t.id).join(', ')}`);
      const cpuType = catalog.profileTypes.find((t) => t.id === cpu);
      assert.ok(cpuType, `the grid's type ${cpu} is not in the services answer`);

      for (const type of [memory, cpuType]) {
        const regrid = nextAnswer(page, 'series', (q) => q.get('groupBy') === 'service_name' && q.get('profileType') === type.id);
        await pick(page, 'Profile type', type.label);
        const answer = await regrid;
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal(viewParams(page).get('profileType'), type.id);
        const names = answer.body.series.map((s) => s.labels.service_name);
        assert.equal(names.length, holders(type.id), `one series per service holding ${type.id}`);
        await page.waitForFunction(
          (expected) =>
            JSON.stringify([...document.querySelectorAll('[data-testid^="service-panel-"] h3')].map((h) => h.innerText)) === JSON.stringify(expected),
          names,
          { timeout: 30000 }
        );
        assert.deepEqual(await gridPanels.locator('h3').allInnerTexts(), names, `the grid shows ${type.label}'s services as ranked`);
        t.diagnostic(`picked ${type.id}: ${names.length} services`);
      }
    };

    // 2–4. Spike, Profile types, Labels, a filter, a zoom, two values compared (the shared exploration
    // walk); on the diff view, the diff flame graph and its function table.
    let diffUrl;
    const onDiff = async (url) => {
      diffUrl = url;
      const table = page.getByRole('table', { name: 'Functions (diff)' });
      const shownNames = await firstColumn(table);
      await waitPainted(page, page.locator('main canvas[data-testid="flameGraph"]').first(), 'the diff flame graph');
      const { query, body: diff } = await requests.answer('diff');
      const params = viewParams(page);
      assert.equal(query.get('baselineSelector'), `{service_name=${JSON.stringify(params.get('service'))}, ${params.get('baselineFilters').slice(1)}`);
      assert.equal(query.get('comparisonSelector'), `{service_name=${JSON.stringify(params.get('service'))}, ${params.get('comparisonFilters').slice(1)}`);
      assert.equal(query.get('baselineFrom'), params.get('baselineFrom'));
      assert.equal(query.get('comparisonTo'), params.get('comparisonTo'));
      assert.ok(diff.flamegraph.leftTotal > 0 && diff.flamegraph.rightTotal > 0, 'a side of the diff is empty');
      assert.deepEqual(
        shownNames,
        diff.functions.rows.slice(0, 200).map((r) => r.name),
        "the diff table lists the diff route's functions in its order"
      );
      t.diagnostic(`diff ${query.get('baselineSelector')} vs ${query.get('comparisonSelector')}: ${diff.functions.rows.length} functions`);
      await page.getByTestId('baseline-selector').waitFor();
      await shot('walkthrough-diff', table.locator('tbody tr').nth(Math.min(7, shownNames.length - 1)));
    };
    const walk = await exploreWalk(page, serve.url, { query: '?from=now-6h&to=now', onGrid, onDiff });
    assert.ok(diffUrl, 'the walk never reached the diff view');
    const labelsUrl = page.url();
    const zoomed = viewParams(page);
    assert.match(zoomed.get('from'), /^\d+$/, 'the zoom made the range absolute');
    assert.match(zoomed.get('to'), /^\d+$/);
    assert.ok(Number(zoomed.get('to')) - Number(zoomed.get('from')) < 6 * 3600_000 * 0.6, 'the zoomed range is narrower than the six hours it started from');

    // Forward again to the diff (history both ways), then Back to Labels.
    await page.goForward();
    await page.getByTestId('view-diff').waitFor();
    assert.equal(page.url(), diffUrl);
    await page.getByRole('table', { name: 'Functions (diff)' }).locator('tbody tr').first().waitFor({ timeout: 30000 });
    await backTo(page, labelsUrl, 'labels');
    const filters = viewParams(page).get('filters');
    const range = { from: viewParams(page).get('from'), to: viewParams(page).get('to') };

    // 5. The service's profile types again (the tab), the CPU panel starred, then its Flame graph action.
    const cpu = viewParams(page).get('profileType');
    await page.getByRole('tab', { name: 'Profile types' }).click();
    await page.getByTestId('view-service').waitFor();
    const cpuPanel = page.getByTestId(`profile-type-panel-${cpu}`);
    await cpuPanel.waitFor({ timeout: 30000 });
    const star = cpuPanel.getByRole('button', { name: 'Add to favorites' });
    await star.waitFor();
    await page.waitForFunction(
      (id) => document.querySelector(`[data-testid="profile-type-panel-${id}"] button[aria-label="Add to favorites"]`)?.disabled === false,
      cpu,
      { timeout: 30000 }
    );
    await star.click();
    await cpuPanel.getByRole('button', { name: 'Remove from favorites' }).waitFor({ timeout: 30000 });
    const stored = (await backend('favorites')).favorites.filter((f) => f.view === 'service' && f.service === walk.spiked && f.profileType === cpu);
    assert.equal(stored.length, 1, 'the starred panel is stored once');
    assert.equal(stored[0].selector, `{service_name=${JSON.stringify(walk.spiked)}, ${filters.slice(1)}`);
    const serviceUrl = page.url();

    await cpuPanel.getByRole('button', { name: 'Flame graph' }).click();
    await page.getByTestId('view-flame-graph').waitFor();
    const flameUrl = page.url();
    assert.equal(viewParams(page).get('service'), walk.spiked);
    assert.equal(viewParams(page).get('profileType'), cpu);
    assert.equal(viewParams(page).get('filters'), filters, 'the flame graph keeps the filters');
    assert.deepEqual({ from: viewParams(page).get('from'), to: viewParams(page).get('to') }, range, 'and the zoomed range');
    const exact = page.getByRole('table', { name: 'Functions (exact)' });
    const shownFunctions = await firstColumn(exact);
    await waitPainted(page, page.locator('main canvas[data-testid="flameGraph"]').first());
    const { query: fgQuery, body: fg } = await requests.answer('flamegraph');
    assert.equal(fgQuery.get('selector'), `{service_name=${JSON.stringify(walk.spiked)}, ${filters.slice(1)}`);
    assert.equal(fgQuery.get('from'), range.from);
    assert.equal(fgQuery.get('to'), range.to);
    assert.ok(fg.flamegraph.total > 0, 'the flame graph of the selection is empty');
    assert.deepEqual(
      shownFunctions,
      fg.functions.rows.slice(0, 200).map((r) => r.name),
      "the exact table lists the flamegraph route's functions in its order"
    );
    // The component's own top table counts the tree it is given: its first rows are functions of it.
    const topRows = page.getByTestId('topTable').locator('[role="row"]');
    await topRows.nth(1).waitFor({ timeout: 30000 });
    const topNames = (await topRows.allInnerTexts()).slice(1, 6).map((text) => text.split('\n')[0].trim());
    const inTree = new Set(fg.flamegraph.labels);
    t.diagnostic(`flame graph: ${fg.functions.rows.length} functions in the exact table, top table starts ${JSON.stringify(topNames)}`);
    for (const name of topNames) {
      assert.ok(inTree.has(name), `the top table shows "${name}", which the flamegraph route's tree does not hold`);
    }
    if (!(fg.flamegraph.truncatedFraction > 0)) {
      // Nothing folded into 'other': the tree's self per function is the exact one, so the top table
      // (sorted by self) starts with the functions of largest self in the route's answer (ties in any order).
      const selfOf = new Map(fg.functions.rows.map((r) => [r.name, r.self]));
      const largest = fg.functions.rows
        .map((r) => r.self)
        .sort((a, b) => b - a)
        .slice(0, topNames.length);
      assert.deepEqual(
        topNames.map((n) => selfOf.get(n)),
        largest,
        `the top table's first rows ${JSON.stringify(topNames)} are not the functions of largest self`
      );
    }

    // The sandwich of the top function: callers and callees drawn, totals as the sandwich route says.
    const top = fg.functions.rows[0];
    await page.getByRole('button', { name: `Sandwich ${top.name}` }).click();
    const section = page.getByRole('region', { name: `Sandwich of ${top.name}` });
    await section.getByText('Callers', { exact: true }).waitFor({ timeout: 30000 });
    await section.getByText('Callees', { exact: true }).waitFor();
    for (let i = 0; i < 2; i++) {
      await waitPainted(page, section.locator('canvas[data-testid="flameGraph"]').nth(i), `the sandwich's ${i === 0 ? 'callers' : 'callees'}`);
    }
    const { query: swQuery, body: sandwich } = await requests.answer('sandwich');
    assert.equal(swQuery.get('function'), top.name);
    assert.equal(swQuery.get('selector'), fgQuery.get('selector'));
    assert.equal(sandwich.function, top.name);
    assert.equal(sandwich.self, top.self, 'the sandwich and the function table disagree on self');
    assert.equal(sandwich.total, top.total, 'the sandwich and the function table disagree on total');
    t.diagnostic(`sandwich of ${top.name}: self ${sandwich.self}, total ${sandwich.total}`);
    // The sandwich's line uses the same formatting as the table's row of that function.
    const row = exact.locator('tbody tr').first();
    const [selfCell, totalCell] = await Promise.all([row.locator('td').nth(1).innerText(), row.locator('td').nth(3).innerText()]);
    await section.getByText(`Self ${selfCell} · total ${totalCell}`, { exact: true }).waitFor();
    await shot('walkthrough-flame-graph-sandwich', section);

    // 6. Favorites: the starred panel is there with its series; Open leads to it; Back; remove it.
    await page.getByRole('tab', { name: 'Favorites' }).click();
    await page.getByTestId('view-favorites').waitFor();
    const favoritesUrl = page.url();
    const cards = page.getByRole('list', { name: 'Favorites' }).getByRole('listitem');
    await cards.first().waitFor({ timeout: 30000 });
    assert.equal(await cards.count(), 1, 'one favorite');
    const title = stored[0].title;
    const favorite = page.getByRole('listitem', { name: title, exact: true });
    await favorite.getByRole('img', { name: `${title} over time` }).waitFor({ timeout: 30000 });
    await favorite.getByText(`service · ${stored[0].selector}`, { exact: true }).waitFor();
    await shot('walkthrough-favorites');

    await favorite.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('view-service').waitFor();
    assert.equal(viewParams(page).get('service'), walk.spiked);
    assert.equal(viewParams(page).get('profileType'), cpu);
    assert.equal(viewParams(page).get('filters'), filters, 'the favorite opens with its filters');
    await page.getByTestId(`profile-type-panel-${cpu}`).getByRole('button', { name: 'Remove from favorites' }).waitFor({ timeout: 30000 });

    // 7. Back through the steps: Favorites, the flame graph, the starred Profile types.
    await backTo(page, favoritesUrl, 'favorites');
    await page.getByRole('listitem', { name: title, exact: true }).waitFor({ timeout: 30000 });
    await backTo(page, flameUrl, 'flame-graph');
    await waitPainted(page, page.locator('main canvas[data-testid="flameGraph"]').first());
    assert.deepEqual(await firstColumn(exact), shownFunctions);
    await backTo(page, serviceUrl, 'service');
    await page.getByTestId(`profile-type-panel-${cpu}`).getByRole('button', { name: 'Remove from favorites' }).waitFor({ timeout: 30000 });

    // Remove it from Favorites: the card goes, the backend forgets it, the panel's star is empty again.
    await page.getByRole('tab', { name: 'Favorites' }).click();
    await page.getByTestId('view-favorites').waitFor();
    await page
      .getByRole('listitem', { name: title, exact: true })
      .getByRole('button', { name: `Remove ${title} from favorites`, exact: true })
      .click();
    await page.getByText('No favorites yet').waitFor({ timeout: 30000 });
    assert.deepEqual((await backend('favorites')).favorites, []);
    await page.goBack();
    await page.getByTestId('view-service').waitFor();
    await page.getByTestId(`profile-type-panel-${cpu}`).getByRole('button', { name: 'Add to favorites' }).waitFor({ timeout: 30000 });

    assert.deepEqual(problems, [], serve.stderr());
    await page.close();
  });
});

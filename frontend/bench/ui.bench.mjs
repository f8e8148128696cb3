// Browser benchmark: how fast the pages a person opens first are drawn, in headless Chromium.
// Timings live here and never in the test suite, whose machine may be busy. Prints one JSON line
// per scenario with every run and the median; docs/performance.md records them with this command.
//
//   node bench/ui.bench.mjs [RUNS] [SCENARIO…]   (make bench/ui builds first and runs them all)
//
// A scenario that cannot finish (a wait that never resolves) prints an `error` line after
// SCENARIO_DEADLINE_MS and the next one runs: a silent benchmark says nothing about the page.
//
// Scenarios:
//   all-services-fixture  All services with 50 services, answers from a loopback fixture backend
//                         (the frontend alone): navigation → every one of the 50 charts drawn
//                         (`gridMs`, charts drawing at once: window.hotpathEagerCharts), then a search
//                         answered; `viewMs` is navigation → the panels in view drawn when charts draw
//                         lazily (as a person sees the page).
//   all-services-serve    The same against a real `gpx_hotpath serve` holding 50 pushed services.
//   labels-100            Labels grouped by a label with 100 values (fixture backend): navigation →
//                         the first 20 rows drawn, then Show all → all 100 rows' charts drawn.
//   flame-graph-16384     A 16,384-node flame graph: data received → canvas drawn.
import path from 'node:path';

import { launchBrowser, newPage } from '../test/browser/support/browser.mjs';
import { CPU, exploreRoutes, serviceNames } from '../test/browser/support/exploreFixtures.mjs';
import { measureAllServices } from '../test/browser/support/exploreWalk.mjs';
import * as fixtures from '../test/browser/support/fixtures.mjs';
import * as g from '../test/browser/support/graphFixtures.mjs';
import { findServeExecutable, pushServices, startServe } from '../test/browser/support/serve.mjs';
import { buildDir, requireBuilt, startServer, testBuildDir } from '../test/browser/support/server.mjs';
import { viewsUrl } from '../test/browser/support/views.mjs';

const RUNS = Number(process.argv[2] ?? 7);
const SCENARIOS = ['all-services-fixture', 'labels-100', 'all-services-serve', 'flame-graph-16384'];
const chosen = process.argv.slice(3);
for (const name of chosen) {
  if (!SCENARIOS.includes(name)) {
    throw new Error(`unknown scenario "${name}"; the scenarios are ${SCENARIOS.join(', ')}`);
  }
}
if (!Number.isInteger(RUNS) || RUNS < 1) {
  throw new Error(`RUNS must be a positive whole number, not "${process.argv[2]}"`);
}
const SCENARIO_DEADLINE_MS = 60_000 + RUNS * 60_000;

/** Where a scenario is, on stderr: the line before a stall says which step stalled. */
const progress = (text) => process.stderr.write(`  ${text}\n`);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function report(scenario, runs, key, extra = {}) {
  const values = runs.map((r) => (typeof r === 'number' ? r : r[key]));
  console.log(JSON.stringify({ scenario, medianMs: Math.round(median(values)), runsMs: values.map(Math.round), ...extra }));
}

async function allServices(browser, url, services, probe) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    progress(`run ${i + 1}/${RUNS}: panels drawing lazily, then all at once`);
    const lazy = await newPage(browser, { width: 1440, height: 900 });
    const { viewMs } = await measureAllServices(lazy.page, url, services, probe);
    await lazy.page.close();
    const eager = await newPage(browser, { width: 1440, height: 900 });
    const run = await measureAllServices(eager.page, url, services, probe, { eager: true });
    await eager.page.close();
    runs.push({ ...run, viewMs, total: run.gridMs + run.searchMs });
  }
  return runs;
}

/** Navigation start → every row of a 100-value label drawn (the first 20, then Show all). */
async function labels100(browser, url) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { page } = await newPage(browser, { width: 1440, height: 900 });
    await page.addInitScript(() => {
      window.hotpathEagerCharts = true;
    });
    await page.goto(url);
    const drawn = (n) =>
      page
        .waitForFunction((count) => document.querySelectorAll('[data-testid^="label-value-"] [data-drawn]').length === count && performance.now(), n, {
          timeout: 30000,
          polling: 'raf',
        })
        .then((h) => h.jsonValue());
    const firstMs = await drawn(20);
    const clickAt = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Show all 100 values' }).click();
    const allMs = await drawn(100);
    runs.push({ firstMs, showAllMs: allMs - clickAt, total: allMs - (clickAt - firstMs) });
    await page.close();
  }
  return runs;
}

const scenarios = {
  async 'all-services-fixture'(browser) {
    const server = await startServer({ datasources: { body: fixtures.dataSources() }, health: { body: fixtures.health() }, ...exploreRoutes({ count: 50 }) });
    try {
      const runs = await allServices(browser, `${server.url}/`, 50, 'svc-07');
      report('all-services-fixture', runs, 'total', {
        viewMs: median(runs.map((r) => r.viewMs)),
        gridMs: median(runs.map((r) => r.gridMs)),
        searchMs: median(runs.map((r) => r.searchMs)),
      });
    } finally {
      await server.close();
    }
  },
  async 'labels-100'(browser) {
    const server = await startServer({
      datasources: { body: fixtures.dataSources() },
      health: { body: fixtures.health() },
      ...exploreRoutes({ count: 7, instances: 100 }),
    });
    try {
      const url = `${server.url}/?view=labels&service=checkout&profileType=${encodeURIComponent(CPU.id)}&groupBy=instance`;
      const runs = await labels100(browser, url);
      report('labels-100', runs, 'total', {
        firstMs: Math.round(median(runs.map((r) => r.firstMs))),
        showAllMs: Math.round(median(runs.map((r) => r.showAllMs))),
      });
    } finally {
      await server.close();
    }
  },
  async 'all-services-serve'(browser) {
    const executable = findServeExecutable();
    if (!executable) {
      console.log(JSON.stringify({ scenario: 'all-services-serve', skipped: 'no gpx_hotpath executable: run make build' }));
      return;
    }
    progress(`starting ${executable} serve`);
    const serve = await startServe(executable);
    try {
      const services = serviceNames(50);
      progress(`pushing ${services.length} services to ${serve.url}`);
      await pushServices(serve.url, services);
      const runs = await allServices(browser, `${serve.url}/?from=now-1h&to=now`, services.length, services[10]);
      report('all-services-serve', runs, 'total', {
        viewMs: median(runs.map((r) => r.viewMs)),
        gridMs: median(runs.map((r) => r.gridMs)),
        searchMs: median(runs.map((r) => r.searchMs)),
        seriesMs: median(runs.map((r) => r.seriesMs)),
        executable: path.relative(process.cwd(), executable),
      });
    } finally {
      await serve.close();
    }
  },
  async 'flame-graph-16384'(browser) {
    const server = await startServer();
    const { page } = await newPage(browser, { width: 1600, height: 1000 });
    try {
      const graph = g.truncatedGraph(16384);
      server.routes.settings = { body: { maxNodes: 16384, collapsedFrames: true, defaultProfileType: null, defaultRange: 'now-1h' } };
      server.routes.series = (req) => ({ body: g.seriesAnswer(Number(req.query.get('from')), Number(req.query.get('to'))) });
      server.routes.flamegraph = { body: { profileType: g.CPU, flamegraph: graph.flamegraph, functions: graph.functions } };
      const runs = [];
      for (let run = 0; run < RUNS; run++) {
        await page.goto(viewsUrl(server.url, { view: 'flame-graph', profileType: g.CPU.id, service: 'checkout', run: String(run) }));
        await page.waitForFunction(() => (window.hotpathFlameRenders ?? []).length > 0, null, { timeout: 20000 });
        const [render] = await page.evaluate(() => window.hotpathFlameRenders);
        runs.push(render.ms);
      }
      report('flame-graph-16384', runs);
    } finally {
      await page.close();
      await server.close();
    }
  },
};

/**
 * Runs one scenario in its own browser. Past the deadline it prints an error line and closes that
 * browser, which rejects the scenario's pending waits so its own clean-up (servers, `serve`) runs.
 */
async function runScenario(name) {
  const browser = await launchBrowser();
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result after ${SCENARIO_DEADLINE_MS / 1000} s`)), SCENARIO_DEADLINE_MS);
  });
  const run = scenarios[name](browser);
  try {
    await Promise.race([run, deadline]);
  } catch (error) {
    console.log(JSON.stringify({ scenario: name, error: String(error?.message ?? error).split('\n')[0] }));
    process.exitCode = 1;
  } finally {
    clearTimeout(timer);
    await browser.close();
    await run.catch(() => {});
  }
}

requireBuilt(path.join(buildDir, 'standalone', 'app.js'), path.join(testBuildDir, 'views', 'module.js'));
for (const name of chosen.length > 0 ? chosen : SCENARIOS) {
  await runScenario(name);
}

// Helpers of the whole-walkthrough suite: what the page asked the backend (so the test can ask the
// same question itself and compare with the screen), canvas and history checks.
import assert from 'node:assert/strict';

import { RESOURCES } from './server.mjs';
import { canvasPaintedPixels } from './views.mjs';

/**
 * Records every resource request the page makes. `last(route)` is the newest one's URL;
 * `answer(route)` asks the server the same question from here and returns the JSON.
 */
export function recordRequests(page, baseUrl) {
  const requests = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() === 'GET' && url.pathname.startsWith(RESOURCES)) {
      requests.push({ route: url.pathname.slice(RESOURCES.length), url });
    }
  });
  const last = (route) => {
    const found = requests.filter((r) => r.route === route).at(-1);
    assert.ok(found, `the page never called GET ${route}`);
    return found.url;
  };
  return {
    last,
    count: (route) => requests.filter((r) => r.route === route).length,
    async answer(route) {
      const url = last(route);
      const response = await fetch(`${baseUrl}${url.pathname}${url.search}`);
      assert.equal(response.status, 200, `GET ${route}${url.search}: ${await response.clone().text()}`);
      return { query: url.searchParams, body: await response.json() };
    },
  };
}

/** Waits (up to 30 s, polling, no fixed sleep) until `canvas` has more than a hundred painted pixels. */
export async function waitPainted(page, canvas, what = 'the flame graph canvas') {
  await canvas.waitFor({ timeout: 30000 });
  const handle = await canvas.elementHandle();
  await page
    .waitForFunction(
      (c) => {
        if (c.width === 0 || c.height === 0) {
          return false;
        }
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length && n <= 100; i += 4) {
          if (data[i] > 0) {
            n++;
          }
        }
        return n > 100;
      },
      handle,
      { timeout: 30000, polling: 250 }
    )
    .catch(async () => assert.fail(`${what} stayed blank (${await canvasPaintedPixels(canvas)} pixels painted)`));
}

/** The first column of a table's body rows, once the table has at least one row. */
export async function firstColumn(table) {
  await table.locator('tbody tr').first().waitFor({ timeout: 30000 });
  return table.locator('tbody tr td:first-child').allInnerTexts();
}

/** Goes back one history entry and waits for `view` to show with exactly `url`. */
export async function backTo(page, url, view) {
  await page.goBack();
  await page.getByTestId(`view-${view}`).waitFor({ timeout: 30000 });
  assert.equal(page.url(), url, `Back should return to ${url}`);
}

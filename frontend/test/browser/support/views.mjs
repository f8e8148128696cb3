// Shared by the graph-view suites: the shared-package list, the views host URL, canvas checks.

// What Grafana hands to plugins (create-plugin's externals); a plugin may depend on nothing else.
export const GRAFANA_SHARED = new Set([
  'lodash',
  'jquery',
  'moment',
  'slate',
  'emotion',
  '@emotion/react',
  '@emotion/css',
  'prismjs',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'react',
  'react-dom',
  'react-redux',
  'redux',
  'rxjs',
  'i18next',
  'react-router',
  'react-router-dom',
  'd3',
  'angular',
  '@grafana/ui',
  '@grafana/runtime',
  '@grafana/data',
]);

/** The host page loading the views test app, with the view state in the query string. */
export function viewsUrl(base, state) {
  const q = new URLSearchParams({ plugin: 'app', module: '/test-views/module.js' });
  for (const [k, v] of Object.entries(state)) {
    q.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return `${base}/host/index.html?${q}`;
}

/** How many pixels of a canvas are painted (alpha > 0). */
export function canvasPaintedPixels(canvas) {
  return canvas.evaluate((c) => {
    if (c.width === 0 || c.height === 0) {
      return 0;
    }
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] > 0) {
        n++;
      }
    }
    return n;
  });
}

// A loopback HTTP server for the browser tests. It plays Grafana's part for plugin files
// (/public/plugins/<id>/...), serves the test host (/host/...) and the standalone page (/), and
// answers the app's resource routes from fixtures the test sets.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const frontendRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
export const buildDir = path.join(frontendRoot, 'build');
export const testBuildDir = path.join(frontendRoot, 'build-test');
export const RESOURCES = '/api/plugins/hotpath-profiles-app/resources/';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
};

/** Static mounts, longest prefix first. */
const MOUNTS = [
  ['/public/plugins/hotpath-profiles-app/', buildDir],
  ['/host/', path.join(testBuildDir, 'host')],
  // Grafana's public folder: fonts and icons that @grafana/ui asks for.
  ['/public/', path.join(buildDir, 'standalone', 'public')],
  ['/', path.join(buildDir, 'standalone')],
];

/**
 * Starts the server on 127.0.0.1 with a free port. `routes` maps a resource route name to
 * { status, body }; tests may replace entries at any time. Every resource request is recorded.
 */
export async function startServer(routes = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith(RESOURCES)) {
      const route = url.pathname.slice(RESOURCES.length);
      requests.push({ method: req.method, route, headers: req.headers, query: Object.fromEntries(url.searchParams) });
      // An answer is { status, body } or a function of the request URL returning one.
      const answer = typeof routes[route] === 'function' ? routes[route](url) : routes[route];
      if (!answer) {
        return send(res, 404, 'application/json', JSON.stringify({ error: `no route ${route}` }));
      }
      return send(res, answer.status ?? 200, 'application/json', typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    }
    for (const [prefix, dir] of MOUNTS) {
      if (url.pathname.startsWith(prefix)) {
        return serveFile(res, dir, url.pathname.slice(prefix.length) || 'index.html');
      }
    }
    send(res, 404, 'text/plain', 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function serveFile(res, dir, relative) {
  const file = path.resolve(dir, decodeURIComponent(relative));
  if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    return send(res, 404, 'text/plain', `not found: ${relative}`);
  }
  send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
}

function send(res, status, contentType, body) {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

/** Fails with a clear message when the build the tests need is missing. */
export function requireBuilt(...files) {
  for (const file of files) {
    if (!fs.existsSync(file)) {
      throw new Error(`${path.relative(frontendRoot, file)} is missing: run "npm run build" and "npm run build:test-host" first`);
    }
  }
}

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
export const PLUGIN_SETTINGS = '/api/plugins/hotpath-profiles-app/settings';

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
  ['/test-views/', path.join(testBuildDir, 'views')],
  // Grafana's public folder: fonts and icons that @grafana/ui asks for.
  ['/public/', path.join(buildDir, 'standalone', 'public')],
  ['/', path.join(buildDir, 'standalone')],
];

/**
 * Starts the server on 127.0.0.1 with a free port. `routes` maps a resource route name (or
 * "METHOD route") to { status, body }, or to a function (request) => { status, body }; tests may
 * replace entries at any time. Every resource request is recorded. With `proxy` (a base URL such
 * as http://127.0.0.1:4040) resource requests go to that server instead: a real `gpx_hotpath serve`.
 */
export async function startServer(routes = {}, { proxy } = {}) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Grafana's own plugin settings API (the config page saves there) is answered as the route "plugin-settings".
    const isSettings = url.pathname === PLUGIN_SETTINGS;
    if (url.pathname.startsWith(RESOURCES) || isSettings) {
      const route = isSettings ? 'plugin-settings' : url.pathname.slice(RESOURCES.length);
      const body = await readBody(req);
      // `searchParams` lets a route function read the request as it would read a URL.
      const request = { method: req.method, route, query: url.searchParams, searchParams: url.searchParams, headers: req.headers, body };
      requests.push(request);
      if (proxy && !isSettings) {
        return forward(res, `${proxy}${url.pathname}${url.search}`, req, body);
      }
      const entry = routes[`${req.method} ${route}`] ?? routes[route];
      const answer = typeof entry === 'function' ? entry(request) : entry;
      if (!answer) {
        return send(res, 404, 'application/json', JSON.stringify({ error: `no route ${route}` }));
      }
      if (answer.status === 204) {
        res.writeHead(204);
        return res.end();
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

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function forward(res, target, req, body) {
  const headers = {};
  for (const name of ['accept', 'content-type']) {
    if (req.headers[name]) {
      headers[name] = req.headers[name];
    }
  }
  const answer = await fetch(target, { method: req.method, headers, body: body.length > 0 ? body : undefined });
  const out = {};
  for (const name of ['content-type', 'content-disposition']) {
    const v = answer.headers.get(name);
    if (v) {
      out[name] = v;
    }
  }
  res.writeHead(answer.status, out);
  res.end(Buffer.from(await answer.arrayBuffer()));
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

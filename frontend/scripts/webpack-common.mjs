// Pieces shared by the webpack builds: TypeScript through esbuild, SVG as text, a post-build file copier.
import fs from 'node:fs';
import path from 'node:path';
import { EsbuildPlugin } from 'esbuild-loader';
import webpack from 'webpack';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/**
 * Grafana's shared dependencies: what Grafana's plugin tooling (create-plugin) marks external, so the
 * plugin receives Grafana's own instances at load time instead of bundling a second copy.
 */
export const grafanaExternals = [
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
  /^@grafana\/ui/i,
  /^@grafana\/runtime/i,
  /^@grafana\/data/i,
  // Legacy "grafana/..." imports resolve to the bare package Grafana provides.
  ({ request }, callback) => (request && request.startsWith('grafana/') ? callback(undefined, request.slice('grafana/'.length)) : callback()),
];

export function moduleRules() {
  return [
    {
      test: /\.tsx?$/,
      exclude: /node_modules/,
      loader: 'esbuild-loader',
      options: {
        target: 'es2020',
        // Classic runtime: compiled JSX calls React.createElement on the React that Grafana provides,
        // so the module works with whichever React major the running Grafana ships.
        jsx: 'transform',
        jsxFactory: 'React.createElement',
        jsxFragment: 'React.Fragment',
      },
    },
    { test: /\.svg$/, type: 'asset/source' },
    // Grafana's packages ship .mjs files whose relative imports omit extensions.
    { test: /\.m?js$/, resolve: { fullySpecified: false } },
    // Grafana's .mjs files default-import CommonJS packages (react-custom-scrollbars-2,
    // react-virtualized-auto-sizer). Webpack's strict .mjs interop would hand them the whole exports
    // object; the "auto" type honours __esModule and gives the default export, as Grafana's build does.
    { test: /\.mjs$/, include: /node_modules/, type: 'javascript/auto' },
  ];
}

export const resolve = { extensions: ['.ts', '.tsx', '.mjs', '.js'] };

/**
 * For the AMD modules: bundled packages (@grafana/flamegraph) compiled for the automatic JSX runtime
 * get our createElement-based runtime, so nothing but Grafana's shared `react` is touched.
 */
export const pluginResolve = {
  ...resolve,
  alias: { 'react/jsx-runtime$': path.join(root, 'src/shims/jsxRuntime.ts') },
};

/**
 * Minifies without lowering syntax (the loader already targets es2020), so esbuild neither injects
 * helpers nor wraps the file in an IIFE: an AMD module must stay a bare `define(...)` call.
 */
export function minimizer() {
  return [new EsbuildPlugin({ target: 'esnext', legalComments: 'none' })];
}

/** Copies files or folders after the build: pairs of [source, destination] relative to the project. */
export class CopyAfterBuild {
  constructor(pairs) {
    this.pairs = pairs;
  }

  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyAfterBuild', () => {
      for (const [from, to] of this.pairs) {
        const source = path.resolve(root, from);
        if (!fs.existsSync(source)) {
          throw new Error(`CopyAfterBuild: ${from} does not exist`);
        }
        fs.mkdirSync(path.dirname(path.resolve(root, to)), { recursive: true });
        fs.cpSync(source, path.resolve(root, to), { recursive: true });
      }
    });
  }
}

/** Keeps every build to one file: nothing is fetched lazily, so the files can be served from anywhere. */
export function singleChunk() {
  return new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 });
}

// Builds the browser tests' plugin host into build-test/host/ (production mode, as Grafana runs React,
// so render timings mean something; not minified, so it builds fast),
// and the graph views' test app into build-test/views/module.js the way module.js is built (AMD,
// Grafana's packages external, production mode), so the views load as Grafana would load them.
import path from 'node:path';

import { CopyAfterBuild, grafanaExternals, minimizer, moduleRules, pluginResolve, resolve, root, singleChunk } from '../../scripts/webpack-common.mjs';

export default [
  {
    name: 'test-host',
    mode: 'production',
    target: 'web',
    context: root,
    entry: './test/host/host.tsx',
    devtool: false,
    optimization: { minimize: false },
    // Chunks where @grafana/ui splits (its Monaco code editor, which no test opens) stay out of
    // host.js: a 19 MB host took most of a busy machine's 30 s page-load timeout to parse.
    output: { path: path.join(root, 'build-test', 'host'), filename: 'host.js', chunkFilename: 'chunks/[name].[contenthash:8].js', publicPath: 'auto' },
    resolve,
    module: { rules: moduleRules() },
    performance: { hints: false },
    plugins: [new CopyAfterBuild([['test/host/index.html', 'build-test/host/index.html']])],
  },
  {
    name: 'test-views',
    mode: 'production',
    target: 'web',
    context: root,
    entry: './test/host/views.tsx',
    devtool: false,
    output: { path: path.join(root, 'build-test', 'views'), filename: 'module.js', library: { type: 'amd' }, publicPath: 'auto', uniqueName: 'test-views' },
    externals: grafanaExternals,
    resolve: pluginResolve,
    module: { rules: moduleRules() },
    optimization: { minimizer: minimizer(), splitChunks: false },
    performance: { hints: false },
    plugins: [singleChunk()],
  },
];

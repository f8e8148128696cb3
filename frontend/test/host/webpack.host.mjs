// Builds the browser tests' plugin host into build-test/host/ (development mode: fast, unminified).
import path from 'node:path';

import { CopyAfterBuild, moduleRules, resolve, root, singleChunk } from '../../scripts/webpack-common.mjs';

export default {
  name: 'test-host',
  mode: 'development',
  target: 'web',
  context: root,
  entry: './test/host/host.tsx',
  devtool: false,
  output: { path: path.join(root, 'build-test', 'host'), filename: 'host.js', publicPath: 'auto' },
  resolve,
  module: { rules: moduleRules() },
  performance: { hints: false },
  plugins: [singleChunk(), new CopyAfterBuild([['test/host/index.html', 'build-test/host/index.html']])],
};

// Builds everything that ships, into build/:
//   module.js             the app plugin, AMD, Grafana's packages external
//   datasource/module.js  the nested data source plugin, AMD, Grafana's packages external
//   standalone/           the standalone page (index.html, app.js with Grafana's packages bundled, fonts, icons)
//   img/logo.svg          the logo both plugin.json files point at
import path from 'node:path';

import webpack from 'webpack';

import { CopyAfterBuild, grafanaExternals, minimizer, moduleRules, pluginResolve, resolve, root, singleChunk } from './scripts/webpack-common.mjs';

const build = path.join(root, 'build');

/** An AMD module for Grafana's loader, with one chunk only: nothing is fetched lazily at runtime. */
function grafanaModule(name, entry, outDir) {
  return {
    name,
    mode: 'production',
    target: 'web',
    context: root,
    entry,
    devtool: 'source-map',
    output: {
      path: outDir,
      filename: 'module.js',
      library: { type: 'amd' },
      publicPath: 'auto',
      uniqueName: name,
    },
    externals: grafanaExternals,
    resolve: pluginResolve,
    module: { rules: moduleRules() },
    optimization: { minimizer: minimizer(), splitChunks: false },
    performance: { hints: false },
  };
}

export default [
  {
    ...grafanaModule('hotpath-profiles-app', './src/module.tsx', build),
    plugins: [singleChunk(), new CopyAfterBuild([['src/img/logo.svg', 'build/img/logo.svg']])],
  },
  {
    ...grafanaModule('hotpath-profiles-datasource', './src/datasource/module.ts', path.join(build, 'datasource')),
    plugins: [singleChunk(), new CopyAfterBuild([['src/img/logo.svg', 'build/datasource/img/logo.svg']])],
  },
  {
    name: 'standalone',
    mode: 'production',
    target: 'web',
    context: root,
    entry: './src/standalone/main.tsx',
    devtool: false,
    // Split where the code says import(): the pages other than All services, and what @grafana/ui
    // itself loads lazily (the Monaco code editor, 2.8 MB, which no page here shows). The first load
    // is app.js alone; the chunks sit beside it under chunks/ and load from app.js's own URL.
    output: { path: path.join(build, 'standalone'), filename: 'app.js', chunkFilename: 'chunks/[name].[contenthash:8].js', publicPath: 'auto' },
    resolve: {
      ...resolve,
      // moment-timezone's main file parses every zone's whole history (0.7 MB of JSON) when the page
      // starts; its 1970–2030 build has every zone with the rules profiles can fall in, at a fifth.
      alias: { 'moment-timezone$': path.join(root, 'node_modules/moment-timezone/builds/moment-timezone-with-data-1970-2030.js') },
    },
    module: { rules: moduleRules() },
    optimization: { minimizer: minimizer() },
    performance: { hints: false },
    plugins: [
      // moment's 130 locales are half a megabyte the page parses before it can draw anything; the
      // standalone page speaks English, as Grafana does by default.
      new webpack.IgnorePlugin({ resourceRegExp: /^\.\/locale$/, contextRegExp: /moment$/ }),
      new CopyAfterBuild([
        ['src/standalone/index.html', 'build/standalone/index.html'],
        ['src/img/logo.svg', 'build/standalone/img/logo.svg'],
        // @grafana/ui asks for these under <public path>fonts/ and <public path>build/img/icons/.
        ['node_modules/inter-ui/web/Inter-Regular.woff2', 'build/standalone/public/fonts/inter/Inter-Regular.woff2'],
        ['node_modules/inter-ui/web/Inter-Medium.woff2', 'build/standalone/public/fonts/inter/Inter-Medium.woff2'],
        ['node_modules/inter-ui/web/Inter-Italic.woff2', 'build/standalone/public/fonts/inter/Inter-Italic.woff2'],
        ['node_modules/inter-ui/web/Inter-MediumItalic.woff2', 'build/standalone/public/fonts/inter/Inter-MediumItalic.woff2'],
        // Grafana serves this monospace face under a content-hashed name; any Roboto Mono latin 400 fits.
        [
          'node_modules/@fontsource/roboto-mono/files/roboto-mono-latin-400-normal.woff2',
          'build/standalone/public/fonts/roboto/L0xTDF4xlVMF-BfR8bXMIhJHg45mwgGEFl0_3vrtSM1J-gEPT5Ese6hmHSh0mQ.woff2',
        ],
        ['node_modules/@grafana/ui/dist/public/img/icons', 'build/standalone/public/build/img/icons'],
        // Grafana ships its spinner icon outside @grafana/ui; this one is ours.
        ['src/standalone/icons/spinner.svg', 'build/standalone/public/build/img/icons/unicons/spinner.svg'],
        // The time picker's "move backward" icon is also outside @grafana/ui; ours again.
        ['src/standalone/icons/angle-double-left.svg', 'build/standalone/public/build/img/icons/unicons/angle-double-left.svg'],
        // The flame graph's "Collapse all groups" asks for an icon @grafana/ui 13 no longer ships; ours.
        ['src/standalone/icons/angle-double-up.svg', 'build/standalone/public/build/img/icons/unicons/angle-double-up.svg'],
      ]),
    ],
  },
];

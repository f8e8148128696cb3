// Entry point of the standalone page served by `gpx_hotpath serve` at "/". Here Grafana's packages are
// bundled, the theme is Grafana's dark theme, and backend calls go to the same resource paths with fetch.
import { createTheme, ThemeContext } from '@grafana/data';
import { GlobalStyles } from '@grafana/ui';
import React from 'react';
import { createRoot } from 'react-dom/client';

import { FetchTransport } from '../api/fetchTransport';
import { HotpathApi } from '../api/client';
import { App } from '../components/App';
import { browserLocation } from '../platform/location';
import type { Platform } from '../platform/Platform';
import { StandaloneChrome, StandalonePageFrame } from './StandaloneChrome';

declare global {
  interface Window {
    __grafana_public_path__?: string;
  }
}

// @grafana/ui loads fonts from <public path>fonts/ and icons from <public path>build/img/icons/; the
// build copies both under public/ next to this page, mirroring Grafana's own layout.
window.__grafana_public_path__ = new URL('public/', document.baseURI).href;

const transport = new FetchTransport();

const platform: Platform = {
  host: 'standalone',
  api: new HotpathApi(transport),
  location: browserLocation(),
  PageFrame: StandalonePageFrame,
};

const theme = createTheme({ colors: { mode: 'dark' } });

const container = document.getElementById('root');
if (container === null) {
  throw new Error('standalone page: no element with id "root" to render into');
}
createRoot(container).render(
  <ThemeContext.Provider value={theme}>
    <GlobalStyles />
    <StandaloneChrome>
      <App platform={platform} />
    </StandaloneChrome>
  </ThemeContext.Provider>
);

// Entry point of the standalone page served by `gpx_hotpath serve` at "/". Here Grafana's packages are
// bundled, the theme is Grafana's dark theme, and backend calls go to the same resource paths with fetch.
import { createTheme, ThemeContext } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { GlobalStyles } from '@grafana/ui';
import i18next from 'i18next';
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

/**
 * @grafana/ui writes its texts through i18next with English defaults in the source. Grafana loads its
 * translation files at boot; this page has none, so every text is a lookup that misses and falls back
 * to its default. i18next's stock miss path (language fallbacks, key paths, namespace prefixes) cost
 * about 0.1 ms a call here and the time picker alone makes hundreds per render. One language, no
 * fallback and flat keys give the same texts at a quarter of the cost. Runs before anything renders.
 */
async function initTexts(): Promise<void> {
  await i18next.init({
    resources: {},
    lng: 'en-US',
    fallbackLng: false,
    load: 'currentOnly',
    supportedLngs: ['en-US'],
    keySeparator: false,
    nsSeparator: false,
    returnEmptyString: false,
  });
  await initPluginTranslations('hotpath-profiles-app');
}

const container = document.getElementById('root');
if (container === null) {
  throw new Error('standalone page: no element with id "root" to render into');
}
const root = createRoot(container);
// Rendering does not wait on a failure here: the texts are the same, only slower to produce.
const texts = initTexts().catch((error: unknown) => console.error('standalone page: i18next setup failed', error));
void texts.then(() =>
  root.render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <StandaloneChrome>
        <App platform={platform} />
      </StandaloneChrome>
    </ThemeContext.Provider>
  )
);

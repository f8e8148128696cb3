import React from 'react';

import { OverviewPage } from '../pages/Overview/OverviewPage';
import { PlatformProvider, type Platform } from '../platform/Platform';

/**
 * The app's root, identical inside Grafana and in the standalone page; only `platform` differs.
 * Pages are chosen here as the app grows (the view state will live in the URL's query string).
 */
export function App({ platform }: { platform: Platform }) {
  return (
    <PlatformProvider platform={platform}>
      <OverviewPage />
    </PlatformProvider>
  );
}

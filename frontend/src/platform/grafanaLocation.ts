import { locationService } from '@grafana/runtime';

import type { AppLocation } from './location';

/**
 * Grafana owns the browser history (react-router behind locationService); writing to window.history
 * behind its back would desynchronise its router, so inside Grafana every change goes through it.
 */
export function grafanaLocation(): AppLocation {
  const current = () => locationService.getLocation();
  return {
    search: () => current().search.replace(/^\?/, ''),
    push: (search) => locationService.push({ pathname: current().pathname, search: search === '' ? '' : `?${search}` }),
    replace: (search) => locationService.replace({ pathname: current().pathname, search: search === '' ? '' : `?${search}` }),
    listen: (onChange) => locationService.getHistory().listen(() => onChange()),
  };
}

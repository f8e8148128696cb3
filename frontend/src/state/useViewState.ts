import React from 'react';

import type { AppLocation } from '../platform/location';
import { applyNavigation, parseViewState, serializeViewState } from './urlState';
import type { ViewProps, ViewState } from './viewState';

/**
 * The view state, read from the URL, and `navigate`, which applies a patch with the reset rules and
 * writes it back (a push by default, so Back returns to the previous view). Back and Forward re-read
 * the URL through the location's listener.
 */
export function useViewState(location: AppLocation): [ViewState, ViewProps['navigate']] {
  const [search, setSearch] = React.useState(() => location.search());
  React.useEffect(() => {
    // A new location object (another host) is read at once; its listener covers every later change.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSearch(location.search());
    return location.listen(() => setSearch(location.search()));
  }, [location]);
  const state = React.useMemo(() => parseViewState(search), [search]);
  const navigate = React.useCallback<ViewProps['navigate']>(
    (patch, options) => {
      const existing = location.search();
      const next = serializeViewState(applyNavigation(parseViewState(existing), patch), existing);
      if (next !== existing) {
        if (options?.replace) {
          location.replace(next);
        } else {
          location.push(next);
        }
      }
      setSearch(location.search());
    },
    [location]
  );
  return [state, navigate];
}

import React from 'react';

import { usePlatform } from '../platform/Platform';
import { GraphApi } from './graphApi';

/** The graph routes' client over the platform's transport (one per transport). */
export function useGraphApi(): GraphApi {
  const { transport } = usePlatform();
  return React.useMemo(() => new GraphApi(transport), [transport]);
}

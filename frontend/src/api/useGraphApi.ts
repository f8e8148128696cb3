import { usePlatform } from '../platform/Platform';
import { GraphApi } from './graphApi';
import type { Transport } from './transport';

// One client per transport, so that what hangs off it (the shared favorites list) is shared by
// every component on screen rather than built per component.
const clients = new WeakMap<Transport, GraphApi>();

/** The graph routes' client over the platform's transport (one per transport). */
export function useGraphApi(): GraphApi {
  const { transport } = usePlatform();
  let api = clients.get(transport);
  if (!api) {
    api = new GraphApi(transport);
    clients.set(transport, api);
  }
  return api;
}

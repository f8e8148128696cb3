import { useApi } from '../api/useApi';
import type { UserSettings } from '../api/wire';
import { useRemote } from './useRemote';

/** The user's settings (GET settings). `undefined` while loading or when they cannot be read: views then use the backend's defaults. */
export function useUserSettings(): { settings: UserSettings | undefined; settled: boolean } {
  const api = useApi();
  const [state] = useRemote((signal) => api.getSettings(signal), [api]);
  return { settings: state.phase === 'ready' ? state.data : undefined, settled: state.phase !== 'loading' };
}

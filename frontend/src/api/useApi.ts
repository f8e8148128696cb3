import { usePlatform } from '../platform/Platform';
import type { HotpathApi } from './client';

/** The platform's API client (one per platform, so what hangs off it — the shared favorites list — is shared by every component). */
export function useApi(): HotpathApi {
  return usePlatform().api;
}

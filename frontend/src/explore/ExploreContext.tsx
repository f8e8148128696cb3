import React from 'react';

import type { HotpathApi } from '../api/client';
import type { MsRange } from '../state/timeRange';
import type { Remote } from '../state/remote';
import type { ProfileType, ServicesResponse } from '../api/wire';

/**
 * What the exploration pages share besides the view state: the API, the range resolved to ms (fixed
 * until the range changes or Refresh is pressed), and the services list the pickers also use.
 */
export interface Explore {
  api: HotpathApi;
  range: MsRange;
  /** Changes on every Refresh; pages list it in their request dependencies. */
  refreshKey: number;
  services: Remote<ServicesResponse>;
  /**
   * True while the profile type shown is a guess made before the services list arrived (App); an
   * empty or failed answer for it may only mean the guess was wrong, and is not shown as such.
   */
  provisionalProfileType: boolean;
  profileTypes: ReadonlyMap<string, ProfileType>;
}

const ExploreContext = React.createContext<Explore | null>(null);

export const ExploreProvider = ExploreContext.Provider;

export function useExplore(): Explore {
  const explore = React.useContext(ExploreContext);
  if (explore === null) {
    throw new Error('useExplore: no ExploreProvider above this component (App provides one)');
  }
  return explore;
}

export const DEFAULT_PROFILE_TYPE = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

/** The type to show when the URL names none: CPU when the source has it, else the first type listed. */
export function defaultProfileType(services: ServicesResponse | undefined): string | undefined {
  if (!services || services.profileTypes.length === 0) {
    return undefined;
  }
  return services.profileTypes.some((t) => t.id === DEFAULT_PROFILE_TYPE) ? DEFAULT_PROFILE_TYPE : services.profileTypes[0]!.id;
}

/** A readable name for a type id even when the backend did not list it (old URL, other source). */
export function profileTypeLabel(types: ReadonlyMap<string, ProfileType>, id: string): string {
  const type = types.get(id);
  if (type) {
    return type.label;
  }
  const [name, sampleType] = id.split(':');
  return `${name} / ${sampleType}`;
}

import React from 'react';

import type { ViewName } from '../state/viewState';

/** What a panel would save as a favorite (docs/api.md, "Favorites and settings"). */
export interface FavoriteTarget {
  datasource?: string | undefined;
  view: Exclude<ViewName, 'favorites' | 'adhoc'>;
  profileType: string;
  service?: string | undefined;
  selector?: string;
  groupBy?: string;
  title: string;
}

/**
 * FAVORITE STAR SLOT. Every panel header renders this where the favorite star belongs. It renders
 * nothing until components/FavoriteButton.tsx (built with the Favorites view) exists; then this
 * component becomes `return <FavoriteButton target={target} />;` and every panel gets the star.
 */
export function FavoriteSlot(_props: { target: FavoriteTarget }): React.ReactElement | null {
  return null;
}

import React from 'react';

import type { FavoriteContent } from '../api/wire';
import type { ViewName } from '../state/viewState';
import { FavoriteButton } from './FavoriteButton';

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

/** The favorite star of a panel header: the panel's target as the favorite's content. */
export function FavoriteSlot({ target }: { target: FavoriteTarget }): React.ReactElement | null {
  const content: FavoriteContent = { view: target.view, profileType: target.profileType, title: target.title };
  if (target.datasource !== undefined) {
    content.datasource = target.datasource;
  }
  if (target.service !== undefined) {
    content.service = target.service;
  }
  if (target.selector !== undefined) {
    content.selector = target.selector;
  }
  if (target.groupBy !== undefined) {
    content.groupBy = target.groupBy;
  }
  return <FavoriteButton target={content} />;
}

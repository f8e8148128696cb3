import React from 'react';

import type { ViewProps } from '../../state/viewState';

// Placeholder until the view lands; App routes to it already.
export function AdHocPage(_props: ViewProps) {
  return <p>This view is not built yet.</p>;
}

import { Drawer } from '@grafana/ui';
import React from 'react';

import { OverviewSections } from '../../pages/Overview/OverviewPage';

/** The toolbar's Status: data sources and their health in a drawer. Loaded when first opened. */
export function StatusDrawer({ onClose }: { onClose: () => void }) {
  return (
    <Drawer title="Data sources and health" onClose={onClose} size="md">
      <OverviewSections />
    </Drawer>
  );
}

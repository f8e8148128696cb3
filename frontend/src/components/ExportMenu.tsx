import { Dropdown, Menu, ToolbarButton } from '@grafana/ui';
import React from 'react';

import type { ExportFormat, Selection } from '../api/client';
import { useApi } from '../api/useApi';

const FORMATS: Array<{ format: ExportFormat; label: string }> = [
  { format: 'pprof', label: 'pprof (.pb.gz)' },
  { format: 'folded', label: 'Folded stacks (.folded.txt)' },
  { format: 'flamebearer', label: 'Flamebearer JSON (.json)' },
];

/**
 * Export of the flame graph on screen: the canvas as PNG (drawn in the browser), and the merged
 * selection as pprof, folded or flamebearer through GET export (a plain link: the same path works
 * inside Grafana, where the session cookie authorises it, and in the standalone page).
 */
export function ExportMenu({
  selection,
  maxNodes,
  canvasHost,
  fileStem,
}: {
  selection?: Selection;
  maxNodes?: number;
  canvasHost: React.RefObject<HTMLElement>;
  fileStem: string;
}) {
  const api = useApi();
  const savePng = () => {
    const canvas = canvasHost.current?.querySelector<HTMLCanvasElement>('canvas[data-testid="flameGraph"]');
    if (!canvas) {
      return;
    }
    const link = document.createElement('a');
    link.href = canvas.toDataURL('image/png');
    link.download = `${fileStem}.png`;
    link.click();
  };
  const menu = (
    <Menu>
      <Menu.Item label="PNG image (.png)" icon="camera" onClick={savePng} />
      {selection &&
        FORMATS.map(({ format, label }) => (
          <Menu.Item key={format} label={label} icon="download-alt" url={api.exportUrl(format, selection, maxNodes)} target="_self" />
        ))}
    </Menu>
  );
  return (
    <Dropdown overlay={menu} placement="bottom-end">
      <ToolbarButton icon="download-alt" aria-label="Export">
        Export
      </ToolbarButton>
    </Dropdown>
  );
}

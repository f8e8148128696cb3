import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

export const getGridStyles = (theme: GrafanaTheme2) => ({
  bar: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2), marginBottom: theme.spacing(2), flexWrap: 'wrap' }),
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))',
    gap: theme.spacing(1.5),
  }),
  muted: css({ color: theme.colors.text.secondary }),
});

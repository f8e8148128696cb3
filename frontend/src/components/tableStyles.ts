import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/** A plain, semantic table dressed in Grafana's theme (the look of Grafana's list pages). */
export const getTableStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(1, 1.5),
      textAlign: 'left',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      verticalAlign: 'middle',
    },
    th: {
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
      fontSize: theme.typography.bodySmall.fontSize,
      background: theme.colors.background.secondary,
    },
    'tbody tr:hover': {
      background: theme.colors.emphasize(theme.colors.background.primary, 0.03),
    },
  }),
  mono: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  muted: css({ color: theme.colors.text.disabled }),
});

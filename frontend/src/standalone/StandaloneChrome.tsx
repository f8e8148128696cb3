import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import logoSvg from '../img/logo.svg';

const logoSrc = `data:image/svg+xml;utf8,${encodeURIComponent(logoSvg)}`;

/** Grafana-like chrome for the standalone page: a slim top bar and a padded canvas. */
export function StandaloneChrome({ children }: { children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.shell}>
      <nav className={styles.topBar} aria-label="Hotpath">
        <img src={logoSrc} alt="" width={20} height={20} />
        <span className={styles.product}>Hotpath</span>
        <span className={styles.crumb}>/</span>
        <span className={styles.crumbCurrent}>Explore profiles</span>
      </nav>
      <main className={styles.canvas}>{children}</main>
    </div>
  );
}

/** The page frame views render into; the standalone page has no extra nav around the content. */
export function StandalonePageFrame({ children }: { children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  return <div className={styles.page}>{children}</div>;
}

const getStyles = (theme: GrafanaTheme2) => ({
  shell: css({
    minHeight: '100vh',
    display: 'flex',
    flexDirection: 'column',
    background: theme.colors.background.canvas,
  }),
  topBar: css({
    height: 40,
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0, 2),
    background: theme.colors.background.primary,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  product: css({ fontWeight: theme.typography.fontWeightMedium }),
  crumb: css({ color: theme.colors.text.disabled }),
  crumbCurrent: css({ color: theme.colors.text.secondary }),
  canvas: css({ flex: 1 }),
  page: css({
    maxWidth: 1400,
    padding: theme.spacing(3, 4),
  }),
});

import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import React from 'react';

import logoSvg from '../img/logo.svg';

const logoSrc = `data:image/svg+xml;utf8,${encodeURIComponent(logoSvg)}`;

export function AppHeader({ subtitle }: { subtitle: string }) {
  const styles = useStyles2(getStyles);
  return (
    <header className={styles.header}>
      <img src={logoSrc} alt="" width={40} height={40} className={styles.logo} />
      <div>
        <h1 className={styles.title}>Hotpath</h1>
        <Text color="secondary">{subtitle}</Text>
      </div>
    </header>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(3),
  }),
  logo: css({ flexShrink: 0 }),
  title: css({
    ...theme.typography.h2,
    margin: 0,
  }),
});

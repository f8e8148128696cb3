import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { DataSourcesPanel } from './DataSourcesPanel';
import { HealthPanel } from './HealthPanel';

/** The data sources and their health, without a page frame (the explore toolbar shows them in a drawer). */
export function OverviewSections() {
  const styles = useStyles2(getStyles);
  return (
    <>
      <section className={styles.section} aria-labelledby="hotpath-datasources">
        <h2 id="hotpath-datasources" className={styles.heading}>
          Data sources
        </h2>
        <DataSourcesPanel />
      </section>
      <section className={styles.section} aria-labelledby="hotpath-health">
        <h2 id="hotpath-health" className={styles.heading}>
          Health
        </h2>
        <HealthPanel />
      </section>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    marginBottom: theme.spacing(3),
  }),
  heading: css({
    ...theme.typography.h4,
    marginBottom: theme.spacing(2),
  }),
});

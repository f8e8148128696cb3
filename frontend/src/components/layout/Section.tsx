import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

/** A bordered panel with a heading and optional actions on its right. */
export function Section({ title, actions, children, label }: { title: React.ReactNode; actions?: React.ReactNode; children: React.ReactNode; label?: string }) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.section} aria-label={label ?? (typeof title === 'string' ? title : undefined)}>
      <div className={styles.header}>
        <h3 className={styles.title}>{title}</h3>
        {actions && <div className={styles.actions}>{actions}</div>}
      </div>
      {children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
  }),
  header: css({ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: theme.spacing(1), marginBottom: theme.spacing(1) }),
  title: css({ ...theme.typography.h5, margin: 0 }),
  actions: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
});

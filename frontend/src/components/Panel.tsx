import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

export interface PanelProps {
  title: React.ReactNode;
  /** Shown after the title, muted (the panel's total). */
  info?: React.ReactNode;
  /** Buttons at the right of the header. */
  actions?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
  testId?: string;
}

/** A dashboard-like panel in Grafana's theme: a header line with title, info and actions, then the body. */
export function Panel({ title, info, actions, children, className, testId }: PanelProps) {
  const styles = useStyles2(getStyles);
  return (
    <section className={cx(styles.panel, className)} data-testid={testId}>
      <header className={styles.header}>
        <h3 className={styles.title}>{title}</h3>
        {info !== undefined && <span className={styles.info}>{info}</span>}
        <div className={styles.actions}>{actions}</div>
      </header>
      <div className={styles.body}>{children}</div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    display: 'flex',
    flexDirection: 'column',
    minWidth: 0,
  }),
  header: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 1),
    minHeight: theme.spacing(4),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  title: css({
    ...theme.typography.h6,
    margin: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    minWidth: 0,
  }),
  info: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, whiteSpace: 'nowrap' }),
  actions: css({ marginLeft: 'auto', display: 'flex', gap: theme.spacing(0.5), alignItems: 'center', flexShrink: 0 }),
  body: css({ padding: theme.spacing(1), flex: 1, minWidth: 0 }),
});

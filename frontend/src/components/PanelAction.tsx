import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

export interface PanelActionProps extends Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  /** 'text': a borderless link-like action (panel headers); 'secondary': a filled small button. */
  variant?: 'text' | 'secondary';
}

/**
 * A small button for what repeats on every panel or row of a page (Profile types, Labels, Include…).
 * It looks like @grafana/ui's small secondary `Button`, but that component recomputes its emotion
 * styles on every render (≈ 1–2 ms each: 150 of them on All services, 500 on Labels with Show all),
 * while these classes are made once per theme and shared by every instance.
 */
export const PanelAction = React.memo(function PanelAction({ variant = 'text', className, ...props }: PanelActionProps) {
  const styles = useStyles2(getStyles);
  return <button type="button" className={cx(styles.button, variant === 'secondary' && styles.secondary, className)} {...props} />;
});

const getStyles = (theme: GrafanaTheme2) => ({
  button: css({
    display: 'inline-flex',
    alignItems: 'center',
    height: theme.spacing(theme.components.height.sm),
    padding: theme.spacing(0, 1),
    fontFamily: theme.typography.fontFamily,
    fontSize: theme.typography.size.sm,
    fontWeight: theme.typography.fontWeightMedium,
    lineHeight: 1,
    whiteSpace: 'nowrap',
    color: theme.colors.text.primary,
    background: 'transparent',
    border: '1px solid transparent',
    borderRadius: theme.shape.radius.default,
    cursor: 'pointer',
    '&:hover': { background: theme.colors.action.hover },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 2 },
    '&:disabled': { cursor: 'not-allowed', color: theme.colors.text.disabled, background: 'transparent' },
  }),
  secondary: css({
    background: theme.colors.secondary.main,
    border: `1px solid ${theme.colors.secondary.border}`,
    '&:hover': { background: theme.colors.secondary.shade },
    '&:disabled': { background: theme.colors.action.disabledBackground },
  }),
});

import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Icon, useStyles2 } from '@grafana/ui';
import React from 'react';

/**
 * Where a focused flame graph sits: "All stacks", then each frame of the focused call path. Each
 * crumb but the last goes back up to that depth (the whole profile for the first).
 */
export function FocusBreadcrumbs({ path, onNavigate }: { path: readonly string[]; onNavigate: (path: string[]) => void }) {
  const styles = useStyles2(getStyles);
  const crumbs = ['All stacks', ...path];
  return (
    <nav aria-label="Focused call path" className={styles.nav}>
      {crumbs.map((name, i) => {
        const last = i === crumbs.length - 1;
        return (
          <React.Fragment key={i}>
            {i > 0 && <Icon name="angle-right" className={styles.separator} />}
            {last ? (
              <span className={i > 0 ? styles.current : undefined} aria-current="location">
                {name}
              </span>
            ) : (
              <Button size="sm" fill="text" variant="secondary" className={i > 0 ? styles.frame : undefined} onClick={() => onNavigate(path.slice(0, i))}>
                {name}
              </Button>
            )}
          </React.Fragment>
        );
      })}
    </nav>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  nav: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(0.5), marginBottom: theme.spacing(1) }),
  separator: css({ color: theme.colors.text.secondary }),
  frame: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  current: css({ fontFamily: theme.typography.fontFamilyMonospace, fontWeight: theme.typography.fontWeightMedium, padding: theme.spacing(0, 1) }),
});

// `react/jsx-runtime` for the bundled @grafana/flamegraph, written on React.createElement. Grafana
// hands plugins `react` but older hosts do not share `react/jsx-runtime`; a bundled copy of React's own
// runtime would reach into one React version's internals. createElement is stable across majors.
import * as React from 'react';

type Props = Record<string, unknown> & { children?: unknown };

function withKey(props: Record<string, unknown>, key: React.Key | undefined): Record<string, unknown> {
  return key === undefined ? props : { ...props, key };
}

/**
 * One child or a dynamic list. A list goes in as the one child argument, where createElement checks
 * its keys exactly as React's own runtime does; anything else stays in props.
 */
export function jsx(type: React.ElementType, props: Props, key?: React.Key): React.ReactElement {
  const { children, ...rest } = props;
  return Array.isArray(children) ? React.createElement(type, withKey(rest, key), children) : React.createElement(type, withKey(props, key));
}

/** Static children (several JSX children written side by side): passed as arguments, so they need no keys. */
export function jsxs(type: React.ElementType, props: Props, key?: React.Key): React.ReactElement {
  const { children, ...rest } = props;
  return Array.isArray(children)
    ? React.createElement(type, withKey(rest, key), ...(children as React.ReactNode[]))
    : React.createElement(type, withKey(props, key));
}

export const Fragment = React.Fragment;

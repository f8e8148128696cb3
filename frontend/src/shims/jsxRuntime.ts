// `react/jsx-runtime` for the bundled @grafana/flamegraph, written on React.createElement. Grafana
// hands plugins `react` but older hosts do not share `react/jsx-runtime`; a bundled copy of React's own
// runtime would reach into one React version's internals. createElement is stable across majors and
// takes the same props object (children included) when no extra arguments are passed.
import * as React from 'react';

type Props = Record<string, unknown> | null;

export function jsx(type: React.ElementType, props: Props, key?: React.Key): React.ReactElement {
  return React.createElement(type, key === undefined ? props : { ...props, key });
}

export const jsxs = jsx;
export const Fragment = React.Fragment;

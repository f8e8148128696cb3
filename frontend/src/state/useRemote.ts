import React from 'react';

import { initialRemote, remoteReducer, type Remote, type RemoteAction } from './remote';

/**
 * Runs `load` when the component mounts and whenever `deps` change; `reload` runs it again. Aborts
 * the request in flight when a newer one starts or the component unmounts.
 */
export function useRemote<T>(load: (signal: AbortSignal) => Promise<T>, deps: React.DependencyList): [Remote<T>, () => void] {
  const [state, dispatch] = React.useReducer(remoteReducer as (s: Remote<T>, a: RemoteAction<T>) => Remote<T>, undefined, () => initialRemote<T>());
  const requestRef = React.useRef(0);
  const abortRef = React.useRef<AbortController | null>(null);
  const loadRef = React.useRef(load);
  // The latest `load`, set before this component's effects run (layout effects run first).
  React.useLayoutEffect(() => {
    loadRef.current = load;
  });

  const run = React.useCallback(() => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    requestRef.current += 1;
    const request = requestRef.current;
    dispatch({ type: 'start' });
    loadRef.current(controller.signal).then(
      (data) => dispatch({ type: 'resolve', request, data }),
      (error: unknown) => {
        if (!controller.signal.aborted) {
          dispatch({ type: 'reject', request, error });
        }
      }
    );
  }, []);

  React.useEffect(() => {
    run();
    return () => abortRef.current?.abort();
    // `load` is read through a ref: callers pass an inline function and list its real inputs in `deps`.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's `deps` are the inputs of `load`
  }, deps);

  return [state, run];
}

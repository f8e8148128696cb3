import { ApiError, WireFormatError } from '../api/errors';

/** What a view shows for one backend call. */
export type RemoteView = 'loading' | 'error' | 'empty' | 'ready';

export interface ErrorInfo {
  title: string;
  message: string;
  /** What the person can do about it. */
  hint: string;
}

/**
 * One backend call's lifecycle. `request` counts starts so that an answer to an older request (the
 * user pressed refresh twice, or the component changed its inputs) never overwrites a newer one.
 * While a refresh runs, the last good data stays visible as `stale`.
 */
export type Remote<T> =
  { phase: 'loading'; request: number; stale?: T } | { phase: 'ready'; request: number; data: T } | { phase: 'error'; request: number; error: ErrorInfo };

export type RemoteAction<T> = { type: 'start' } | { type: 'resolve'; request: number; data: T } | { type: 'reject'; request: number; error: unknown };

export function initialRemote<T>(): Remote<T> {
  return { phase: 'loading', request: 0 };
}

export function remoteReducer<T>(state: Remote<T>, action: RemoteAction<T>): Remote<T> {
  switch (action.type) {
    case 'start': {
      const stale = state.phase === 'ready' ? state.data : state.phase === 'loading' ? state.stale : undefined;
      return stale === undefined ? { phase: 'loading', request: state.request + 1 } : { phase: 'loading', request: state.request + 1, stale };
    }
    case 'resolve':
      return action.request === state.request ? { phase: 'ready', request: state.request, data: action.data } : state;
    case 'reject':
      return action.request === state.request ? { phase: 'error', request: state.request, error: describeError(action.error) } : state;
  }
}

/** Decides between loading, error, empty and ready; `isEmpty` says when good data has nothing to show. */
export function viewOf<T>(state: Remote<T>, isEmpty: (data: T) => boolean): RemoteView {
  if (state.phase === 'error') {
    return 'error';
  }
  const data = state.phase === 'ready' ? state.data : state.stale;
  if (data === undefined) {
    return 'loading';
  }
  return isEmpty(data) ? 'empty' : 'ready';
}

/** The data a view may render now: fresh data, or the last good data while a refresh runs. */
export function dataOf<T>(state: Remote<T>): T | undefined {
  return state.phase === 'ready' ? state.data : state.phase === 'loading' ? state.stale : undefined;
}

/** Turns anything a call can throw into a title and message fit for an error alert. */
export function describeError(error: unknown): ErrorInfo {
  if (error instanceof ApiError) {
    const hint =
      error.status === 400
        ? 'Check the filters, the profile type and the time range in the toolbar, then Retry.'
        : error.status === 404
          ? 'The data source or item may have been removed: pick another data source in the toolbar, or Retry.'
          : error.status >= 500
            ? 'Open Status in the toolbar to see which data source is failing, then Retry.'
            : 'Retry; if it keeps failing, open Status in the toolbar.';
    return { title: `The backend answered ${error.status}`, message: error.message, hint };
  }
  if (error instanceof WireFormatError) {
    return {
      title: 'The backend sent something unexpected',
      message: error.message,
      hint: 'The page and the backend may be from different versions: reload the page; if it persists, report this message.',
    };
  }
  if (error instanceof TypeError) {
    // fetch rejects with a TypeError when the server cannot be reached at all.
    return { title: 'Cannot reach the Hotpath backend', message: error.message, hint: 'Check that gpx_hotpath is running and reachable, then Retry.' };
  }
  if (error instanceof Error) {
    return { title: 'Request failed', message: error.message, hint: 'Retry; if it keeps failing, open Status in the toolbar.' };
  }
  return { title: 'Request failed', message: String(error), hint: 'Retry; if it keeps failing, open Status in the toolbar.' };
}

/**
 * The query string of the page and the browser history behind it. The app reads its state from the
 * query string and changes it only through here; a push adds a Back-able history entry, a replace
 * does not. `listen` fires when the query string changes for any reason (Back, Forward, a push).
 */
export interface AppLocation {
  /** The current query string, without the leading '?'. */
  search(): string;
  push(search: string): void;
  replace(search: string): void;
  /** Returns the function that stops listening. */
  listen(onChange: () => void): () => void;
}

function withQuery(pathname: string, search: string, hash: string): string {
  return `${pathname}${search === '' ? '' : `?${search}`}${hash}`;
}

/** window.history, for the standalone page. pushState fires no event, so push and replace notify listeners themselves. */
export function browserLocation(win: Window = window): AppLocation {
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  win.addEventListener('popstate', notify);
  return {
    search: () => win.location.search.replace(/^\?/, ''),
    push(search) {
      win.history.pushState(null, '', withQuery(win.location.pathname, search, win.location.hash));
      notify();
    },
    replace(search) {
      win.history.replaceState(win.history.state, '', withQuery(win.location.pathname, search, win.location.hash));
      notify();
    },
    listen(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
  };
}

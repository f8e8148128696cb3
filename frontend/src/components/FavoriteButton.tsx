import { IconButton } from '@grafana/ui';
import React from 'react';

import { describeError } from '../state/remote';
import { sameContent, useFavorites } from '../state/favoritesStore';
import type { FavoriteContent } from '../api/wire';

/**
 * A star that adds `target` (the panel's content: view, profile type, source, service, selector,
 * grouping, title) to the user's favorites (POST favorites) or removes it (DELETE favorites). A
 * failure shows in the star's tooltip and leaves the star as it was.
 */
export function FavoriteButton({ target: content }: { target: FavoriteContent }) {
  const [favorites, store] = useFavorites();
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | undefined>(undefined);

  React.useEffect(() => {
    store.load().catch((e: unknown) => setError(describeError(e).message));
  }, [store]);

  const existing = favorites?.find((f) => sameContent(f, content));
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (existing) {
        await store.remove(existing.id);
      } else {
        await store.add(content);
      }
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const label = existing ? 'Remove from favorites' : 'Add to favorites';
  return (
    <IconButton
      name={existing ? 'favorite' : 'star'}
      iconType={existing ? 'mono' : 'default'}
      aria-label={label}
      aria-pressed={existing !== undefined}
      // A title, not IconButton's `tooltip`: that wraps every star of a page in a floating-ui Tooltip
      // (fifty on All services), a cost paid at render for a text shown on hover.
      title={error ? `${label} failed: ${error}` : label}
      variant={error ? 'destructive' : existing ? 'primary' : 'secondary'}
      disabled={busy || (favorites === undefined && error === undefined)}
      onClick={toggle}
    />
  );
}

import React from 'react';

import type { HotpathApi } from '../api/client';
import { useApi } from '../api/useApi';
import type { Favorite, FavoriteContent } from '../api/wire';

/** Two favorites are the same when their content is (the backend dedupes the same way). */
export function sameContent(a: FavoriteContent, b: FavoriteContent): boolean {
  const keys = ['view', 'profileType', 'datasource', 'service', 'selector', 'groupBy'] as const;
  return keys.every((k) => (a[k] ?? '') === (b[k] ?? ''));
}

/**
 * One list of favorites shared by every star on screen: a grid of twenty panels asks the backend
 * once, and a star toggled on one panel shows on the others and in the Favorites view.
 */
class FavoritesStore {
  private favorites: Favorite[] | undefined;
  private loading: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: HotpathApi) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): Favorite[] | undefined {
    return this.favorites;
  }

  load(force = false): Promise<void> {
    if (!this.loading || force) {
      this.loading = this.api.listFavorites().then((list) => this.set(list));
      this.loading.catch(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  async add(content: FavoriteContent): Promise<void> {
    const stored = await this.api.addFavorite(content);
    this.set([stored, ...(this.favorites ?? []).filter((f) => f.id !== stored.id)]);
  }

  async remove(id: string): Promise<void> {
    await this.api.removeFavorite(id);
    this.set((this.favorites ?? []).filter((f) => f.id !== id));
  }

  private set(list: Favorite[]) {
    this.favorites = list;
    this.listeners.forEach((l) => l());
  }
}

const stores = new WeakMap<HotpathApi, FavoritesStore>();

export function useFavoritesStore(): FavoritesStore {
  const api = useApi();
  let store = stores.get(api);
  if (!store) {
    store = new FavoritesStore(api);
    stores.set(api, store);
  }
  return store;
}

/** The shared list (undefined until loaded) and the store to change it. */
export function useFavorites(): [Favorite[] | undefined, FavoritesStore] {
  const store = useFavoritesStore();
  const list = React.useSyncExternalStore(
    (l) => store.subscribe(l),
    () => store.snapshot()
  );
  return [list, store];
}

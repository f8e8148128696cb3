import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, EmptyState, IconButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import React from 'react';

import { SelectionSeries } from '../../components/SelectionSeries';
import { RemoteError } from '../../components/RemoteContent';
import { useFavorites } from '../../state/favoritesStore';
import { describeError, type ErrorInfo } from '../../state/remote';
import { parseSelector } from '../../state/selectorParse';
import { useResolvedRange, type MsRange } from '../../state/timeRange';
import type { ViewProps, ViewState } from '../../state/viewState';
import type { Favorite } from '../../api/wire';

/** Where a favorite leads: its view with its source, type, service, filters and grouping (the range stays). */
export function favoriteTarget(favorite: Favorite): Partial<ViewState> {
  const parsed = favorite.selector ? parseSelector(favorite.selector) : { filters: [] };
  return {
    view: favorite.view,
    datasource: favorite.datasource,
    profileType: favorite.profileType,
    service: favorite.service ?? parsed.service,
    filters: parsed.filters,
    groupBy: favorite.groupBy,
  };
}

export function favoriteTitle(favorite: Favorite): string {
  if (favorite.title) {
    return favorite.title;
  }
  const where = favorite.service ?? 'All services';
  return `${where} · ${favorite.profileType.split(':').slice(0, 2).join(':')}${favorite.groupBy ? ` by ${favorite.groupBy}` : ''}`;
}

/** Favorites: every saved panel as a small series over the current range, with open and remove. */
export function FavoritesPage({ state, navigate }: ViewProps) {
  const styles = useStyles2(getStyles);
  const [favorites, store] = useFavorites();
  const [loadError, setLoadError] = React.useState<ErrorInfo | undefined>(undefined);
  const load = React.useCallback(
    (force: boolean) => {
      setLoadError(undefined);
      store.load(force).catch((e: unknown) => setLoadError(describeError(e)));
    },
    [store]
  );
  React.useEffect(() => {
    store.load(true).catch((e: unknown) => setLoadError(describeError(e)));
  }, [store]);

  const { range, error: rangeError } = useResolvedRange(state.range);
  const needle = (state.search ?? '').trim().toLowerCase();
  const shown = (favorites ?? []).filter((f) => needle === '' || favoriteTitle(f).toLowerCase().includes(needle));

  return (
    <>
      {rangeError && (
        <Alert severity="error" title="The time range cannot be read">
          {rangeError}
        </Alert>
      )}
      {loadError ? (
        <RemoteError error={loadError} onRetry={() => load(true)} />
      ) : favorites === undefined ? (
        <LoadingPlaceholder text="Loading favorites…" />
      ) : favorites.length === 0 ? (
        <EmptyState variant="call-to-action" message="No favorites yet">
          Star a panel (a service, a breakdown, a flame graph) and it shows up here.
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState variant="not-found" message={`No favorite matches "${state.search}"`} hideImage />
      ) : (
        <div className={styles.grid} role="list" aria-label="Favorites">
          {shown.map((f) => (
            <FavoriteCard key={f.id} favorite={f} range={range} onOpen={() => navigate(favoriteTarget(f))} onRemove={() => store.remove(f.id)} />
          ))}
        </div>
      )}
    </>
  );
}

function FavoriteCard({ favorite, range, onOpen, onRemove }: { favorite: Favorite; range?: MsRange; onOpen: () => void; onRemove: () => Promise<void> }) {
  const styles = useStyles2(getStyles);
  const [removeError, setRemoveError] = React.useState<string | undefined>(undefined);
  let openError: string | undefined;
  try {
    favoriteTarget(favorite);
  } catch (e) {
    openError = e instanceof Error ? e.message : String(e);
  }
  const title = favoriteTitle(favorite);
  return (
    <div className={styles.card} role="listitem" aria-label={title}>
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <Text weight="medium" truncate>
          {title}
        </Text>
        <Stack direction="row" gap={0}>
          <Button size="sm" variant="secondary" fill="text" icon="external-link-alt" onClick={onOpen} disabled={openError !== undefined}>
            Open
          </Button>
          {/* IconButton names the button after its tooltip (an aria-label beside a tooltip is dropped), so the tooltip says which card. */}
          <IconButton
            name="trash-alt"
            tooltip={removeError ? `Remove ${title} from favorites failed: ${removeError}` : `Remove ${title} from favorites`}
            onClick={() => onRemove().catch((e: unknown) => setRemoveError(describeError(e).message))}
          />
        </Stack>
      </Stack>
      <Text color="secondary" variant="bodySmall">
        {favorite.view} · {favorite.selector ?? '{}'}
      </Text>
      {openError && (
        <Alert severity="warning" title="This favorite cannot be opened">
          {openError}
        </Alert>
      )}
      {range && (
        <SelectionSeries
          selection={{
            datasource: favorite.datasource,
            profileType: favorite.profileType,
            selector: favorite.selector ?? '{}',
            from: range.from,
            to: range.to,
          }}
          groupBy={favorite.groupBy}
          limit={favorite.groupBy ? 5 : undefined}
          height={100}
          ariaLabel={`${title} over time`}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))', gap: theme.spacing(2) }),
  card: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
});

import React from 'react';

import type { StoredSettings } from '../api/client';
import { useApi } from '../api/useApi';
import type { FramePreset } from './frameFilters';
import { dataOf } from './remote';
import { useRemote } from './useRemote';

/**
 * The user's settings (GET settings). `undefined` while first loading or when they cannot be read:
 * views then use the backend's defaults. A reload keeps the last settings visible (and `settled`
 * true), so views keyed on them do not query again while it runs.
 */
export function useUserSettings(): { settings: StoredSettings | undefined; settled: boolean; reload: () => void } {
  const api = useApi();
  const [state, reload] = useRemote((signal) => api.getSettings(signal), [api]);
  const settings = dataOf(state);
  return { settings, settled: state.phase !== 'loading' || settings !== undefined, reload };
}

export interface FramePresetStore {
  /** The user's presets; undefined while loading or when the server does not keep them. */
  presets: FramePreset[] | undefined;
  /** False when the server's settings have no `framePresets` field (it cannot store presets). */
  canStore: boolean;
  save: (preset: FramePreset) => Promise<void>;
  remove: (name: string) => Promise<void>;
}

/**
 * The user's own frame-filter presets, stored with the user's settings (PUT settings replaces the
 * whole set, so every change writes the settings just read with the new list).
 */
export function useFramePresets(settings: StoredSettings | undefined, reload: () => void): FramePresetStore {
  const api = useApi();
  const presets = settings?.framePresets;
  const write = React.useCallback(
    async (next: FramePreset[]) => {
      if (!settings || !settings.framePresets) {
        throw new Error('This server does not store filter presets');
      }
      await api.putSettings({ ...settings, framePresets: next });
      reload();
    },
    [api, settings, reload]
  );
  return {
    presets,
    canStore: presets !== undefined,
    save: (preset) => write([...(presets ?? []), preset]),
    remove: (name) => write((presets ?? []).filter((p) => p.name !== name)),
  };
}

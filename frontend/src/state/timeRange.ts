import React from 'react';
import { dateMath } from '@grafana/data';

import type { RawRange } from './viewState';

/** A resolved range in milliseconds since the epoch, both ends included (what the routes take). */
export interface MsRange {
  from: number;
  to: number;
}

/**
 * Resolves Grafana's raw range (`now-1h`, or ms since the epoch as text) at `now`. A range that does
 * not parse is an error naming the bad end, never a silent default.
 */
export function resolveRange(raw: RawRange, now: number = Date.now()): MsRange {
  const from = resolveEnd(raw.from, now, false, 'from');
  const to = resolveEnd(raw.to, now, true, 'to');
  if (from > to) {
    throw new Error(`time range: "from" (${raw.from}) is after "to" (${raw.to})`);
  }
  return { from, to };
}

function resolveEnd(text: string, now: number, roundUp: boolean, which: string): number {
  if (/^\d+$/.test(text)) {
    return Number(text);
  }
  const parsed = dateMath.toDateTime(text, { roundUp, now: new Date(now) });
  if (!parsed || !parsed.isValid()) {
    throw new Error(`time range: "${which}" is not a time: ${JSON.stringify(text)}`);
  }
  return parsed.valueOf();
}

/** The raw form of an absolute range, as a drag-to-zoom writes it. */
export function absoluteRange(from: number, to: number): RawRange {
  return { from: String(Math.round(from)), to: String(Math.round(to)) };
}

/**
 * Resolves a raw range once per change of its text: a relative range (`now-1h`) must not move on every
 * render, or every query keyed on it would run again whenever the page re-renders.
 */
export function useResolvedRange(raw: RawRange): { range: MsRange; error?: undefined } | { range?: undefined; error: string } {
  return React.useMemo(() => {
    try {
      return { range: resolveRange(raw) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [raw.from, raw.to]);
}

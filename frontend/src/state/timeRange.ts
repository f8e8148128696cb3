import { dateMath, dateTime, type TimeRange } from '@grafana/data';
import React from 'react';

import type { RawRange } from './viewState';

/** A resolved range in milliseconds since the epoch, both ends included (what the routes take). */
export interface MsRange {
  from: number;
  to: number;
}

const MS = /^\d+$/;

/**
 * Resolves Grafana's raw range (`now-1h`, or ms since the epoch as text) at `now`, both ends from
 * the same `now` so "now-1h … now" spans exactly an hour.
 *
 * Contract: a reversed range (`from` after `to`, e.g. a hand-edited link) is read with its ends
 * swapped, as the URL reader reads every other odd value — it shows data rather than an error, and
 * the range written back is the ordered one. An end that is not a time is an error naming it (the URL
 * reader drops such ends before they get here, so this only fires on a caller's mistake).
 */
export function resolveRange(raw: RawRange, now: number = Date.now()): MsRange {
  const from = resolveEnd(raw.from, now, false, 'from');
  const to = resolveEnd(raw.to, now, true, 'to');
  return from <= to ? { from, to } : { from: to, to: from };
}

function resolveEnd(text: string, now: number, roundUp: boolean, which: string): number {
  if (MS.test(text)) {
    return Number(text);
  }
  const parsed = text.startsWith('now') ? dateMath.parseDateMath(text.slice(3), dateTime(now), roundUp) : dateMath.parse(text, roundUp);
  if (!parsed || !parsed.isValid()) {
    throw new Error(`time range: "${which}" is not a time: ${JSON.stringify(text)}`);
  }
  return parsed.valueOf();
}

/** An absolute range as the URL writes it (drag-to-zoom, time-shift): whole ms, ordered. */
export function absoluteRange(from: number, to: number): RawRange {
  return { from: String(Math.round(Math.min(from, to))), to: String(Math.round(Math.max(from, to))) };
}

/** Grafana's TimeRange for its pickers: raw keeps `now-1h` so the picker shows "Last 1 hour". */
export function toTimeRange(raw: RawRange, resolved: MsRange): TimeRange {
  const rawFrom = MS.test(raw.from) ? dateTime(resolved.from) : raw.from;
  const rawTo = MS.test(raw.to) ? dateTime(resolved.to) : raw.to;
  return { from: dateTime(resolved.from), to: dateTime(resolved.to), raw: { from: rawFrom, to: rawTo } };
}

/** The URL form of a range the picker chose: relative text kept, absolute times as ms. */
export function fromTimeRange(range: TimeRange): RawRange {
  const end = (raw: TimeRange['raw']['from'], value: TimeRange['from']) =>
    typeof raw === 'string' && !MS.test(raw) && dateMath.isMathString(raw) ? raw : String(value.valueOf());
  return { from: end(range.raw.from, range.from), to: end(range.raw.to, range.to) };
}

/**
 * Resolves a raw range once per change of its text (and of `refreshKey`): a relative range must not
 * move on every render, or every query keyed on it would run again whenever the page re-renders.
 */
export function useResolvedRange(raw: RawRange, refreshKey = 0): { range: MsRange; error?: undefined } | { range?: undefined; error: string } {
  return React.useMemo(() => {
    try {
      return { range: resolveRange(raw) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the text, not the object (see above)
  }, [raw.from, raw.to, refreshKey]);
}

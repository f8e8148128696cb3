import { dateMath, dateTime, type TimeRange } from '@grafana/data';

import type { MsRange } from '../api/exploreApi';
import type { RawRange } from '../state/viewState';

function toMs(text: string, roundUp: boolean, now: number): number {
  if (/^\d+$/.test(text)) {
    return Number(text);
  }
  // Both ends count from the same `now`, so "now-1h … now" spans exactly an hour.
  const parsed = text.startsWith('now') ? dateMath.parseDateMath(text.slice(3), dateTime(now), roundUp) : dateMath.parse(text, roundUp);
  // The URL reader only lets valid relative ranges through; anything else means "now".
  return parsed?.isValid() ? parsed.valueOf() : now;
}

/**
 * Turns the URL's range into milliseconds, once: the pages query with the same numbers until the
 * range changes or the user presses Refresh (then `now` moves).
 */
export function resolveRange(raw: RawRange, now = Date.now()): MsRange {
  const from = toMs(raw.from, false, now);
  const to = toMs(raw.to, true, now);
  return from <= to ? { from, to } : { from: to, to: from };
}

/** Grafana's TimeRange for its pickers: raw keeps `now-1h` so the picker shows "Last 1 hour". */
export function toTimeRange(raw: RawRange, resolved: MsRange): TimeRange {
  const rawFrom = /^\d+$/.test(raw.from) ? dateTime(resolved.from) : raw.from;
  const rawTo = /^\d+$/.test(raw.to) ? dateTime(resolved.to) : raw.to;
  return { from: dateTime(resolved.from), to: dateTime(resolved.to), raw: { from: rawFrom, to: rawTo } };
}

/** The URL form of a range the picker chose: relative text kept, absolute times as ms. */
export function fromTimeRange(range: TimeRange): RawRange {
  const end = (raw: TimeRange['raw']['from'], value: TimeRange['from']) =>
    typeof raw === 'string' && !/^\d+$/.test(raw) && dateMath.isMathString(raw) ? raw : String(value.valueOf());
  return { from: end(range.raw.from, range.from), to: end(range.raw.to, range.to) };
}

/** An absolute range as the URL writes it (drag-to-zoom, time-shift). */
export function absoluteRange(from: number, to: number): RawRange {
  return { from: String(Math.round(Math.min(from, to))), to: String(Math.round(Math.max(from, to))) };
}

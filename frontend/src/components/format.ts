import { formattedValueToString, getValueFormat } from '@grafana/data';

/** A value in Grafana's unit (`ns`, `bytes`, `short`), e.g. "1.20 s", "512 MiB". */
export function formatValue(value: number, unit: string): string {
  return formattedValueToString(getValueFormat(unit)(value, 2));
}

export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(2)}%` : '—';
}

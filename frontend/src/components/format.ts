import { formattedValueToString, getValueFormat } from '@grafana/data';

/**
 * A value in Grafana's unit (`ns`, `bytes`, `short`), e.g. "1.20 s", "512 MiB". `decimals` null lets
 * Grafana choose per value, as its own axes do (so a zero tick reads "0 ns", not "0.00 ns").
 */
export function formatValue(value: number, unit: string, decimals: number | null = 2): string {
  return formattedValueToString(getValueFormat(unit)(value, decimals ?? undefined));
}

export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(2)}%` : '—';
}

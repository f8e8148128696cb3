import { formattedValueToString, getValueFormat } from '@grafana/data';

/** A value in the profile type's Grafana unit (ns → "1.2 s", bytes → "3.4 MiB", short → "5.6 K"). */
export function formatValue(value: number, unit: string): string {
  return formattedValueToString(getValueFormat(unit)(value, 2));
}

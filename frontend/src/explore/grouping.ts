import type { LabelSummary, ProfileType } from '../api/wire';

/** Labels by cardinality, largest first, ties by name (the backend sorts too; this keeps the UI stable). */
export function byCardinality(labels: readonly LabelSummary[]): LabelSummary[] {
  return [...labels].sort((a, b) => b.cardinality - a.cardinality || a.name.localeCompare(b.name));
}

export interface ProfileTypeGroup {
  label: string;
  options: Array<{ label: string; value: string; description: string }>;
}

/** Profile types grouped by category for a grouped Select; categories and types keep the backend's order. */
export function groupedProfileTypes(types: readonly ProfileType[]): ProfileTypeGroup[] {
  const groups = new Map<string, ProfileTypeGroup['options']>();
  for (const t of types) {
    const group = groups.get(t.category) ?? [];
    group.push({ label: t.label, value: t.id, description: t.id });
    groups.set(t.category, group);
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}

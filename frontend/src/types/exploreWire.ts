// JSON shapes of the view routes the exploration pages use (docs/api.md, "View routes").

export type ProfileCategory = 'CPU' | 'Memory' | 'Goroutines' | 'Mutex' | 'Block' | 'Lock' | 'Exceptions' | 'Other' | (string & {});

export interface ProfileType {
  id: string;
  name: string;
  sampleType: string;
  sampleUnit: string;
  periodType: string;
  periodUnit: string;
  category: ProfileCategory;
  /** Readable name, e.g. "CPU time". */
  label: string;
  /** Grafana unit id for values: ns, bytes, short. */
  unit: string;
  aggregation: 'sum' | 'average';
}

export interface SeriesStats {
  total: number;
  average: number;
  max: number;
  points: number;
}

export interface Series {
  labels: Record<string, string>;
  /** Milliseconds since the epoch, ascending; same length as values. */
  timestamps: number[];
  values: number[];
  stats: SeriesStats;
}

export interface StatsResponse {
  dataIngested: boolean;
  oldestProfileTimeMs?: number;
  newestProfileTimeMs?: number;
}

export interface ServiceInfo {
  name: string;
  profileTypes: string[];
}

export interface ServicesResponse {
  profileTypes: ProfileType[];
  services: ServiceInfo[];
}

export interface SeriesResponse {
  profileType: ProfileType;
  step: number;
  series: Series[];
  totalSeries: number;
}

export interface ServiceResponse {
  service: string;
  profileTypes: Array<{ profileType: ProfileType; series: Series }>;
}

export interface LabelSummary {
  name: string;
  cardinality: number;
  values: Array<{ value: string; total: number }>;
}

export interface LabelsResponse {
  labels: LabelSummary[];
}

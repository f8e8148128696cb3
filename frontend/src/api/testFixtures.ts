// Wire values shared by the API client's unit tests (never imported by the app).
import type { ProfileType } from './wire';

/** Go's CPU profile type as the backend describes it. */
export const CPU: ProfileType = {
  id: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
  name: 'process_cpu',
  sampleType: 'cpu',
  sampleUnit: 'nanoseconds',
  periodType: 'cpu',
  periodUnit: 'nanoseconds',
  category: 'CPU',
  label: 'CPU time',
  unit: 'ns',
  aggregation: 'sum',
};

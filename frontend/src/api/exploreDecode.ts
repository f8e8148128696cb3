import type {
  LabelsResponse,
  ProfileType,
  Series,
  SeriesResponse,
  ServiceResponse,
  ServicesResponse,
  StatsResponse,
} from '../types/exploreWire';
import { Decoder, type Json } from './decode';

// Strict decoders for the view routes: a wrong type, a missing field, mismatched columns or an
// unsorted time axis is a contract break and fails with the path of the field.

function finite(d: Decoder, value: Json, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    d.fail(where, 'a finite number', value);
  }
  return value;
}

function count(d: Decoder, value: Json, where: string): number {
  const n = finite(d, value, where);
  if (!Number.isInteger(n) || n < 0) {
    d.fail(where, 'a whole number ≥ 0', value);
  }
  return n;
}

function optionalCount(d: Decoder, value: Json, where: string): number | undefined {
  return value === undefined || value === null ? undefined : count(d, value, where);
}

export function decodeProfileType(d: Decoder, value: Json, where: string): ProfileType {
  const o = d.object(value, where);
  const id = d.nonEmptyString(o.id, `${where}.id`);
  if (id.split(':').length !== 5) {
    d.fail(`${where}.id`, 'a profile type id name:sample_type:sample_unit:period_type:period_unit', id);
  }
  return {
    id,
    name: d.string(o.name, `${where}.name`),
    sampleType: d.string(o.sampleType, `${where}.sampleType`),
    sampleUnit: d.string(o.sampleUnit, `${where}.sampleUnit`),
    periodType: d.string(o.periodType, `${where}.periodType`),
    periodUnit: d.string(o.periodUnit, `${where}.periodUnit`),
    category: d.nonEmptyString(o.category, `${where}.category`),
    label: d.nonEmptyString(o.label, `${where}.label`),
    unit: d.nonEmptyString(o.unit, `${where}.unit`),
    aggregation: d.oneOf(o.aggregation, ['sum', 'average'] as const, `${where}.aggregation`),
  };
}

export function decodeSeries(d: Decoder, value: Json, where: string): Series {
  const o = d.object(value, where);
  const labelsObject = d.object(o.labels, `${where}.labels`);
  const labels: Record<string, string> = {};
  for (const [name, v] of Object.entries(labelsObject)) {
    labels[name] = d.string(v, `${where}.labels.${name}`);
  }
  const timestamps = d.array(o.timestamps, `${where}.timestamps`).map((t, i) => count(d, t, `${where}.timestamps[${i}]`));
  const values = d.array(o.values, `${where}.values`).map((v, i) => finite(d, v, `${where}.values[${i}]`));
  if (timestamps.length !== values.length) {
    d.fail(`${where}.values`, `${timestamps.length} values (one per timestamp)`, `an array of ${values.length}`);
  }
  for (let i = 1; i < timestamps.length; i++) {
    if (timestamps[i]! <= timestamps[i - 1]!) {
      d.fail(`${where}.timestamps[${i}]`, `a time after ${timestamps[i - 1]}`, timestamps[i]);
    }
  }
  const s = d.object(o.stats, `${where}.stats`);
  return {
    labels,
    timestamps,
    values,
    stats: {
      total: finite(d, s.total, `${where}.stats.total`),
      average: finite(d, s.average, `${where}.stats.average`),
      max: finite(d, s.max, `${where}.stats.max`),
      points: count(d, s.points, `${where}.stats.points`),
    },
  };
}

export function decodeStats(route: string, body: Json): StatsResponse {
  const d = new Decoder(route);
  const o = d.object(body, 'body');
  const result: StatsResponse = { dataIngested: d.boolean(o.dataIngested, 'dataIngested') };
  const oldest = optionalCount(d, o.oldestProfileTimeMs, 'oldestProfileTimeMs');
  const newest = optionalCount(d, o.newestProfileTimeMs, 'newestProfileTimeMs');
  if (oldest !== undefined) {
    result.oldestProfileTimeMs = oldest;
  }
  if (newest !== undefined) {
    result.newestProfileTimeMs = newest;
  }
  return result;
}

export function decodeServices(route: string, body: Json): ServicesResponse {
  const d = new Decoder(route);
  const o = d.object(body, 'body');
  const profileTypes = d.array(o.profileTypes, 'profileTypes').map((t, i) => decodeProfileType(d, t, `profileTypes[${i}]`));
  const known = new Set(profileTypes.map((t) => t.id));
  const services = d.array(o.services, 'services').map((s, i) => {
    const so = d.object(s, `services[${i}]`);
    const types = d.array(so.profileTypes, `services[${i}].profileTypes`).map((t, j) => {
      const id = d.string(t, `services[${i}].profileTypes[${j}]`);
      if (!known.has(id)) {
        d.fail(`services[${i}].profileTypes[${j}]`, 'a type listed in profileTypes', id);
      }
      return id;
    });
    return { name: d.nonEmptyString(so.name, `services[${i}].name`), profileTypes: types };
  });
  return { profileTypes, services };
}

export function decodeSeriesResponse(route: string, body: Json): SeriesResponse {
  const d = new Decoder(route);
  const o = d.object(body, 'body');
  const series = d.array(o.series, 'series').map((s, i) => decodeSeries(d, s, `series[${i}]`));
  const totalSeries = count(d, o.totalSeries, 'totalSeries');
  if (totalSeries < series.length) {
    d.fail('totalSeries', `at least the ${series.length} series sent`, totalSeries);
  }
  const step = finite(d, o.step, 'step');
  if (step <= 0) {
    d.fail('step', 'a positive number of seconds', step);
  }
  return { profileType: decodeProfileType(d, o.profileType, 'profileType'), step, series, totalSeries };
}

export function decodeService(route: string, body: Json): ServiceResponse {
  const d = new Decoder(route);
  const o = d.object(body, 'body');
  return {
    service: d.nonEmptyString(o.service, 'service'),
    profileTypes: d.array(o.profileTypes, 'profileTypes').map((p, i) => {
      const po = d.object(p, `profileTypes[${i}]`);
      return {
        profileType: decodeProfileType(d, po.profileType, `profileTypes[${i}].profileType`),
        series: decodeSeries(d, po.series, `profileTypes[${i}].series`),
      };
    }),
  };
}

export function decodeLabels(route: string, body: Json): LabelsResponse {
  const d = new Decoder(route);
  const o = d.object(body, 'body');
  return {
    labels: d.array(o.labels, 'labels').map((l, i) => {
      const lo = d.object(l, `labels[${i}]`);
      return {
        name: d.nonEmptyString(lo.name, `labels[${i}].name`),
        cardinality: count(d, lo.cardinality, `labels[${i}].cardinality`),
        values: d.array(lo.values, `labels[${i}].values`).map((v, j) => {
          const vo = d.object(v, `labels[${i}].values[${j}]`);
          return { value: d.string(vo.value, `labels[${i}].values[${j}].value`), total: finite(d, vo.total, `labels[${i}].values[${j}].total`) };
        }),
      };
    }),
  };
}

export function decodeStrings(route: string, body: Json, key: 'names' | 'values'): string[] {
  const d = new Decoder(route);
  const o = d.object(body, 'body');
  return d.array(o[key], key).map((v, i) => d.string(v, `${key}[${i}]`));
}

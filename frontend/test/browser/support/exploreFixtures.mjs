// A small profile world for the exploration views' browser tests, answered in the shapes of
// docs/api.md's view routes. The numbers are generated (a deterministic pseudo-random walk), and
// `checkout` gets a CPU spike in the last third, so tests can find it from the answers.

import { CPU, diffAnswer, syntheticStacks } from './graphFixtures.mjs';

export { CPU };
export const ALLOC = {
  id: 'memory:alloc_space:bytes:space:bytes',
  name: 'memory',
  sampleType: 'alloc_space',
  sampleUnit: 'bytes',
  periodType: 'space',
  periodUnit: 'bytes',
  category: 'Memory',
  label: 'Allocated bytes',
  unit: 'bytes',
  aggregation: 'sum',
};
const TYPES = [CPU, ALLOC];
const PODS = ['pod-a', 'pod-b', 'pod-c'];

function seeded(seed) {
  let x = seed >>> 0 || 1;
  return () => (x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function hash(text) {
  let h = 2166136261;
  for (const c of text) {
    h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  }
  return h >>> 0;
}

function points(key, from, to, spike) {
  const step = Math.max(15_000, Math.floor((to - from) / 120 / 15_000) * 15_000);
  const random = seeded(hash(key));
  const timestamps = [];
  const values = [];
  const first = Math.ceil(from / step) * step;
  for (let t = first; t <= to; t += step) {
    const spiking = spike && t > from + ((to - from) * 2) / 3;
    timestamps.push(t);
    values.push(Math.round((1e9 + random() * 2e8) * (spiking ? 4 : 1)));
  }
  return { timestamps, values, step: step / 1000 };
}

export function seriesOf(labels, key, from, to, spike) {
  const { timestamps, values } = points(key, from, to, spike);
  const total = values.reduce((a, b) => a + b, 0);
  return {
    labels,
    timestamps,
    values,
    stats: { total, average: values.length ? total / values.length : 0, max: Math.max(0, ...values), points: values.length },
  };
}

export function serviceNames(count) {
  const base = ['ad', 'cart', 'checkout', 'currency', 'email', 'frontend', 'payment'];
  return count <= base.length
    ? base.slice(0, count)
    : [...base, ...Array.from({ length: count - base.length }, (_, i) => `svc-${String(i + 1).padStart(2, '0')}`)];
}

function range(url) {
  const to = Number(url.searchParams.get('to') ?? Date.now());
  const from = Number(url.searchParams.get('from') ?? to - 3_600_000);
  return { from, to };
}

function serviceOf(selector) {
  return /service_name="([^"]*)"/.exec(selector ?? '')?.[1];
}

/** `email` sends CPU profiles only; every other service sends every type. */
function typesOf(service) {
  return service === 'email' ? [CPU] : TYPES;
}

/**
 * Route answers for a world of `count` services. `instances` > 0 adds an `instance` label with that
 * many values (the Labels page with many rows, for `make bench/ui`).
 */
export function exploreRoutes({ count = 7, ingested = true, instances = 0 } = {}) {
  const services = serviceNames(count);
  const INSTANCES = Array.from({ length: instances }, (_, i) => `instance-${String(i + 1).padStart(3, '0')}`);
  return {
    favorites: () => ({ body: { favorites: [] } }),
    settings: () => ({
      body: {
        maxNodes: 16384,
        collapsedFrames: true,
        defaultProfileType: null,
        defaultRange: 'now-1h',
        sourceLinkTemplate: null,
        sourceLinkVersionLabel: null,
      },
    }),
    // The walk ends on the diff view: a diff of two synthetic selections, so that view renders too.
    diff: () => ({ body: diffAnswer(syntheticStacks(200, { seed: 3 }), syntheticStacks(200, { seed: 5 })) }),
    stats: () => ({ body: ingested ? { dataIngested: true, oldestProfileTimeMs: 1, newestProfileTimeMs: 2 } : { dataIngested: false } }),
    services: () => ({ body: { profileTypes: TYPES, services: services.map((name) => ({ name, profileTypes: typesOf(name).map((t) => t.id) })) } }),
    series: (url) => {
      const { from, to } = range(url);
      const type = TYPES.find((t) => t.id === url.searchParams.get('profileType'));
      if (!type) {
        return { status: 400, body: { message: "parameter 'profileType': required", kind: 'bad_request' } };
      }
      const groupBy = url.searchParams.get('groupBy');
      const selector = url.searchParams.get('selector') ?? '{}';
      const service = serviceOf(selector);
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      let groups;
      if (groupBy === 'service_name') {
        groups = services
          .filter((name) => typesOf(name).includes(type))
          .map((name) => ({ labels: { service_name: name }, key: `${name}/${type.id}`, spike: name === 'checkout' && type === CPU }));
      } else if (groupBy === 'pod') {
        const pods = PODS.filter((p) => !new RegExp(`pod!="${p}"`).test(selector) && (!/pod="/.test(selector) || selector.includes(`pod="${p}"`)));
        groups = pods.map((pod) => ({ labels: { pod }, key: `${service}/${pod}/${type.id}`, spike: service === 'checkout' && pod === 'pod-b' }));
      } else if (groupBy === 'instance') {
        groups = INSTANCES.map((instance) => ({ labels: { instance }, key: `${service}/${instance}/${type.id}`, spike: false }));
      } else if (groupBy === 'region') {
        groups = [{ labels: { region: 'eu-west' }, key: `${service}/eu-west/${type.id}`, spike: service === 'checkout' }];
      } else {
        groups = [{ labels: {}, key: `${service}/${type.id}`, spike: false }];
      }
      const series = groups.map((g) => seriesOf(g.labels, g.key, from, to, g.spike)).sort((a, b) => b.stats.total - a.stats.total);
      return { body: { profileType: type, step: points('x', from, to).step, series: series.slice(0, limit), totalSeries: series.length } };
    },
    service: (url) => {
      const { from, to } = range(url);
      const name = url.searchParams.get('service');
      return {
        body: {
          service: name,
          step: 15,
          profileTypes: typesOf(name).map((t) => ({
            profileType: t,
            series: seriesOf({ service_name: name }, `${name}/${t.id}`, from, to, name === 'checkout' && t === CPU),
          })),
        },
      };
    },
    labels: () => ({
      body: {
        labels: [
          { name: 'pod', cardinality: 3, values: PODS.map((value, i) => ({ value, total: 3e11 - i * 1e11 })) },
          { name: 'region', cardinality: 1, values: [{ value: 'eu-west', total: 6e11 }] },
          ...(instances > 0
            ? [{ name: 'instance', cardinality: instances, values: INSTANCES.slice(0, 10).map((value, i) => ({ value, total: 1e10 - i })) }]
            : []),
        ],
      },
    }),
    'label-names': () => ({ body: { names: ['pod', 'region', 'service_name'] } }),
    'label-values': (url) => ({ body: { values: url.searchParams.get('name') === 'pod' ? PODS : ['eu-west'] } }),
  };
}

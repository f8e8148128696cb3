import { z } from 'zod';

import { WireFormatError } from './errors';
import type { components } from './wire.gen';

// Runtime checks of the routes' answers, written once with zod. The types come from the contract
// (docs/openapi.yaml → wire.gen.ts, `npm run generate:api`); each schema is declared against its
// generated type, so a contract change that the checks do not follow fails `tsc`. Beyond the types,
// the schemas check what the views rely on and the contract states in prose: one root and depth-first
// order in a nested set, columns of one length, label indices inside `labels`, timestamps ascending.

type S = components['schemas'];

/** Exactly the generated type, in both directions (a schema may not be looser or stricter in shape). */
type Exactly<T> = z.ZodType<T, T>;

const count = z.number().int().min(0);
const finite = z.number();
const name = z.string().refine((s) => s.trim() !== '', 'expected a non-empty string');

export const profileTypeSchema = z.object({
  id: z.string().refine((id) => id.split(':').length === 5, 'expected a profile type id name:sample_type:sample_unit:period_type:period_unit'),
  name: z.string(),
  sampleType: z.string(),
  sampleUnit: z.string(),
  periodType: z.string(),
  periodUnit: z.string(),
  category: z.enum(['CPU', 'Memory', 'Goroutines', 'Mutex', 'Block', 'Lock', 'Exceptions', 'Other']),
  label: name,
  unit: z.enum(['ns', 'µs', 'ms', 's', 'bytes', 'short']),
  aggregation: z.enum(['sum', 'average']),
}) satisfies Exactly<S['ProfileType']>;

/**
 * A column of numbers checked in one loop. zod's per-element schemas cost about a microsecond an
 * element, and All services' answer (50 series of 120 points, two columns each) was the largest
 * single check on the page's start; the messages are the ones the per-element schemas gave.
 */
function numberColumn(kind: 'count' | 'number') {
  return z.custom<number[]>(Array.isArray, { error: (issue) => `expected an array, got ${describe(issue.input)}` }).superRefine((column, ctx) => {
    for (let i = 0; i < column.length; i++) {
      const x: unknown = column[i];
      const ok = typeof x === 'number' && Number.isFinite(x) && (kind === 'number' || (Number.isInteger(x) && x >= 0));
      if (!ok) {
        const expected = typeof x !== 'number' ? 'a finite number' : 'a whole number ≥ 0';
        ctx.addIssue({ code: 'custom', path: [i], message: `expected ${expected}, got ${describe(x)}` });
        return;
      }
    }
  });
}

export const seriesSchema = z
  .object({
    labels: z.record(z.string(), z.string()),
    timestamps: numberColumn('count'),
    values: numberColumn('number'),
    stats: z.object({ total: finite, average: finite, max: finite, points: count }),
  })
  .superRefine((s, ctx) => {
    if (s.values.length !== s.timestamps.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['values'],
        message: `expected ${s.timestamps.length} values (one per timestamp), got an array of ${s.values.length}`,
      });
    }
    for (let i = 1; i < s.timestamps.length; i++) {
      if (s.timestamps[i]! <= s.timestamps[i - 1]!) {
        ctx.addIssue({ code: 'custom', path: ['timestamps', i], message: `expected a time after ${s.timestamps[i - 1]}, got ${describe(s.timestamps[i])}` });
        return;
      }
    }
  }) satisfies Exactly<S['Series']>;

export const statsSchema = z.object({
  dataIngested: z.boolean(),
  oldestProfileTimeMs: count.optional(),
  newestProfileTimeMs: count.optional(),
}) satisfies Exactly<S['StatsAnswer']>;

export const serviceListSchema = z
  .object({ profileTypes: z.array(profileTypeSchema), services: z.array(z.object({ name, profileTypes: z.array(z.string()) })) })
  .superRefine((o, ctx) => {
    const known = new Set(o.profileTypes.map((t) => t.id));
    o.services.forEach((s, i) =>
      s.profileTypes.forEach((t, j) => {
        if (!known.has(t)) {
          ctx.addIssue({ code: 'custom', path: ['services', i, 'profileTypes', j], message: `expected a type listed in profileTypes, got ${describe(t)}` });
        }
      })
    );
  }) satisfies Exactly<S['ServiceList']>;

export const seriesAnswerSchema = z
  .object({
    profileType: profileTypeSchema,
    step: z.number().positive('expected a positive number of seconds'),
    series: z.array(seriesSchema),
    totalSeries: count,
  })
  .superRefine((o, ctx) => {
    if (o.totalSeries < o.series.length) {
      ctx.addIssue({ code: 'custom', path: ['totalSeries'], message: `expected at least the ${o.series.length} series sent, got ${describe(o.totalSeries)}` });
    }
  }) satisfies Exactly<S['SeriesAnswer']>;

export const serviceAnswerSchema = z.object({
  service: name,
  step: z.number().positive('expected a positive number of seconds'),
  profileTypes: z.array(z.object({ profileType: profileTypeSchema, series: seriesSchema })),
}) satisfies Exactly<S['ServiceAnswer']>;

export const labelsSchema = z.object({
  labels: z.array(z.object({ name, cardinality: count, values: z.array(z.object({ value: z.string(), total: finite })) })),
}) satisfies Exactly<S['LabelsAnswer']>;

export const labelNamesSchema = z.object({ names: z.array(z.string()) }) satisfies Exactly<S['LabelNameList']>;
export const labelValuesSchema = z.object({ values: z.array(z.string()) }) satisfies Exactly<S['LabelValueList']>;

const kind = z.enum(['embedded', 'pyroscope']);
const healthStatus = z.enum(['ok', 'error']);

export const dataSourcesSchema = z
  .object({
    datasources: z.array(
      z.object({ uid: name, name, kind, url: z.string().optional(), tenant: z.string().optional(), default: z.boolean(), hasCredentials: z.boolean() })
    ),
  })
  .superRefine((o, ctx) => {
    const seen = new Set<string>();
    o.datasources.forEach((ds, i) => {
      if (seen.has(ds.uid)) {
        ctx.addIssue({
          code: 'custom',
          path: ['datasources', i, 'uid'],
          message: `expected a uid not used by an earlier data source, got ${describe(ds.uid)}`,
        });
      }
      seen.add(ds.uid);
    });
  }) satisfies Exactly<S['DataSourceList']>;

export const healthSchema = z.object({
  status: healthStatus,
  message: z.string(),
  sources: z.array(z.object({ uid: name, name, kind, status: healthStatus, message: z.string() })),
}) satisfies Exactly<S['HealthReport']>;

/** The nested-set invariants shared by plain and diff flame graphs. */
function checkNestedSet(g: { labels: string[]; level: number[]; label: number[] }, columns: Record<string, number[]>, ctx: z.RefinementCtx): void {
  const rows = g.level.length;
  for (const [column, values] of Object.entries({ label: g.label, ...columns })) {
    if (values.length !== rows) {
      ctx.addIssue({ code: 'custom', path: [column], message: `expected ${rows} rows (as many as level), got ${values.length} rows` });
      return;
    }
  }
  for (let i = 0; i < rows; i++) {
    const level = g.level[i]!;
    if (i === 0 ? level !== 0 : level === 0 || level > g.level[i - 1]! + 1) {
      const message =
        i === 0
          ? 'expected the root at level 0'
          : level === 0
            ? 'expected one root only'
            : `expected a level between 0 and ${g.level[i - 1]! + 1} (depth-first order)`;
      ctx.addIssue({ code: 'custom', path: ['level', i], message: `${message}, got ${describe(level)}` });
      return;
    }
    if (g.label[i]! >= g.labels.length) {
      ctx.addIssue({ code: 'custom', path: ['label', i], message: `expected an index into labels (0 … ${g.labels.length - 1}), got ${describe(g.label[i])}` });
      return;
    }
  }
}

const fraction = z.number().min(0, 'expected a fraction between 0 and 1').max(1, 'expected a fraction between 0 and 1');

export const flameGraphSchema = z
  .object({
    labels: z.array(z.string()),
    level: z.array(count),
    value: z.array(count),
    self: z.array(count),
    label: z.array(count),
    total: count,
    otherTotal: count,
    truncatedFraction: fraction,
  })
  .superRefine((g, ctx) => {
    checkNestedSet(g, { value: g.value, self: g.self }, ctx);
    for (let i = 0; i < g.self.length; i++) {
      if (g.self[i]! > g.value[i]!) {
        ctx.addIssue({
          code: 'custom',
          path: ['self', i],
          message: `expected a value between 0 and the node's total ${g.value[i]}, got ${describe(g.self[i])}`,
        });
        return;
      }
    }
  }) satisfies Exactly<S['FlameGraph']>;

export const diffFlameGraphSchema = z
  .object({
    labels: z.array(z.string()),
    level: z.array(count),
    label: z.array(count),
    self: z.array(count),
    value: z.array(count),
    selfRight: z.array(count),
    valueRight: z.array(count),
    leftTotal: count,
    rightTotal: count,
    truncatedFraction: fraction,
  })
  .superRefine((g, ctx) => checkNestedSet(g, { value: g.value, self: g.self, valueRight: g.valueRight, selfRight: g.selfRight }, ctx)) satisfies Exactly<
  S['DiffFlameGraph']
>;

export const functionTableSchema = z.object({
  rows: z.array(z.object({ name: z.string(), self: count, total: count })),
  count,
  total: count,
}) satisfies Exactly<S['FunctionTable']>;

export const diffFunctionTableSchema = z.object({
  rows: z.array(z.object({ name: z.string(), baselineSelf: count, baselineTotal: count, comparisonSelf: count, comparisonTotal: count })),
  count,
  baselineTotal: count,
  comparisonTotal: count,
}) satisfies Exactly<S['DiffFunctionTable']>;

export const flameGraphAnswerSchema = z.object({
  profileType: profileTypeSchema,
  flamegraph: flameGraphSchema,
  functions: functionTableSchema,
}) satisfies Exactly<S['FlameGraphAnswer']>;

export const diffAnswerSchema = z.object({
  profileType: profileTypeSchema,
  comparisonProfileType: profileTypeSchema.optional(),
  flamegraph: diffFlameGraphSchema,
  functions: diffFunctionTableSchema,
}) satisfies Exactly<S['DiffAnswer']>;

export const sandwichAnswerSchema = z.object({
  profileType: profileTypeSchema,
  function: z.string(),
  self: count,
  total: count,
  callers: flameGraphSchema,
  callees: flameGraphSchema,
}) satisfies Exactly<S['SandwichAnswer']>;

const valueUnit = z.enum(['ns', 'µs', 'ms', 's', 'bytes', 'short']);

const neighbourSchema = z.object({ name, self: count, total: count, share: z.number().min(0).max(1) }) satisfies Exactly<S['FunctionNeighbour']>;

export const functionDetailsSchema = z
  .object({
    function: name,
    unit: valueUnit,
    self: count,
    total: count,
    lines: z.array(z.object({ file: z.string(), line: count, self: count, total: count, url: z.string().optional() }) satisfies Exactly<S['FunctionLine']>),
    callers: z.array(neighbourSchema),
    callees: z.array(neighbourSchema),
  })
  .superRefine((d, ctx) => {
    if (d.self > d.total) {
      ctx.addIssue({ code: 'custom', path: ['self'], message: `expected at most total (${d.total}), got ${d.self}` });
    }
    // The drawer lists lines in the order sent; the contract sorts them by file, then line.
    for (let i = 1; i < d.lines.length; i++) {
      const a = d.lines[i - 1]!;
      const b = d.lines[i]!;
      if (a.file > b.file || (a.file === b.file && a.line > b.line)) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', i],
          message: `expected lines sorted by file then line, got ${b.file}:${b.line} after ${a.file}:${a.line}`,
        });
        return;
      }
    }
  }) satisfies Exactly<S['FunctionDetailsAnswer']>;

export const callTreeSchema = z
  .object({
    unit: valueUnit,
    total: count,
    truncated: count,
    nodes: z.array(z.object({ name: z.string(), depth: count, self: count, total: count }) satisfies Exactly<S['CallTreeNode']>),
  })
  .superRefine((t, ctx) => {
    // Pre-order: a node is a root or one level below the node before it, or climbs back up.
    for (let i = 0; i < t.nodes.length; i++) {
      const depth = t.nodes[i]!.depth;
      const max = i === 0 ? 0 : t.nodes[i - 1]!.depth + 1;
      if (depth > max) {
        ctx.addIssue({ code: 'custom', path: ['nodes', i, 'depth'], message: `expected a depth of at most ${max} (depth-first pre-order), got ${depth}` });
        return;
      }
    }
  }) satisfies Exactly<S['CallTreeAnswer']>;

export const adhocProfileSchema = z.object({
  id: name,
  name: z.string(),
  profileTypes: z.array(profileTypeSchema),
  uploadedAtMs: count,
  expiresAtMs: count,
}) satisfies Exactly<S['AdhocProfile']>;

export const adhocListSchema = z.object({ profiles: z.array(adhocProfileSchema) }) satisfies Exactly<S['AdhocProfileList']>;

export const FAVORITE_VIEWS = ['all-services', 'service', 'labels', 'flame-graph', 'diff'] as const satisfies ReadonlyArray<S['FavoriteView']>;

export const favoriteSchema = z.object({
  id: name,
  datasource: z.string().optional(),
  view: z.enum(FAVORITE_VIEWS),
  profileType: name,
  service: z.string().optional(),
  selector: z.string().optional(),
  groupBy: z.string().optional(),
  title: z.string().optional(),
  createdMs: count,
}) satisfies Exactly<S['Favorite']>;

export const favoriteListSchema = z.object({ favorites: z.array(favoriteSchema) }) satisfies Exactly<S['FavoriteList']>;

export const userSettingsSchema = z.object({
  maxNodes: z.number().int().min(1),
  collapsedFrames: z.boolean(),
  defaultProfileType: z.string().nullable(),
  defaultRange: name,
  sourceLinkTemplate: z.string().nullable(),
  sourceLinkVersionLabel: z.string().nullable(),
}) satisfies Exactly<S['UserSettings']>;

/**
 * The user's own frame-filter presets, kept with the settings as `framePresets`. Not in the contract
 * yet (the settings route refuses unknown fields today): a server whose settings answer carries the
 * field stores presets, one without it does not, and the page says so instead of saving.
 */
const presetRegex = z.string().max(4096).optional();
export const framePresetsSchema = z
  .array(
    z.object({
      name,
      focus: presetRegex,
      ignore: presetRegex,
      hide: presetRegex,
      show: presetRegex,
      granularity: z.enum(['functions', 'filefunctions', 'lines', 'files']).optional(),
    })
  )
  .max(100);

/** Checks `body` against `schema`; a mismatch is a WireFormatError naming the first bad field and what was there. */
export function parseAnswer<T>(schema: z.ZodType<T>, route: string, body: unknown): T {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) {
    return result.data;
  }
  const issue = result.error.issues[0]!;
  throw new WireFormatError(route, `${fieldPath(issue.path)}: ${describeIssue(issue)}`);
}

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) {
    return 'body';
  }
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

const EXPECTED: Record<string, string> = {
  number: 'a finite number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  int: 'a whole number',
  record: 'an object',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describe(issue.input)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'string') {
        return `expected a non-empty string, got ${describe(issue.input)}`;
      }
      return issue.message.startsWith('expected')
        ? `${issue.message}, got ${describe(issue.input)}`
        : `expected a whole number ≥ ${String(issue.minimum)}, got ${describe(issue.input)}`;
    case 'custom':
      return issue.message.includes(', got ') ? issue.message : `${issue.message}, got ${describe(issue.input)}`;
    default:
      return issue.message.startsWith('expected') || issue.message.startsWith('Invalid') ? `${issue.message}, got ${describe(issue.input)}` : issue.message;
  }
}

/** What was there, short: `the string "x"`, `number 3`, `null`, `nothing (the field is missing)`. */
export function describe(value: unknown): string {
  if (value === undefined) {
    return 'nothing (the field is missing)';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

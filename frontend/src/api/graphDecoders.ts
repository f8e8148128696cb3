import type {
  AdhocProfile,
  DiffFlameGraph,
  DiffFunctionTable,
  DiffResponse,
  Favorite,
  FavoriteView,
  FlameGraph,
  FlameGraphResponse,
  FunctionTable,
  SandwichResponse,
  UserSettings,
} from '../types/graphWire';
import { NumberDecoder, type Json } from './decode';
import { decodeProfileType, decodeSeries, decodeSeriesResponse } from './exploreDecode';

// The profile type and series shapes are shared with the exploration routes: one decoder each.
export { decodeProfileType, decodeSeries, decodeSeriesResponse };

// Strict decoders for the graph routes. Beyond types they check what the views rely on: columns of one
// length, label indices inside `labels`, a depth-first nested set (root at level 0, each row at most one
// level below the row before), and series whose timestamps ascend.

export const FAVORITE_VIEWS: readonly FavoriteView[] = ['all-services', 'service', 'labels', 'flame-graph', 'diff'];

/** Checks the columns shared by plain and diff flame graphs; returns the row count. */
function checkNestedSet(d: NumberDecoder, labels: string[], level: number[], label: number[], columns: Record<string, number[]>, where: string): void {
  const rows = level.length;
  for (const [name, column] of Object.entries({ label, ...columns })) {
    if (column.length !== rows) {
      d.fail(`${where}.${name}`, `${rows} rows (as many as level)`, `${column.length} rows` as Json);
    }
  }
  if (rows > 0 && level[0] !== 0) {
    d.fail(`${where}.level[0]`, 'the root at level 0', level[0]);
  }
  for (let i = 0; i < rows; i++) {
    if (level[i]! < 0 || (i > 0 && level[i]! > level[i - 1]! + 1)) {
      d.fail(`${where}.level[${i}]`, `a level between 0 and ${i > 0 ? level[i - 1]! + 1 : 0} (depth-first order)`, level[i]);
    }
    if (i > 0 && level[i] === 0) {
      d.fail(`${where}.level[${i}]`, 'one root only', level[i]);
    }
    const l = label[i]!;
    if (l < 0 || l >= labels.length) {
      d.fail(`${where}.label[${i}]`, `an index into labels (0 … ${labels.length - 1})`, l);
    }
  }
}

export function decodeFlameGraph(d: NumberDecoder, value: Json, where: string): FlameGraph {
  const o = d.object(value, where);
  const labels = d.strings(o.labels, `${where}.labels`);
  const level = d.numbers(o.level, `${where}.level`, true);
  const values = d.numbers(o.value, `${where}.value`, true);
  const self = d.numbers(o.self, `${where}.self`, true);
  const label = d.numbers(o.label, `${where}.label`, true);
  checkNestedSet(d, labels, level, label, { value: values, self }, where);
  for (let i = 0; i < level.length; i++) {
    if (self[i]! < 0 || self[i]! > values[i]!) {
      d.fail(`${where}.self[${i}]`, `a value between 0 and the node's total ${values[i]}`, self[i]);
    }
  }
  const truncatedFraction = d.number(o.truncatedFraction, `${where}.truncatedFraction`);
  if (truncatedFraction < 0 || truncatedFraction > 1) {
    d.fail(`${where}.truncatedFraction`, 'a fraction between 0 and 1', truncatedFraction);
  }
  return {
    labels,
    level,
    value: values,
    self,
    label,
    total: d.integer(o.total, `${where}.total`, 0),
    otherTotal: d.integer(o.otherTotal, `${where}.otherTotal`, 0),
    truncatedFraction,
  };
}

export function decodeDiffFlameGraph(d: NumberDecoder, value: Json, where: string): DiffFlameGraph {
  const o = d.object(value, where);
  const labels = d.strings(o.labels, `${where}.labels`);
  const level = d.numbers(o.level, `${where}.level`, true);
  const label = d.numbers(o.label, `${where}.label`, true);
  const values = d.numbers(o.value, `${where}.value`, true);
  const self = d.numbers(o.self, `${where}.self`, true);
  const valueRight = d.numbers(o.valueRight, `${where}.valueRight`, true);
  const selfRight = d.numbers(o.selfRight, `${where}.selfRight`, true);
  checkNestedSet(d, labels, level, label, { value: values, self, valueRight, selfRight }, where);
  const truncatedFraction = d.number(o.truncatedFraction, `${where}.truncatedFraction`);
  if (truncatedFraction < 0 || truncatedFraction > 1) {
    d.fail(`${where}.truncatedFraction`, 'a fraction between 0 and 1', truncatedFraction);
  }
  return {
    labels,
    level,
    value: values,
    self,
    valueRight,
    selfRight,
    label,
    leftTotal: d.integer(o.leftTotal, `${where}.leftTotal`, 0),
    rightTotal: d.integer(o.rightTotal, `${where}.rightTotal`, 0),
    truncatedFraction,
  };
}

function decodeFunctionTable(d: NumberDecoder, value: Json, where: string): FunctionTable {
  const o = d.object(value, where);
  return {
    rows: d.array(o.rows, `${where}.rows`).map((r, i) => {
      const row = d.object(r, `${where}.rows[${i}]`);
      return {
        name: d.string(row.name, `${where}.rows[${i}].name`),
        self: d.integer(row.self, `${where}.rows[${i}].self`, 0),
        total: d.integer(row.total, `${where}.rows[${i}].total`, 0),
      };
    }),
    count: d.integer(o.count, `${where}.count`, 0),
    total: d.integer(o.total, `${where}.total`, 0),
  };
}

function decodeDiffFunctionTable(d: NumberDecoder, value: Json, where: string): DiffFunctionTable {
  const o = d.object(value, where);
  return {
    rows: d.array(o.rows, `${where}.rows`).map((r, i) => {
      const w = `${where}.rows[${i}]`;
      const row = d.object(r, w);
      return {
        name: d.string(row.name, `${w}.name`),
        baselineSelf: d.integer(row.baselineSelf, `${w}.baselineSelf`, 0),
        baselineTotal: d.integer(row.baselineTotal, `${w}.baselineTotal`, 0),
        comparisonSelf: d.integer(row.comparisonSelf, `${w}.comparisonSelf`, 0),
        comparisonTotal: d.integer(row.comparisonTotal, `${w}.comparisonTotal`, 0),
      };
    }),
    count: d.integer(o.count, `${where}.count`, 0),
    baselineTotal: d.integer(o.baselineTotal, `${where}.baselineTotal`, 0),
    comparisonTotal: d.integer(o.comparisonTotal, `${where}.comparisonTotal`, 0),
  };
}

export function decodeFlameGraphResponse(route: string, body: Json): FlameGraphResponse {
  const d = new NumberDecoder(route);
  const root = d.object(body, 'body');
  return {
    profileType: decodeProfileType(d, root.profileType, 'profileType'),
    flamegraph: decodeFlameGraph(d, root.flamegraph, 'flamegraph'),
    functions: decodeFunctionTable(d, root.functions, 'functions'),
  };
}

export function decodeSandwichResponse(route: string, body: Json): SandwichResponse {
  const d = new NumberDecoder(route);
  const root = d.object(body, 'body');
  return {
    profileType: decodeProfileType(d, root.profileType, 'profileType'),
    function: d.string(root.function, 'function'),
    self: d.integer(root.self, 'self', 0),
    total: d.integer(root.total, 'total', 0),
    callers: decodeFlameGraph(d, root.callers, 'callers'),
    callees: decodeFlameGraph(d, root.callees, 'callees'),
  };
}

export function decodeDiffResponse(route: string, body: Json): DiffResponse {
  const d = new NumberDecoder(route);
  const root = d.object(body, 'body');
  return {
    profileType: decodeProfileType(d, root.profileType, 'profileType'),
    flamegraph: decodeDiffFlameGraph(d, root.flamegraph, 'flamegraph'),
    functions: decodeDiffFunctionTable(d, root.functions, 'functions'),
  };
}

function decodeAdhocProfile(d: NumberDecoder, value: Json, where: string): AdhocProfile {
  const o = d.object(value, where);
  const profile: AdhocProfile = {
    id: d.nonEmptyString(o.id, `${where}.id`),
    name: d.string(o.name, `${where}.name`),
    profileTypes: d.array(o.profileTypes, `${where}.profileTypes`).map((t, i) => decodeProfileType(d, t, `${where}.profileTypes[${i}]`)),
    expiresAtMs: d.integer(o.expiresAtMs, `${where}.expiresAtMs`, 0),
  };
  const uploaded = d.optionalNumber(o.uploadedAtMs, `${where}.uploadedAtMs`);
  if (uploaded !== undefined) {
    profile.uploadedAtMs = uploaded;
  }
  return profile;
}

export function decodeAdhocUpload(route: string, body: Json): AdhocProfile {
  return decodeAdhocProfile(new NumberDecoder(route), body, 'body');
}

export function decodeAdhocList(route: string, body: Json): AdhocProfile[] {
  const d = new NumberDecoder(route);
  const root = d.object(body, 'body');
  return d.array(root.profiles, 'profiles').map((p, i) => decodeAdhocProfile(d, p, `profiles[${i}]`));
}

export function decodeFavorite(d: NumberDecoder, value: Json, where: string): Favorite {
  const o = d.object(value, where);
  const favorite: Favorite = {
    id: d.nonEmptyString(o.id, `${where}.id`),
    view: d.oneOf(o.view, FAVORITE_VIEWS, `${where}.view`),
    profileType: d.nonEmptyString(o.profileType, `${where}.profileType`),
    createdMs: d.integer(o.createdMs, `${where}.createdMs`, 0),
  };
  for (const key of ['datasource', 'service', 'selector', 'groupBy', 'title'] as const) {
    const text = d.optionalString(o[key], `${where}.${key}`);
    if (text !== undefined) {
      favorite[key] = text;
    }
  }
  return favorite;
}

export function decodeFavorites(route: string, body: Json): Favorite[] {
  const d = new NumberDecoder(route);
  const root = d.object(body, 'body');
  return d.array(root.favorites, 'favorites').map((f, i) => decodeFavorite(d, f, `favorites[${i}]`));
}

export function decodeSettings(route: string, body: Json): UserSettings {
  const d = new NumberDecoder(route);
  const root = d.object(body, 'body');
  const maxNodes = d.integer(root.maxNodes, 'maxNodes', 1);
  return {
    maxNodes,
    collapsedFrames: d.boolean(root.collapsedFrames, 'collapsedFrames'),
    defaultProfileType: d.optionalString(root.defaultProfileType, 'defaultProfileType') ?? null,
    defaultRange: d.nonEmptyString(root.defaultRange, 'defaultRange'),
  };
}

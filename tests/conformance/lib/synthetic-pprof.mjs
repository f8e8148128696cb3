// A synthetic pprof profile (perftools.profiles.Profile, google/pprof proto/profile.proto) built in the
// test, and its folded stacks computed here independently of Hotpath, following the folded contract in
// docs: one line per distinct stack, frames root first joined by ';', a space, the summed value; a
// location's inlined lines expanded caller first; a location without lines or with an empty function
// name written 0x<address in lowercase hex>; zero-sum stacks left out; lines in ordinal order; sample
// type = the profile's default_sample_type, else its last one.
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

const u64 = (id) => ({ type: 'uint64', id });
const i64 = (id) => ({ type: 'int64', id });
const profileSchema = protobuf.Root.fromJSON({
  nested: {
    perftools: { nested: { profiles: { nested: {
      Profile: { fields: {
        sample_type: { rule: 'repeated', type: 'ValueType', id: 1 },
        sample: { rule: 'repeated', type: 'Sample', id: 2 },
        mapping: { rule: 'repeated', type: 'Mapping', id: 3 },
        location: { rule: 'repeated', type: 'Location', id: 4 },
        function: { rule: 'repeated', type: 'Function', id: 5 },
        string_table: { rule: 'repeated', type: 'string', id: 6 },
        time_nanos: i64(9),
        duration_nanos: i64(10),
        period_type: { type: 'ValueType', id: 11 },
        period: i64(12),
        default_sample_type: i64(14),
      } },
      ValueType: { fields: { type: i64(1), unit: i64(2) } },
      Sample: { fields: {
        location_id: { rule: 'repeated', type: 'uint64', id: 1 },
        value: { rule: 'repeated', type: 'int64', id: 2 },
        label: { rule: 'repeated', type: 'Label', id: 3 },
      } },
      Label: { fields: { key: i64(1), str: i64(2), num: i64(3), num_unit: i64(4) } },
      Mapping: { fields: { id: u64(1), memory_start: u64(2), memory_limit: u64(3), file_offset: u64(4), filename: i64(5), build_id: i64(6), has_functions: { type: 'bool', id: 7 } } },
      Location: { fields: { id: u64(1), mapping_id: u64(2), address: u64(3), line: { rule: 'repeated', type: 'Line', id: 4 } } },
      Line: { fields: { function_id: u64(1), line: i64(2) } },
      Function: { fields: { id: u64(1), name: i64(2), system_name: i64(3), filename: i64(4), start_line: i64(5) } },
    } } } },
  },
});
const Profile = profileSchema.lookupType('perftools.profiles.Profile');

/** Small deterministic PRNG (mulberry32) so every run builds the same profile. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds the profile model (plain objects). Sizes are chosen so that the folded text is several MiB.
 * Includes: inlined frames, address-only locations, an empty function name, duplicate stacks reached
 * through different locations, zero-value samples.
 */
export function buildSyntheticProfile({ samples = 10_000, functions = 2_500, locations = 4_000, seed = 20261121 } = {}) {
  const random = prng(seed);
  const pick = (n) => Math.floor(random() * n);
  const strings = [''];
  const intern = (s) => { strings.push(s); return strings.length - 1; };

  const sampleTypes = [
    { type: intern('samples'), unit: intern('count') },
    { type: intern('cpu'), unit: intern('nanoseconds') },
  ];
  const file = intern('main.go');
  const fns = [];
  for (let i = 1; i <= functions; i++) {
    const name = i === 7 ? '' : `github.com/acme/svc${i % 13}/pkg${i % 29}.(*Worker${i % 7}).Step${i}`;
    fns.push({ id: i, name: intern(name), system_name: 0, filename: file, start_line: i });
  }
  const locs = [];
  for (let i = 1; i <= locations; i++) {
    const address = 0x401000 + i * 0x24;
    const kind = i % 50;
    let line;
    if (kind === 0) line = []; // address only
    else if (kind === 1) line = [{ function_id: 7, line: 3 }]; // empty function name
    else if (kind < 7) line = [{ function_id: 1 + pick(functions), line: 10 }, { function_id: 1 + pick(functions), line: 20 }]; // inlined: callee first
    else line = [{ function_id: 1 + pick(functions), line: 1 + pick(500) }];
    locs.push({ id: i, mapping_id: 1, address, line });
  }
  const sampleList = [];
  for (let i = 0; i < samples; i++) {
    let location_id;
    if (i > 0 && i % 97 === 0) {
      location_id = [...sampleList[pick(sampleList.length)].location_id]; // exact duplicate stack
    } else {
      const depth = 4 + pick(17);
      location_id = Array.from({ length: depth }, () => 1 + pick(locations)); // leaf first
    }
    const count = i % 41 === 0 ? 0 : 1 + pick(5);
    sampleList.push({ location_id, value: [count, count * 10_000_000 + pick(1000) * (count > 0 ? 1 : 0)] });
  }
  return {
    sample_type: sampleTypes,
    sample: sampleList,
    mapping: [{ id: 1, memory_start: 0x400000, memory_limit: 0x900000, file_offset: 0, filename: intern('/usr/bin/svc'), build_id: 0, has_functions: true }],
    location: locs,
    function: fns,
    string_table: strings,
    time_nanos: 1_700_000_000_000_000_000n.toString(),
    duration_nanos: 10_000_000_000,
    period_type: { type: sampleTypes[1].type, unit: sampleTypes[1].unit },
    period: 10_000_000,
  };
}

export function encodeProfile(profile, { gzip = true } = {}) {
  const bytes = Buffer.from(Profile.encode(Profile.fromObject(profile)).finish());
  return gzip ? gzipSync(bytes) : bytes;
}

/** The folded lines (without newlines) the contract prescribes for this profile. */
export function expectedFolded(profile) {
  const names = profile.string_table;
  const fnName = new Map(profile.function.map((f) => [f.id, names[f.name]]));
  const locById = new Map(profile.location.map((l) => [l.id, l]));
  const valueIndex = profile.default_sample_type
    ? profile.sample_type.findIndex((t) => t.type === profile.default_sample_type)
    : profile.sample_type.length - 1;
  const sums = new Map();
  for (const s of profile.sample) {
    const frames = [];
    for (let i = s.location_id.length - 1; i >= 0; i--) {
      const loc = locById.get(s.location_id[i]);
      const hex = `0x${loc.address.toString(16)}`;
      if (loc.line.length === 0) { frames.push(hex); continue; }
      for (let j = loc.line.length - 1; j >= 0; j--) {
        const name = fnName.get(loc.line[j].function_id);
        frames.push(name ? name : hex);
      }
    }
    const key = frames.join(';');
    sums.set(key, (sums.get(key) ?? 0n) + BigInt(s.value[valueIndex]));
  }
  const lines = [];
  for (const [key, sum] of sums) if (sum !== 0n) lines.push(`${key} ${sum}`);
  return lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// A minimal pprof encoder (perftools.profiles.Profile, google/pprof's proto/profile.proto) for tests
// that need profiles with files and lines: each stack is a list of frames root first, each frame a
// function, its file and its line; one location per distinct frame. Only the fields the profile
// needs are written: sample_type, sample, location, function, string_table, time, duration, period.

function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) {
      byte |= 0x80;
    }
    out.push(byte);
  } while (v > 0n);
  return out;
}

const key = (field, wire) => varint((field << 3) | wire);
const int = (field, n) => [...key(field, 0), ...varint(n)];
const bytes = (field, data) => [...key(field, 2), ...varint(data.length), ...data];
const packed = (field, values) =>
  bytes(
    field,
    values.flatMap((v) => varint(v))
  );

/**
 * `stacks`: [{ frames: [{ fn, file, line }, …root first], value }]; `sampleType`/`unit` name the
 * one value; `timeMs` is when the profile was taken. Returns the uncompressed Profile bytes.
 */
export function encodePprof({ stacks, sampleType = 'cpu', unit = 'nanoseconds', period = 10_000_000, timeMs = Date.now(), durationMs = 10_000 }) {
  const strings = [''];
  const str = (s) => {
    let i = strings.indexOf(s);
    if (i < 0) {
      i = strings.push(s) - 1;
    }
    return i;
  };
  const functions = new Map();
  const locations = new Map();
  const functionId = (fn, file) => {
    const k = `${fn}\u0000${file}`;
    if (!functions.has(k)) {
      functions.set(k, { id: functions.size + 1, name: str(fn), file: str(file) });
    }
    return functions.get(k).id;
  };
  const locationId = ({ fn, file, line }) => {
    const k = `${fn}\u0000${file}\u0000${line}`;
    if (!locations.has(k)) {
      locations.set(k, { id: locations.size + 1, functionId: functionId(fn, file), line });
    }
    return locations.get(k).id;
  };
  const typeMsg = [...int(1, str(sampleType)), ...int(2, str(unit))];
  const periodMsg = [...int(1, str(sampleType)), ...int(2, str(unit))];
  const out = [...bytes(1, typeMsg)];
  for (const { frames, value } of stacks) {
    // pprof lists a sample's locations leaf first.
    const ids = frames.map(locationId).reverse();
    out.push(...bytes(2, [...packed(1, ids), ...packed(2, [value])]));
  }
  for (const loc of locations.values()) {
    out.push(...bytes(4, [...int(1, loc.id), ...bytes(4, [...int(1, loc.functionId), ...int(2, loc.line)])]));
  }
  for (const fn of functions.values()) {
    out.push(...bytes(5, [...int(1, fn.id), ...int(2, fn.name), ...int(3, fn.name), ...int(4, fn.file)]));
  }
  for (const s of strings) {
    out.push(...bytes(6, [...Buffer.from(s, 'utf8')]));
  }
  out.push(...int(9, BigInt(timeMs) * 1_000_000n), ...int(10, BigInt(durationMs) * 1_000_000n), ...bytes(11, periodMsg), ...int(12, period));
  return Buffer.from(out);
}

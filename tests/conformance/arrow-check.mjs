// Reads Arrow IPC files with the real Arrow reader (apache-arrow) the way Grafana's SDK does, and checks
// them against what Grafana accepts (grafana-plugin-sdk-go data/arrow.go):
//   - IPC *file* format: "ARROW1\0\0" at the start, "ARROW1" at the end, one record batch;
//   - schema metadata name, refId (always) and meta (JSON, optional);
//   - field types Int64, UInt16 (enum only, tstype=enum + config.type.enum.text), Float64, Utf8, Bool,
//     Timestamp(ns, no zone); field metadata tstype / labels / config as JSON.
//
// Library: readGrafanaFrame(bytes) → decoded frame, throws naming the first violation.
// Command line: node arrow-check.mjs DIR — every DIR/<x>.arrow is compared with DIR/<x>.expect.json
// ({name, refId, meta, rows, fields:[{name,type,nullable,tstype,labels,config,values}]}, int64 and
// timestamps as decimal strings, non-finite floats as "NaN"/"Infinity"/"-Infinity"). Exit 1 on any mismatch.
import { readFileSync, readdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import { RecordBatchReader, RecordBatchStreamReader, Type, TimeUnit, Precision } from 'apache-arrow';

const MAGIC = Buffer.from('ARROW1');

/** Field type names used by expectations and error messages. */
export function arrowTypeName(type) {
  switch (type.typeId) {
    case Type.Int:
      if (type.bitWidth === 64 && type.isSigned) return 'int64';
      if (type.bitWidth === 16 && !type.isSigned) return 'uint16';
      return `int${type.bitWidth}${type.isSigned ? '' : ' unsigned'}`;
    case Type.Float:
      return type.precision === Precision.DOUBLE ? 'float64' : `float(precision ${type.precision})`;
    case Type.Utf8: return 'utf8';
    case Type.Bool: return 'bool';
    case Type.Timestamp:
      if (type.unit === TimeUnit.NANOSECOND && (type.timezone === null || type.timezone === undefined || type.timezone === '')) return 'timestamp_ns';
      return `timestamp(unit ${type.unit}, tz ${type.timezone})`;
    default:
      return `${Type[type.typeId] ?? type.typeId}`;
  }
}

const ALLOWED = new Set(['int64', 'uint16', 'float64', 'utf8', 'bool', 'timestamp_ns']);

function parseJsonMetadata(where, key, text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: metadata '${key}' is not JSON: ${e.message}: ${JSON.stringify(text.slice(0, 200))}`);
  }
}

/**
 * Decodes one Grafana frame from Arrow IPC file bytes and checks it against Grafana's reader.
 * Returns { name, refId, meta, rows, batches, fields: [{ name, type, nullable, tstype, labels, config, vector }] }.
 */
export function readGrafanaFrame(bytes, where = 'frame') {
  const buf = Buffer.from(bytes.buffer ?? bytes, bytes.byteOffset ?? 0, bytes.byteLength ?? bytes.length);
  if (buf.length < 18) throw new Error(`${where}: ${buf.length} bytes is too short for an Arrow file`);
  if (!buf.subarray(0, 6).equals(MAGIC) || buf[6] !== 0 || buf[7] !== 0) {
    throw new Error(`${where}: does not start with "ARROW1\\0\\0" (got ${buf.subarray(0, 8).toString('hex')}); Grafana needs the IPC file format`);
  }
  if (!buf.subarray(buf.length - 6).equals(MAGIC)) {
    throw new Error(`${where}: does not end with "ARROW1" (got ${buf.subarray(buf.length - 6).toString('hex')})`);
  }
  const footerLength = buf.readInt32LE(buf.length - 10);
  if (footerLength <= 0 || footerLength > buf.length - 18) throw new Error(`${where}: footer length ${footerLength} is impossible for a ${buf.length}-byte file`);

  const reader = RecordBatchReader.from(new Uint8Array(buf));
  reader.open();
  if (!reader.isFile()) throw new Error(`${where}: apache-arrow did not read it as an IPC file`);
  const schema = reader.schema;
  const batches = [...reader];
  const md = schema.metadata;
  if (!md.has('name')) throw new Error(`${where}: schema metadata has no 'name'`);
  if (!md.has('refId')) throw new Error(`${where}: schema metadata has no 'refId'`);
  const meta = md.has('meta') ? parseJsonMetadata(where, 'meta', md.get('meta')) : null;
  if (meta !== null && (typeof meta !== 'object' || Array.isArray(meta))) throw new Error(`${where}: meta is not a JSON object`);

  const rows = batches.reduce((n, b) => n + b.numRows, 0);
  checkEmbeddedStream(buf, footerLength, schema, batches, where);
  const fields = schema.fields.map((f, index) => {
    const fw = `${where} field '${f.name}'`;
    const type = arrowTypeName(f.type);
    if (!ALLOWED.has(type)) throw new Error(`${fw}: Arrow type ${type} is not one Grafana reads`);
    const fmd = f.metadata;
    const tstype = fmd.get('tstype') ?? null;
    const labels = fmd.has('labels') ? parseJsonMetadata(fw, 'labels', fmd.get('labels')) : null;
    const config = fmd.has('config') ? parseJsonMetadata(fw, 'config', fmd.get('config')) : null;
    if (type === 'uint16' && tstype === 'enum') {
      const text = config?.type?.enum?.text;
      if (!Array.isArray(text)) throw new Error(`${fw}: enum field without config.type.enum.text`);
    }
    if (tstype === 'enum' && type !== 'uint16') throw new Error(`${fw}: tstype enum on a ${type} field (Grafana needs UInt16)`);
    const chunks = batches.map((b) => b.getChildAt(index));
    if (tstype === 'enum') {
      // Grafana shows text[index]; an index past the table renders as nothing.
      const size = config.type.enum.text.length;
      let row = 0;
      for (const chunk of chunks) {
        for (let i = 0; i < chunk.length; i++, row++) {
          const v = chunk.get(i);
          if (v !== null && v >= size) throw new Error(`${fw}: row ${row} has enum index ${v} but the text table has ${size} entries`);
        }
      }
    }
    return { name: f.name, type, nullable: f.nullable, tstype, labels, config, chunks };
  });
  return { name: md.get('name'), refId: md.get('refId'), meta, rows, batches: batches.length, fields };
}

/**
 * File readers take the schema and batch locations from the footer; the messages between the magic and
 * the footer must also read as a valid IPC stream with the same schema and rows (stream readers and
 * tools that scan messages see that part).
 */
function checkEmbeddedStream(buf, footerLength, fileSchema, fileBatches, where) {
  const streamBytes = buf.subarray(8, buf.length - 10 - footerLength);
  let reader;
  try {
    reader = RecordBatchStreamReader.from(new Uint8Array(streamBytes));
    reader.open();
  } catch (e) {
    throw new Error(`${where}: the messages before the footer are not a valid IPC stream: ${e.message}`);
  }
  const schema = reader.schema;
  const batches = [...reader];
  const describe = (s) => JSON.stringify({
    metadata: [...s.metadata],
    fields: s.fields.map((f) => [f.name, String(f.type), f.nullable, [...f.metadata]]),
  });
  if (describe(schema) !== describe(fileSchema)) {
    throw new Error(`${where}: the schema message differs from the footer's schema:\n stream ${describe(schema)}\n footer ${describe(fileSchema)}`);
  }
  const shape = (bs) => JSON.stringify(bs.map((b) => [b.numRows, b.schema.fields.map((_, i) => b.getChildAt(i)?.nullCount)]));
  if (shape(batches) !== shape(fileBatches)) {
    throw new Error(`${where}: the stream's record batches ${shape(batches)} differ from the footer's ${shape(fileBatches)}`);
  }
}

/** The value at row i as the expectation format writes it (null for nulls). */
export function cellValue(field, row) {
  let i = row;
  for (const chunk of field.chunks) {
    if (i >= chunk.length) { i -= chunk.length; continue; }
    if (!chunk.isValid(i)) return null;
    const data = chunk.data[0];
    switch (field.type) {
      case 'int64':
      case 'timestamp_ns':
        // Raw 64-bit storage: apache-arrow converts timestamps to milliseconds in get().
        return BigInt.asIntN(64, BigInt(data.values[data.offset + i])).toString();
      case 'float64': {
        const v = chunk.get(i);
        if (Number.isNaN(v)) return 'NaN';
        if (v === Infinity) return 'Infinity';
        if (v === -Infinity) return '-Infinity';
        return v;
      }
      default:
        return chunk.get(i);
    }
  }
  throw new Error(`field '${field.name}': row ${row} out of range`);
}

/** Compares a decoded frame with an expectation object; returns a list of differences. */
export function compareFrame(frame, expected) {
  const diffs = [];
  const eq = (what, got, want) => { if (!isDeepStrictEqual(got, want)) diffs.push(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`); };
  eq('name', frame.name, expected.name);
  eq('refId', frame.refId, expected.refId);
  eq('meta', frame.meta, expected.meta);
  eq('rows', frame.rows, expected.rows);
  eq('record batches', frame.batches, 1);
  eq('field names', frame.fields.map((f) => f.name), expected.fields.map((f) => f.name));
  for (const want of expected.fields) {
    const got = frame.fields.find((f) => f.name === want.name);
    if (!got) continue;
    for (const key of ['type', 'nullable', 'tstype', 'labels', 'config']) eq(`field '${want.name}' ${key}`, got[key], want[key]);
    const values = [];
    for (let i = 0; i < frame.rows; i++) values.push(cellValue(got, i));
    eq(`field '${want.name}' values`, values, want.values);
  }
  return diffs;
}

export function checkDirectory(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.arrow')).sort();
  const failures = [];
  for (const file of files) {
    const stem = basename(file, '.arrow');
    try {
      const frame = readGrafanaFrame(readFileSync(join(dir, file)), file);
      const expected = JSON.parse(readFileSync(join(dir, `${stem}.expect.json`), 'utf8'));
      for (const d of compareFrame(frame, expected)) failures.push(`${file}: ${d}`);
    } catch (e) {
      failures.push(e.message.startsWith(file) ? e.message : `${file}: ${e.message}`);
    }
  }
  return { files, failures };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node arrow-check.mjs DIR   (DIR holds <x>.arrow and <x>.expect.json pairs)');
    process.exit(2);
  }
  const { files, failures } = checkDirectory(dir);
  if (files.length === 0) {
    console.error(`arrow-check: no .arrow files in ${dir}`);
    process.exit(1);
  }
  for (const f of failures) console.error(f);
  console.log(`arrow-check: ${files.length} file(s), ${failures.length} failure(s)`);
  process.exit(failures.length === 0 ? 0 : 1);
}

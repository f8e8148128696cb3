import { WireFormatError } from './errors';

// Small structural checks for JSON from the backend. A mismatch names the path of the bad field and
// what was there, so a contract drift between backend and frontend shows up as a precise message.

export type Json = unknown;

export function describe(value: Json): string {
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

export class Decoder {
  constructor(readonly route: string) {}

  fail(where: string, expected: string, value: Json): never {
    throw new WireFormatError(this.route, `${where}: expected ${expected}, got ${describe(value)}`);
  }

  object(value: Json, where: string): Record<string, Json> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(where, 'an object', value);
    }
    return value as Record<string, Json>;
  }

  array(value: Json, where: string): Json[] {
    if (!Array.isArray(value)) {
      this.fail(where, 'an array', value);
    }
    return value;
  }

  string(value: Json, where: string): string {
    if (typeof value !== 'string') {
      this.fail(where, 'a string', value);
    }
    return value;
  }

  nonEmptyString(value: Json, where: string): string {
    const text = this.string(value, where);
    if (text.trim() === '') {
      this.fail(where, 'a non-empty string', value);
    }
    return text;
  }

  optionalString(value: Json, where: string): string | undefined {
    return value === undefined || value === null ? undefined : this.string(value, where);
  }

  boolean(value: Json, where: string): boolean {
    if (typeof value !== 'boolean') {
      this.fail(where, 'true or false', value);
    }
    return value;
  }

  oneOf<T extends string>(value: Json, allowed: readonly T[], where: string): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(where, allowed.map((a) => JSON.stringify(a)).join(' or '), value);
    }
    return value as T;
  }
}

/** Number checks: finite values only, and whole numbers where the contract says so. */
export class NumberDecoder extends Decoder {
  number(value: Json, where: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(where, 'a finite number', value);
    }
    return value;
  }

  integer(value: Json, where: string, min = Number.MIN_SAFE_INTEGER): number {
    const n = this.number(value, where);
    if (!Number.isSafeInteger(n) || n < min) {
      this.fail(where, min === Number.MIN_SAFE_INTEGER ? 'a whole number' : `a whole number ≥ ${min}`, value);
    }
    return n;
  }

  /** A column of numbers; checked in one pass so a 100,000-row flame graph stays cheap. */
  numbers(value: Json, where: string, integers: boolean): number[] {
    const items = this.array(value, where);
    for (let i = 0; i < items.length; i++) {
      const n = items[i];
      if (typeof n !== 'number' || !Number.isFinite(n) || (integers && !Number.isSafeInteger(n))) {
        this.fail(`${where}[${i}]`, integers ? 'a whole number' : 'a finite number', n);
      }
    }
    return items as number[];
  }

  strings(value: Json, where: string): string[] {
    const items = this.array(value, where);
    for (let i = 0; i < items.length; i++) {
      if (typeof items[i] !== 'string') {
        this.fail(`${where}[${i}]`, 'a string', items[i]);
      }
    }
    return items as string[];
  }

  optionalNumber(value: Json, where: string): number | undefined {
    return value === undefined || value === null ? undefined : this.number(value, where);
  }
}

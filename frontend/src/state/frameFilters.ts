/**
 * pprof's frame filters as the flame-graph views keep them: `focus`, `ignore`, `hide`, `show` (regular
 * expressions the server applies with google/pprof's rules, docs/api.md) and the granularity frames
 * are written at. The server is the judge of a regex (its dialect is RE2-like, not JavaScript's); the
 * page only keeps the text and shows the server's refusal beside the field it names.
 */

export const FRAME_FILTER_KEYS = ['focus', 'ignore', 'hide', 'show'] as const;
export type FrameFilterKey = (typeof FRAME_FILTER_KEYS)[number];

export const GRANULARITIES = ['functions', 'filefunctions', 'lines', 'files'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The server's longest accepted regex (docs/api.md); a longer one in a URL is dropped on reading. */
export const MAX_REGEX_LENGTH = 4096;

export interface FrameFilters {
  focus?: string;
  ignore?: string;
  hide?: string;
  show?: string;
  /** Undefined = `functions`, the server's default. */
  granularity?: Granularity;
}

export const FRAME_FILTER_LABELS: Record<FrameFilterKey, { label: string; description: string }> = {
  focus: { label: 'Focus', description: 'keep only stacks with a frame matching' },
  ignore: { label: 'Ignore', description: 'drop stacks with a frame matching' },
  hide: { label: 'Hide', description: 'take matching frames out of every stack' },
  show: { label: 'Show', description: 'keep only matching frames in every stack' },
};

export function isGranularity(text: string): text is Granularity {
  return (GRANULARITIES as readonly string[]).includes(text);
}

/** The filters without empty fields (and without the default granularity), so equal filters compare equal. */
export function normalizeFrameFilters(filters: FrameFilters): FrameFilters {
  const out: FrameFilters = {};
  for (const key of FRAME_FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value.trim() !== '') {
      out[key] = value;
    }
  }
  if (filters.granularity !== undefined && filters.granularity !== 'functions') {
    out.granularity = filters.granularity;
  }
  return out;
}

export function hasFrameFilters(filters: FrameFilters | undefined): boolean {
  return filters !== undefined && Object.keys(normalizeFrameFilters(filters)).length > 0;
}

export function sameFrameFilters(a: FrameFilters | undefined, b: FrameFilters | undefined): boolean {
  const x = normalizeFrameFilters(a ?? {});
  const y = normalizeFrameFilters(b ?? {});
  const keys = [...FRAME_FILTER_KEYS, 'granularity'] as const;
  return keys.every((k) => x[k] === y[k]);
}

/**
 * Reads the filters from URL parameters; a value longer than the server takes, or an unknown
 * granularity, is dropped on its own (a link never fails to open).
 */
export function readFrameFilters(get: (key: string) => string | null): FrameFilters | undefined {
  const out: FrameFilters = {};
  for (const key of FRAME_FILTER_KEYS) {
    const value = get(key);
    if (value !== null && value.trim() !== '' && value.length <= MAX_REGEX_LENGTH) {
      out[key] = value;
    }
  }
  const granularity = get('granularity');
  if (granularity !== null && isGranularity(granularity) && granularity !== 'functions') {
    out.granularity = granularity;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Reads `focusPath`: a JSON array of non-empty frame names, root first; anything else is dropped. */
export function readFocusPath(text: string | null): string[] | undefined {
  if (text === null || text.trim() === '') {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.length > 0 && value.length <= 1024 && value.every((v) => typeof v === 'string' && v !== '')) {
      return value as string[];
    }
  } catch {
    // Not JSON: dropped like every other unreadable URL value.
  }
  return undefined;
}

/**
 * The field a server refusal names (`parameter 'hide': invalid regular expression …`), so the
 * control can show the message beside that field; undefined when the message names none of them.
 */
export function frameFilterOfError(message: string): FrameFilterKey | 'granularity' | 'focusPath' | undefined {
  const match = /parameter '([A-Za-z]+)'/.exec(message);
  const name = match?.[1];
  if (name === undefined) {
    return undefined;
  }
  if (name === 'granularity' || name === 'focusPath') {
    return name;
  }
  return (FRAME_FILTER_KEYS as readonly string[]).includes(name) ? (name as FrameFilterKey) : undefined;
}

/** A named set of filters: built in, or the user's own (stored with the user's settings). */
export interface FramePreset {
  name: string;
  filters: FrameFilters;
}

/**
 * The built-in presets. Each regex is matched by the server against a frame's function name and file
 * name, unanchored unless written with `^`.
 * - Go runtime and GC: the `runtime` package and its internal packages (`runtime/internal/…`,
 *   Go 1.22's `internal/runtime/…`), which hold the allocator, scheduler and garbage collector.
 * - Idle and off-CPU waits: stacks parked in a wait (goroutines in `gopark`, threads in `epoll_wait`
 *   or a futex, JVM threads in `Unsafe.park`/`LockSupport.park`/`Object.wait`, sleeps) are dropped
 *   whole, since nothing in them is doing work.
 * - `node_modules`: frames of installed Node.js packages (matched in the name or the file path).
 * - JVM internals: the JDK's own packages, in both the dotted and the slashed spelling profilers use,
 *   and the VM's native frames.
 */
export const BUILTIN_PRESETS: readonly FramePreset[] = [
  { name: 'Hide Go runtime and GC', filters: { hide: '^(internal/)?runtime[./]' } },
  {
    name: 'Exclude idle and off-CPU waits',
    filters: {
      ignore:
        'runtime\\.gopark|runtime\\.notesleep|runtime\\.netpollblock|epoll_wait|epoll_pwait|futex_wait|__futex|pthread_cond_(timed)?wait|nanosleep|Unsafe\\.park|LockSupport\\.park|Object\\.wait|Thread\\.sleep',
    },
  },
  { name: 'Hide node_modules', filters: { hide: 'node_modules' } },
  { name: 'Hide JVM internals', filters: { hide: '^(java|javax|jdk|sun|com[./]sun)[./]|libjvm\\.so' } },
];

/**
 * The filters after adding a preset: each regex it sets joins the current one as an alternative
 * (`current|preset`), which is the union of both for every filter (a frame matches either), so
 * presets stack; the preset's granularity, if any, replaces the current one. A regex already
 * present is not added twice.
 */
export function addPreset(current: FrameFilters | undefined, preset: FrameFilters): FrameFilters {
  const next: FrameFilters = { ...normalizeFrameFilters(current ?? {}) };
  for (const key of FRAME_FILTER_KEYS) {
    const add = preset[key];
    if (add === undefined || add.trim() === '') {
      continue;
    }
    const existing = next[key];
    next[key] = existing === undefined ? add : existing.includes(add) ? existing : `${existing}|${add}`;
  }
  if (preset.granularity !== undefined) {
    next.granularity = preset.granularity;
  }
  return normalizeFrameFilters(next);
}

/** True when every regex of `preset` is part of `current` (the preset shows as applied). */
export function presetApplied(current: FrameFilters | undefined, preset: FrameFilters): boolean {
  return FRAME_FILTER_KEYS.every((key) => {
    const want = preset[key];
    return want === undefined || want === '' || (current?.[key] ?? '').includes(want);
  });
}

/** Checks a user preset's name against the list it joins; the error names what is wrong. */
export function checkPresetName(name: string, existing: readonly FramePreset[]): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') {
    return 'A preset needs a name';
  }
  if (trimmed.length > 64) {
    return `A preset name has at most 64 characters, not ${trimmed.length}`;
  }
  if ([...BUILTIN_PRESETS, ...existing].some((p) => p.name.toLowerCase() === trimmed.toLowerCase())) {
    return `A preset named "${trimmed}" exists already`;
  }
  return undefined;
}

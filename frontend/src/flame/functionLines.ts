import type { FunctionLine } from '../api/wire';

// What the function details drawer says about its lines.

/** The line with the most self (ties: the first in file and line order); undefined when no line has self. */
export function hottestLine(lines: readonly FunctionLine[]): FunctionLine | undefined {
  let best: FunctionLine | undefined;
  for (const line of lines) {
    if (line.self > 0 && (best === undefined || line.self > best.self)) {
      best = line;
    }
  }
  return best;
}

/** `work.go:42`, the whole path in the title; a line the stacks do not locate reads "unknown line". */
export function lineName(line: FunctionLine): { text: string; title?: string } {
  if (line.file === '' && line.line === 0) {
    return { text: 'unknown line' };
  }
  const base = line.file.split('/').pop() || line.file;
  return { text: line.line > 0 ? `${base}:${line.line}` : base, title: line.file };
}

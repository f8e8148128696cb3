// What go-plugin does with each stderr line (hashicorp/go-plugin log_entry.go, client.go logStderr):
// JSON with @level/@message (and @timestamp in Go's 2006-01-02T15:04:05.000000Z07:00 layout, or none);
// anything else is logged verbatim at debug. Hotpath promises the JSON form for every line.
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error']);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

/** Returns a list of problems, one per offending line. */
export function stderrProblems(lines) {
  const problems = [];
  lines.forEach((line, i) => {
    const where = `stderr line ${i + 1} ${JSON.stringify(line.slice(0, 200))}`;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      problems.push(`${where}: not JSON`);
      return;
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${where}: not a JSON object`);
      return;
    }
    if (typeof entry['@level'] !== 'string' || !LEVELS.has(entry['@level'])) {
      problems.push(`${where}: @level ${JSON.stringify(entry['@level'])} is not one of ${[...LEVELS].join('|')}`);
    }
    if (typeof entry['@message'] !== 'string') problems.push(`${where}: no string @message`);
    if ('@timestamp' in entry && !(typeof entry['@timestamp'] === 'string' && TIMESTAMP.test(entry['@timestamp']))) {
      problems.push(`${where}: @timestamp ${JSON.stringify(entry['@timestamp'])} does not have exactly 6 fractional digits (go-plugin would treat the line as plain text)`);
    }
  });
  return problems;
}

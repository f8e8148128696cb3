// Fails when src/api/wire.gen.ts is not what `npm run generate:api` makes from ../docs/openapi.yaml:
// the contract changed and the frontend's types were not regenerated (or the file was edited by
// hand). `npm run lint` runs it first, so a stale file stops lint, not only typecheck.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as prettier from 'prettier';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const contract = path.resolve(root, '../docs/openapi.yaml');
const committed = path.join(root, 'src/api/wire.gen.ts');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-wire-'));
try {
  const generated = path.join(dir, 'wire.gen.ts');
  // The same generator and formatting as `npm run generate:api`.
  execFileSync(path.join(root, 'node_modules/.bin/openapi-typescript'), [contract, '-o', generated], { stdio: ['ignore', 'ignore', 'inherit'] });
  const options = await prettier.resolveConfig(committed);
  const fresh = await prettier.format(fs.readFileSync(generated, 'utf8'), { ...options, filepath: committed });
  const current = fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : '';
  if (fresh !== current) {
    const a = fresh.split('\n');
    const b = current.split('\n');
    let line = 0;
    while (line < a.length && a[line] === b[line]) {
      line++;
    }
    console.error(
      `src/api/wire.gen.ts is stale against docs/openapi.yaml (first difference at line ${line + 1}: ` +
        `generated ${JSON.stringify(a[line] ?? '<end of file>')}, committed ${JSON.stringify(b[line] ?? '<end of file>')}). ` +
        'Run `npm run generate:api` in frontend/ and commit the result.'
    );
    process.exit(1);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

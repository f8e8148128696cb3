// Removes build output folders given on the command line (portable `rm -rf`).
import fs from 'node:fs';

for (const dir of process.argv.slice(2)) {
  fs.rmSync(dir, { recursive: true, force: true });
}

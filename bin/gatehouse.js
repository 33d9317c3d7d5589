#!/usr/bin/env node
// The installed command runs the compiled CLI; `npm install` (prepare) and `npm start` build it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('gatehouse: not built yet; run `npm run build` in the package folder first.\n');
  process.exit(2);
}
await import(entry.href);

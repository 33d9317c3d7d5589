/**
 * The package's own name and version, found by walking up from this file, so that the compiled
 * tree (dist/src/…) and the source tree (src/…) read the same package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageVersion(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate)) {
      const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'gatehouse' && parsed.version !== undefined) return parsed.version;
    }
    directory = dirname(directory);
  }
  return '0.0.0';
}

/** The folder holding the package's package.json, from the source and the compiled tree alike. */
export function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'gatehouse') return directory;
    directory = dirname(directory);
  }
  throw new Error('cannot find the gatehouse package root');
}

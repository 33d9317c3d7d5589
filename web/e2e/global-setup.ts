/**
 * Before the browser tests: build the web app when web/dist is missing or older than its sources,
 * so that the server under test serves what the checkout holds. Vitest runs this once per run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const packageRoot = join(webRoot, '..');

/** The newest modification time under a path (a file or a directory), at most 6 levels deep. */
function newest(path: string, depth = 0): number {
  const stat = statSync(path);
  if (!stat.isDirectory() || depth > 6) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry), depth + 1));
  return latest;
}

export function isWebAppStale(): boolean {
  const built = join(webRoot, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(newest(join(webRoot, 'src')), newest(join(webRoot, 'index.html')), newest(join(webRoot, 'vite.config.ts')));
  return sources > statSync(built).mtimeMs;
}

export default function setup(): void {
  if (!isWebAppStale()) return;
  process.stdout.write('\nBuilding the web app for the browser tests (web/dist is missing or older than web/src)…\n');
  execFileSync(process.execPath, [join(packageRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(webRoot, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: packageRoot, stdio: 'inherit' });
}

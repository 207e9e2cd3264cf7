/** Where the devnet keeps generated files. `.cache/` at the project root is git-ignored. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The project root (two levels above this file), whatever the current directory is. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `.cache/<name>` under the project root, created on first use. */
export function cacheDir(name: string): string {
  const dir = join(projectRoot, '.cache', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

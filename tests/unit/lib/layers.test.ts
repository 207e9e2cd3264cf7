import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * lib/ imports only downwards (docs/protocols.md): `core` names no protocol and needs nothing but itself and
 * `errors.ts`; a protocol's folder builds on `core` and the protocols' shared reads, never on the engine,
 * the snapshot, the markets file or anything above them. Read from the sources' own import lines.
 */
const ROOT = normalize(join(dirname(new URL(import.meta.url).pathname), '../../..'));

const LAYERS: { folder: string; mayImport: string[] }[] = [
  { folder: 'lib/core/', mayImport: ['lib/core/', 'lib/errors.ts'] },
  { folder: 'lib/protocols/', mayImport: ['lib/protocols/', 'lib/core/', 'lib/errors.ts'] },
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Repo-relative targets of a file's relative imports and re-exports (packages are not layers). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => relative(ROOT, join(dirname(file), m[1]!)));
}

describe('lib layers', () => {
  for (const { folder, mayImport } of LAYERS) {
    it(`${folder} imports only ${mayImport.join(', ')}`, () => {
      const files = sources(join(ROOT, folder));
      expect(files.length).toBeGreaterThan(3);
      const upward = files.flatMap((file) =>
        importsOf(file)
          .filter((target) => !mayImport.some((allowed) => target.startsWith(allowed)))
          .map((target) => `${relative(ROOT, file)} → ${target}`),
      );
      expect(upward).toEqual([]);
    });
  }

  it('sees an upward import when there is one (the check reads real import lines)', () => {
    const engine = importsOf(join(ROOT, 'lib/risk/health.ts'));
    expect(engine).toContain('lib/protocols/descriptors.ts');
  });
});

import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The unit project's layout (vitest.config.ts): tests/unit mirrors the source tree, so the test of
 * lib/risk/chance.ts is tests/unit/lib/risk/chance.test.ts and a reader finds it from the code's path. A test
 * file whose folder is not a folder of lib/, entrypoints/, components/ or utils/ (one left behind when its
 * code moved, or put in a folder of its own) is out of place. At the top of tests/unit stand only tests of
 * files at the repository root, named after them, like this one.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const UNIT = join(ROOT, 'tests/unit');
const SOURCE_ROOTS = ['lib', 'entrypoints', 'components', 'utils'];
const TEST_FILE = /\.test\.(tsx?)$/;

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();
const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/** `rel`: a test file's path under tests/unit. */
function outOfMirror(rel: string): boolean {
  const folder = dirname(rel);
  if (folder === '.') return !['ts', 'tsx'].some((ext) => isFile(join(ROOT, rel.replace(TEST_FILE, `.${ext}`))));
  return !SOURCE_ROOTS.includes(folder.split('/')[0]!) || !isDir(join(ROOT, folder));
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return TEST_FILE.test(name) ? [relative(UNIT, path)] : [];
  });
}

describe('unit test layout', () => {
  it('every unit test sits in the folder mirroring the code it tests', () => {
    const files = testFiles(UNIT);
    expect(files).toContain('lib/risk/chance.test.ts');
    expect(files.filter(outOfMirror)).toEqual([]);
  });

  it('the rule turns away the layouts it replaced and folders the source does not have', () => {
    const outside = ['compound.test.ts', 'extension/alerts.test.ts', 'risk/chance.test.ts', 'fixtures/sites.test.ts', 'lib/risk/nowhere/chance.test.ts', 'tests/chain/aave.test.ts'];
    expect(outside.filter(outOfMirror)).toEqual(outside);
    const inside = ['lib/risk/chance.test.ts', 'entrypoints/dapp.content/controller.test.ts', 'components/popup/model/bands.test.ts', 'utils/storage.test.ts', 'vitest.config.test.ts'];
    expect(inside.filter(outOfMirror)).toEqual([]);
  });
});

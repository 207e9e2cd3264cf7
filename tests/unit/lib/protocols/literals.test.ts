import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { protocolIds } from '../../../../lib/protocols/registry.ts';

/**
 * "One protocol, one folder": a protocol's id, as a string literal, appears only in its own folder (where it
 * also registers its types into `ProtocolTypes`) and the registry (both halves). Everything else asks the registry. Dapp front-end
 * modules (lib/sites: a dapp belongs to one protocol) and devnets (lib/devnet: they deploy one) are
 * per-protocol by nature and may name it.
 */
const ROOT = new URL('../../../../', import.meta.url).pathname;
const SCANNED = ['lib', 'components', 'entrypoints', 'utils'];
const MAY_NAME_ANY = ['lib/protocols/registry.ts', 'lib/protocols/descriptors.ts', 'lib/sites/', 'lib/devnet/'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('protocol id literals', () => {
  it('stand only in their own folder and the registry', () => {
    const strays: string[] = [];
    for (const file of SCANNED.flatMap((d) => sources(join(ROOT, d)))) {
      const rel = relative(ROOT, file);
      if (MAY_NAME_ANY.some((p) => rel.startsWith(p))) continue;
      const text = readFileSync(file, 'utf8');
      for (const id of protocolIds) {
        if (rel.startsWith(`lib/protocols/${id}/`)) continue;
        if (new RegExp(`['"\`]${id}['"\`]`).test(text)) strays.push(`${rel}: ${id}`);
      }
    }
    expect(strays).toEqual([]);
  });
});

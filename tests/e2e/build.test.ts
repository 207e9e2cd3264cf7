/**
 * Contract 3 of DESIGN.md: `LG_MARKETS=file wxt build` bakes the file's chains and markets into the build;
 * a bad file fails the build with the parser's one-line message. (The runtime side — build markets are
 * merged into the chain list and switched on — is unit-tested in tests/unit/lib/settings/settings.test.ts.)
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExtension, removeBuild } from './helpers/build.ts';

const POOL_ADDRESSES_PROVIDER = '0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6';
const file = {
  chains: [{ chainId: 31337, name: 'Build Devnet', rpcUrls: ['http://127.0.0.1:8545'] }],
  markets: [{ protocol: 'aave-v3', chainId: 31337, name: 'Build Devnet Aave', poolAddressesProvider: POOL_ADDRESSES_PROVIDER }],
};

function write(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lg-markets-')), 'markets.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('LG_MARKETS build (contract 3)', () => {
  it('bakes the markets file into the background and the options page', async () => {
    const dir = await buildExtension('chrome', { LG_MARKETS: write(file) });
    const background = readFileSync(join(dir, 'background.js'), 'utf8');
    expect(background).toContain('Build Devnet Aave');
    expect(background).toContain(POOL_ADDRESSES_PROVIDER);
    const chunks = readdirSync(join(dir, 'chunks')).map((f) => readFileSync(join(dir, 'chunks', f), 'utf8'));
    expect(chunks.some((c) => c.includes('Build Devnet Aave'))).toBe(true);
    removeBuild(dir);
  });

  it('builds without them when the variable is not set', async () => {
    const dir = await buildExtension('chrome', { LG_MARKETS: '' });
    expect(readFileSync(join(dir, 'background.js'), 'utf8')).not.toContain('Build Devnet Aave');
    removeBuild(dir);
  });

  it('fails the build with a clear message on a bad file', async () => {
    const bad = { ...file, markets: [{ ...file.markets[0], poolAddressProvider: POOL_ADDRESSES_PROVIDER }] };
    await expect(buildExtension('chrome', { LG_MARKETS: write(bad) })).rejects.toThrow(/LG_MARKETS \(.*markets\.json\): Invalid markets file: unknown key "poolAddressProvider"/);
  });
});

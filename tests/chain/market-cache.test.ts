/**
 * Issue 11, performance: the static market data survives the MV3 worker (stored, validated when read back),
 * so the refresh after a restart is warm; and stored data that no longer describes the market is caught.
 */
import { describe, expect, it } from 'vitest';
import { devnetMarketsFile, openMorphoPosition, openPosition, toUnits } from '../../lib/devnet/index.ts';
import { scan } from '../../lib/scan/index.ts';
import { decodeMarketCache, encodeMarketCache, MARKET_CACHE_TTL_MS } from '../../lib/tracker/market-cache.ts';
import type { AaveMarketStatic } from '../../lib/protocols/aave-v3/market.ts';
import { startRpcCounter } from '../helpers/rpc-counter.ts';
import { freshAccount } from './helpers/aave-fixtures.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();

describe('the market cache across worker lives', () => {
  it('a refresh from the stored cache is as warm as one from memory, with the same positions', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'cache-roundtrip');
    await openPosition(d, { account, supply: { WETH: toUnits('WETH', '2') }, borrow: { USDC: toUnits('USDC', '1000') } });
    await openMorphoPosition(d, { account, market: d.morpho.markets['WETH/USDC'], collateral: 10n ** 18n, borrow: 500n * 10n ** 6n });
    const proxy = await startRpcCounter(d.rpcUrl);
    try {
      const file = devnetMarketsFile(d, { rpcUrls: [proxy.url] });
      const memory = new Map<string, unknown>();
      const cold = await scan({ ...file, accounts: [account], cache: memory });
      const coldHttp = proxy.counts.http;
      proxy.reset();
      await scan({ ...file, accounts: [account], cache: memory });
      const warmHttp = proxy.counts.http;

      // The worker stops: the cache goes through JSON storage and comes back validated.
      const now = Date.now();
      const stored = JSON.parse(JSON.stringify(encodeMarketCache(memory, now)));
      const { cache: restored, dropped } = decodeMarketCache(stored, now + 60_000);
      expect(dropped).toEqual([]);
      expect([...restored.keys()].sort()).toEqual([...memory.keys()].sort());
      proxy.reset();
      const afterRestart = await scan({ ...file, accounts: [account], cache: restored });
      expect(proxy.counts.http).toBe(warmHttp);
      expect(warmHttp).toBeLessThan(coldHttp);
      expect(afterRestart.errors).toEqual([]);
      const strip = (ps: typeof cold.positions) => ps.map((p) => ({ ...p, blockNumber: 0n, timestamp: 0n })).sort((a, b) => a.protocol.localeCompare(b.protocol));
      // Same market data; only the block moved on.
      expect(strip(afterRestart.positions).map((p) => [p.protocol, p.collateral.map((l) => [l.symbol, l.decimals]), p.debt.map((l) => l.symbol)])).toEqual(
        strip(cold.positions).map((p) => [p.protocol, p.collateral.map((l) => [l.symbol, l.decimals]), p.debt.map((l) => l.symbol)]),
      );
    } finally {
      await proxy.close();
    }
  });

  it('an entry that does not decode, or Aave data a day old, is dropped; Morpho discovery is kept', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'cache-validate');
    await openPosition(d, { account, supply: { WETH: toUnits('WETH', '1') }, borrow: { USDC: toUnits('USDC', '100') } });
    const file = devnetMarketsFile(d);
    const memory = new Map<string, unknown>();
    await scan({ ...file, accounts: [account], cache: memory });
    memory.set('morpho-blue:31337:0x0000000000000000000000000000000000000001:discovery', {
      morpho: '0x0000000000000000000000000000000000000001',
      accounts: { [account]: { scannedFrom: 0n, scannedTo: 100n, marketIds: [] } },
    });
    const now = Date.now();
    const stored = JSON.parse(JSON.stringify(encodeMarketCache(memory, now))) as { entries: { key: string; value: any }[] };
    const aaveKey = stored.entries.find((e) => e.key.startsWith('aave-v3:'))!.key;
    const tampered = structuredClone(stored);
    tampered.entries.find((e) => e.key === aaveKey)!.value.reserves[0].address = '0x123';
    expect(decodeMarketCache(tampered, now).dropped).toEqual([aaveKey]);
    const later = decodeMarketCache(stored, now + MARKET_CACHE_TTL_MS + 1);
    expect(later.dropped).toContain(aaveKey);
    expect([...later.cache.keys()]).toContain('morpho-blue:31337:0x0000000000000000000000000000000000000001:discovery');
    expect(decodeMarketCache({ version: 99, entries: stored.entries }, now).cache.size).toBe(0);
    expect(decodeMarketCache('garbage', now).cache.size).toBe(0);
  });

  it('stored Aave data that misses a reserve is noticed (the Pool\'s reserve list differs) and read again', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'cache-reserves');
    await openPosition(d, { account, supply: { WETH: toUnits('WETH', '1'), WBTC: toUnits('WBTC', '0.1') }, borrow: { USDC: toUnits('USDC', '100') } });
    const file = devnetMarketsFile(d);
    const cache = new Map<string, unknown>();
    const fresh = await scan({ ...file, accounts: [account], cache });
    const key = [...cache.keys()].find((k) => k.startsWith('aave-v3:'))!;
    const full = cache.get(key) as AaveMarketStatic;
    cache.set(key, { ...full, reserves: full.reserves.filter((r) => r.symbol !== 'WBTC') });
    const again = await scan({ ...file, accounts: [account], cache });
    const legs = (r: typeof fresh) => r.positions.find((p) => p.protocol === 'aave-v3')!.collateral.map((l) => l.symbol).sort();
    expect(legs(again)).toEqual(legs(fresh));
    expect(legs(again)).toContain('WBTC');
    expect((cache.get(key) as AaveMarketStatic).reserves).toHaveLength(full.reserves.length);
  });
});

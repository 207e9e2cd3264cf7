/**
 * Issue 11, performance: the static market data survives the MV3 worker (stored, validated when read back),
 * so the refresh after a restart is warm; and stored data that no longer describes the market is caught.
 */
import { describe, expect, it } from 'vitest';
import { aaveV3, devnetMarketsFile, morphoBlue } from '../../lib/devnet/index.ts';
import { scan } from '../../lib/scan/index.ts';
import { readAavePositions } from '../../lib/protocols/aave-v3/positions.ts';
import { decodeMarketCache, encodeMarketCache, MARKET_CACHE_TTL_MS } from '../../lib/tracker/market-cache.ts';
import type { AaveMarketStatic } from '../../lib/protocols/aave-v3/market.ts';
import { readMorphoPositions, type MorphoMarketStatic } from '../../lib/protocols/morpho-blue/index.ts';
import type { MarketState } from '../../lib/protocols/morpho-blue/math.ts';
import { startRpcCounter } from '../helpers/rpc-counter.ts';
import { freshAccount } from './helpers/aave-fixtures.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
/** The Aave static-data entry (`aave-v3:<chain>:<provider>`), not its `:expect` sibling. */
const isAaveStatic = (key: string) => /^aave-v3:\d+:0x[0-9a-fA-F]{40}$/.test(key);

describe('the market cache across worker lives', () => {
  it('a refresh from the stored cache is as warm as one from memory, with the same positions', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'cache-roundtrip');
    await aaveV3.openPosition(d, { account, supply: { WETH: aaveV3.toUnits('WETH', '2') }, borrow: { USDC: aaveV3.toUnits('USDC', '1000') } });
    await morphoBlue.openPosition(d, { account, market: d.morpho.markets['WETH/USDC'], collateral: 10n ** 18n, borrow: 500n * 10n ** 6n });
    const proxy = await startRpcCounter(d.rpcUrl);
    try {
      const all = devnetMarketsFile(d, { rpcUrls: [proxy.url] });
      // The protocols whose cache entries lib/tracker/market-cache.ts knows (Aave v4's are not stored yet).
      const file = { ...all, markets: all.markets.filter((m) => ['aave-v3', 'morpho-blue', 'compound-v3'].includes(m.protocol)) };
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
    await aaveV3.openPosition(d, { account, supply: { WETH: aaveV3.toUnits('WETH', '1') }, borrow: { USDC: aaveV3.toUnits('USDC', '100') } });
    const file = devnetMarketsFile(d);
    const memory = new Map<string, unknown>();
    await scan({ ...file, accounts: [account], cache: memory });
    memory.set('morpho-blue:31337:0x0000000000000000000000000000000000000001:discovery', {
      morpho: '0x0000000000000000000000000000000000000001',
      accounts: { [account]: { scannedFrom: 0n, scannedTo: 100n, marketIds: [] } },
    });
    const now = Date.now();
    const stored = JSON.parse(JSON.stringify(encodeMarketCache(memory, now))) as { entries: { key: string; value: any }[] };
    const aaveKey = stored.entries.find((e) => isAaveStatic(e.key))!.key;
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
    await aaveV3.openPosition(d, { account, supply: { WETH: aaveV3.toUnits('WETH', '1'), WBTC: aaveV3.toUnits('WBTC', '0.1') }, borrow: { USDC: aaveV3.toUnits('USDC', '100') } });
    const file = devnetMarketsFile(d);
    const cache = new Map<string, unknown>();
    const fresh = await scan({ ...file, accounts: [account], cache });
    const key = [...cache.keys()].find(isAaveStatic)!;
    const full = cache.get(key) as AaveMarketStatic;
    cache.set(key, { ...full, reserves: full.reserves.filter((r) => r.symbol !== 'WBTC') });
    const again = await scan({ ...file, accounts: [account], cache });
    const legs = (r: typeof fresh) => r.positions.find((p) => p.protocol === 'aave-v3')!.collateral.map((l) => l.symbol).sort();
    expect(legs(again)).toEqual(legs(fresh));
    expect(legs(again)).toContain('WBTC');
    expect((cache.get(key) as AaveMarketStatic).reserves).toHaveLength(full.reserves.length);
  });
});

describe('one request per warm refresh, exactly the numbers of two', () => {
  it('Morpho: the IRM rate asked in the first request for the struct seen last time is used only when the struct is the same', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'morpho-guess');
    const market = d.morpho.markets['WETH/USDC'];
    await morphoBlue.openPosition(d, { account, market, collateral: 10n ** 18n, borrow: 800n * 10n ** 6n });
    const warm: { marketStatic?: MorphoMarketStatic } = {};
    const read = (lastStored?: Record<`0x${string}`, MarketState>) =>
      readMorphoPositions(d.client, {
        chainId: 31337,
        market: 'Devnet Morpho',
        morpho: d.morpho.addresses.morpho,
        marketIds: [market.id],
        accounts: [account],
        ...(warm.marketStatic ? { marketStatic: warm.marketStatic } : {}),
        ...(lastStored ? { lastStored } : {}),
      });
    const before = await read();
    warm.marketStatic = before.marketStatic; // warm from here on: both reads below know the market
    await d.client.increaseTime({ seconds: 3_600 });
    await d.client.mine({ blocks: 1 });
    // Nothing happened in the market, an hour of interest is due: one request, the same debt as with two.
    const guessed = await read(before.lastStored);
    const plain = await read();
    expect(guessed.requests).toBe(1);
    expect(plain.requests).toBe(2);
    expect(guessed.blockNumber).toBe(plain.blockNumber);
    expect(guessed.positions[0]!.debt[0]!.amount).toBe(plain.positions[0]!.debt[0]!.amount);
    expect(guessed.positions[0]!.debt[0]!.amount).toBeGreaterThan(before.positions[0]!.debt[0]!.amount);
    // Someone else borrows: the struct moved, the guess is not used (a second request), and the numbers agree.
    const other = await freshAccount(d, 'morpho-guess-other');
    await morphoBlue.openPosition(d, { account: other, market, collateral: 10n ** 18n, borrow: 100n * 10n ** 6n });
    await d.client.increaseTime({ seconds: 60 });
    await d.client.mine({ blocks: 1 });
    const moved = await read(guessed.lastStored);
    const moved2 = await read();
    expect(moved.requests).toBe(2);
    expect(moved.positions[0]!.debt[0]!.amount).toBe(moved2.positions[0]!.debt[0]!.amount);
  });

  it('Aave: the balances the last bitmaps call for ride in the first request, used only if the bitmaps are the same', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'aave-guess');
    await aaveV3.openPosition(d, { account, supply: { WETH: aaveV3.toUnits('WETH', '2') }, borrow: { USDC: aaveV3.toUnits('USDC', '1000') } });
    const params = { chainId: 31337, market: 'Devnet Aave', poolAddressesProvider: d.aave.addresses.poolAddressesProvider, accounts: [account] };
    const cold = await readAavePositions(d.client, params);
    await d.client.increaseTime({ seconds: 86_400 });
    await d.client.mine({ blocks: 1 });
    const warm = { ...params, marketStatic: cold.marketStatic };
    const guessed = await readAavePositions(d.client, { ...warm, expected: cold.expected });
    const plain = await readAavePositions(d.client, warm);
    expect([guessed.rounds, plain.rounds]).toEqual([1, 2]);
    expect(guessed.positions).toEqual(plain.positions);
    // The account borrows another asset: another bitmap, so the guess is dropped for a second request.
    await aaveV3.openPosition(d, { account, borrow: { DAI: aaveV3.toUnits('DAI', '100') } });
    const changed = await readAavePositions(d.client, { ...warm, expected: guessed.expected });
    const changedPlain = await readAavePositions(d.client, warm);
    expect(changed.rounds).toBe(2);
    expect(changed.positions).toEqual(changedPlain.positions);
    expect(changed.positions[0]!.debt.map((l) => l.symbol).sort()).toEqual(['DAI', 'USDC']);
  });

  it('Morpho with discovery ("marketIds": []): the markets found are read in the first request; the log scan runs every 5 min', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'morpho-discovery-rounds');
    const market = d.morpho.markets['WETH/USDC'];
    await morphoBlue.openPosition(d, { account, market, collateral: 10n ** 18n, borrow: 300n * 10n ** 6n });
    const proxy = await startRpcCounter(d.rpcUrl);
    try {
      const file = devnetMarketsFile(d, { rpcUrls: [proxy.url] });
      const morpho = { ...file.markets.find((m) => m.protocol === 'morpho-blue')!, marketIds: [] };
      const cache = new Map<string, unknown>();
      const refresh = async () => {
        await d.client.mine({ blocks: 1, interval: 12 });
        proxy.reset();
        const r = await scan({ chains: file.chains, markets: [morpho], accounts: [account], cache });
        expect(r.errors).toEqual([]);
        expect(r.positions.map((p) => p.details.protocol === 'morpho-blue' && p.details.marketId)).toEqual([market.id]);
        return { http: proxy.counts.http, getLogs: proxy.counts.methods.eth_getLogs ?? 0 };
      };
      const first = await refresh();
      expect(first.getLogs).toBeGreaterThan(0);
      expect(await refresh()).toEqual({ http: 1, getLogs: 0 });
      // Five minutes later the scan looks for new markets again (one more request for the logs).
      const key = [...cache.keys()].find((k) => k.endsWith(':discoveredAt'))!;
      cache.set(key, (cache.get(key) as number) - 5 * 60_000 - 1);
      expect(await refresh()).toEqual({ http: 2, getLogs: 1 });
    } finally {
      await proxy.close();
    }
  });
});

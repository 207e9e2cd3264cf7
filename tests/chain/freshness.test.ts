/**
 * Issue 11, item 1: a lagging RPC is never shown as fresh. A loopback proxy in front of the devnet answers the
 * right chain id but serves an old block as the latest (eth_blockNumber and every 'latest' call pinned to it),
 * as a node that stopped syncing or a hostile endpoint would. Real Aave contracts, the real scan and refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aaveV3, devnetMarketsFile } from '../../lib/devnet/index.ts';
import { healthFactor } from '../../lib/risk/health.ts';
import { scan } from '../../lib/scan/index.ts';
import type { ResolvedChain } from '../../lib/settings/chains.ts';
import type { Snapshot } from '../../lib/snapshot/index.ts';
import { refreshSnapshot } from '../../lib/tracker/refresh.ts';
import { startFaultyRpc, type FaultyRpc } from '../e2e/helpers/faulty-rpc.ts';
import { freshAccount } from './helpers/aave-fixtures.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet({ isolate: false });
const DAY_MS = 86_400_000;
let proxy: FaultyRpc;
beforeAll(async () => {
  proxy = await startFaultyRpc(devnet().rpcUrl);
});
afterAll(async () => {
  await proxy.close();
});

function chain(rpcUrls: string[]): ResolvedChain {
  const file = devnetMarketsFile(devnet());
  return {
    ...file.chains[0]!,
    rpcUrls,
    defaultRpcUrls: rpcUrls,
    customRpc: false,
    source: 'imported',
    enabled: true,
    markets: file.markets.filter((m) => m.protocol === 'aave-v3'),
  };
}
const hfOf = (s: Snapshot) => Number(healthFactor(s.positions[0]!.position) as bigint) / 1e18;

describe('a lagging RPC', () => {
  it('is refused by the clock and by the block read before; the next URL is tried; positions go stale, never fresh', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'lagging-rpc');
    await aaveV3.openPosition(d, { account, supply: { WETH: aaveV3.toUnits('WETH', '10') }, borrow: { USDC: aaveV3.toUnits('USDC', '12000') } });
    proxy.mode = 'pass';
    const first = await refreshSnapshot({ chains: [chain([proxy.url])], accounts: [account], previous: null, rpcTimeoutMs: 5_000 });
    expect(first.chains[31337]).toMatchObject({ ok: true, errors: [] });
    expect(hfOf(first)).toBeCloseTo(1.375, 3);
    const readBlock = first.chains[31337]!.blockNumber!;

    // A day later the price has fallen (HF 1.03), but the endpoint still serves the block read then.
    await aaveV3.setPrice(d, { symbol: 'WETH', price: 1_500n * 10n ** 8n });
    await d.client.increaseTime({ seconds: 86_400 });
    await d.client.mine({ blocks: 1 });
    const truth = Number((await aaveV3.getUserAccountData(d, { account: account })).healthFactor) / 1e18;
    expect(truth).toBeCloseTo(1.03, 2);
    proxy.mode = 'lagging';
    proxy.pinnedBlock = readBlock;
    const dayLater = () => Date.now() + DAY_MS;

    const lagging = await refreshSnapshot({ chains: [chain([proxy.url])], accounts: [account], previous: first, rpcTimeoutMs: 5_000, now: dayLater });
    expect(lagging.chains[31337]).toMatchObject({ ok: false, rpcUrl: null, errors: [{ kind: 'stale-block', message: expect.stringMatching(/latest block \(\d+\) is 24 h old \(limit 60 min\): it lags/) }] });
    expect(lagging.positions).toHaveLength(1);
    expect(lagging.positions[0]).toMatchObject({ stale: true, readAt: first.positions[0]!.readAt });

    // With a second, healthy URL the read goes there and shows the truth.
    const fallback = await refreshSnapshot({ chains: [chain([proxy.url, d.rpcUrl])], accounts: [account], previous: lagging, rpcTimeoutMs: 5_000, now: dayLater });
    expect(fallback.chains[31337]).toMatchObject({ ok: true, rpcUrl: d.rpcUrl });
    expect(fallback.positions[0]!.stale).toBe(false);
    expect(hfOf(fallback)).toBeCloseTo(truth, 6);

    // By the wall clock the pinned block is not old at all (the chain's time was moved, not the clock's), but it is
    // older than the block just read: refused all the same.
    const back = await refreshSnapshot({ chains: [chain([proxy.url])], accounts: [account], previous: fallback, rpcTimeoutMs: 5_000 });
    expect(back.chains[31337]).toMatchObject({ ok: false, errors: [{ kind: 'stale-block', message: expect.stringMatching(/older than the one read before/) }] });
    expect(back.positions[0]).toMatchObject({ stale: true });
    expect(hfOf(back)).toBeCloseTo(truth, 6);
  });

  it('scan: a chain-wide stale-block error and no positions; the limit is the caller\'s', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'lagging-scan');
    await aaveV3.openPosition(d, { account, supply: { WETH: aaveV3.toUnits('WETH', '1') }, borrow: { USDC: aaveV3.toUnits('USDC', '500') } });
    const file = devnetMarketsFile(d);
    const head = await d.client.getBlock();
    const at = (now: number, maxBlockAgeSeconds: number) => scan({ ...file, accounts: [account], now: () => now, maxBlockAgeSeconds });
    const ok = await at(Number(head.timestamp) * 1000 + 299_000, 300);
    expect(ok.errors).toEqual([]);
    expect(ok.positions.map((p) => p.protocol)).toEqual(['aave-v3']);
    expect(ok.blocks).toEqual([{ chainId: 31337, blockNumber: expect.any(BigInt), timestamp: expect.any(BigInt) }]);
    const stale = await at(Number(head.timestamp) * 1000 + 3_600_000, 300);
    expect(stale.positions).toEqual([]);
    expect(stale.errors).toEqual([{ chainId: 31337, code: 'stale-block', message: expect.stringMatching(/is 60 min old \(limit 300 s\)/) }]);
  });
});

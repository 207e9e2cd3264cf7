import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanParams, ScanResult } from '../../../lib/scan/index.ts';
import type { ResolvedChain } from '../../../lib/settings/chains.ts';
import { mergeSnapshot } from '../../../lib/tracker/merge.ts';
import { refreshSnapshot } from '../../../lib/tracker/refresh.ts';
import { chooseRpc, classifyMessage, probeChainId } from '../../../lib/tracker/rpc.ts';
import { FAST_POLL_MINUTES, pollIntervalMinutes, POLL_MINUTES } from '../../../lib/tracker/schedule.ts';
import { startFakeNode, startFaultyRpc, type FaultyRpc } from '../../e2e/helpers/faulty-rpc.ts';
import { ALICE, BOB, entry, positionWithHf, snapshotOf } from './fixtures.ts';

let node: Awaited<ReturnType<typeof startFakeNode>>;
let proxy: FaultyRpc;
beforeAll(async () => {
  node = await startFakeNode(31337);
  proxy = await startFaultyRpc(node.url);
});
afterAll(async () => {
  await proxy.close();
  await node.close();
});

describe('RPC probe: each failure told apart', () => {
  const cases: [FaultyRpc['mode'], RegExp, string][] = [
    ['down', /unreachable/, 'unreachable'],
    ['429', /rate limited \(HTTP 429\)/, 'rate-limited'],
    ['garbage', /not a JSON-RPC answer/, 'bad-response'],
  ];
  for (const [mode, message, kind] of cases) {
    it(mode, async () => {
      proxy.mode = mode;
      await expect(probeChainId(proxy.url, 2_000)).rejects.toMatchObject({ kind, message: expect.stringMatching(message) });
    });
  }

  it('slow', async () => {
    proxy.mode = 'slow';
    proxy.slowMs = 2_000;
    const started = Date.now();
    await expect(probeChainId(proxy.url, 300)).rejects.toMatchObject({ kind: 'timeout', message: expect.stringMatching(/no answer within/) });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('wrong chain', async () => {
    proxy.mode = 'wrong-chain';
    await expect(chooseRpc([proxy.url], 31337, 2_000)).rejects.toMatchObject({ kind: 'wrong-chain', message: expect.stringMatching(/serves chain 1, not 31337/) });
  });

  it('falls back to the next URL that serves the right chain, in order', async () => {
    proxy.mode = '429';
    expect(await chooseRpc([proxy.url, node.url], 31337, 2_000)).toMatchObject({ url: node.url });
    proxy.mode = 'pass';
    expect(await chooseRpc([proxy.url, node.url], 31337, 2_000)).toMatchObject({ url: proxy.url });
  });

  it('reports the most telling failure when all fail', async () => {
    proxy.mode = 'wrong-chain';
    await expect(chooseRpc(['http://127.0.0.1:1', proxy.url], 31337, 2_000)).rejects.toMatchObject({
      kind: 'wrong-chain',
      message: expect.stringMatching(/\(\+1 more URL failed\)/),
    });
  });

  it('classifies reader messages', () => {
    expect(classifyMessage('HTTP request failed. Status: 429')).toBe('rate-limited');
    expect(classifyMessage('The request took too long to respond.')).toBe('timeout');
    expect(classifyMessage('execution reverted')).toBe('read-failed');
  });
});

const devnet = (rpcUrls: string[]): ResolvedChain => ({
  chainId: 31337,
  name: 'Devnet',
  rpcUrls,
  defaultRpcUrls: rpcUrls,
  customRpc: false,
  source: 'imported',
  enabled: true,
  markets: [{ protocol: 'aave-v3', chainId: 31337, name: 'Devnet Aave', poolAddressesProvider: BOB }],
});

describe('refreshSnapshot', () => {
  it('reads through the verified endpoint only and records it', async () => {
    proxy.mode = 'pass';
    const seen: ScanParams[] = [];
    const scan = async (params: ScanParams): Promise<ScanResult> => {
      seen.push(params);
      return { positions: [positionWithHf(1.3)], errors: [] };
    };
    const snapshot = await refreshSnapshot({ chains: [devnet(['http://127.0.0.1:1', proxy.url])], accounts: [ALICE], previous: null, rpcTimeoutMs: 2_000, scan, now: () => 5 });
    expect(seen[0]!.chains[0]!.rpcUrls).toEqual([proxy.url]);
    expect(snapshot.chains[31337]).toMatchObject({ ok: true, rpcUrl: proxy.url, lastSuccessAt: 5, blockNumber: 100n });
    expect(snapshot.positions).toEqual([{ position: positionWithHf(1.3), readAt: 5, stale: false }]);
  });

  it('keeps the last good positions, stale, when the RPC fails; fresh again when it is back', async () => {
    const scan = async (): Promise<ScanResult> => ({ positions: [positionWithHf(1.3)], errors: [] });
    const params = { chains: [devnet([proxy.url])], accounts: [ALICE], rpcTimeoutMs: 1_000, scan };
    proxy.mode = 'pass';
    const first = await refreshSnapshot({ ...params, previous: null, now: () => 10 });
    proxy.mode = '429';
    const second = await refreshSnapshot({ ...params, previous: first, now: () => 20 });
    expect(second.positions).toEqual([{ position: positionWithHf(1.3), readAt: 10, stale: true }]);
    expect(second.chains[31337]).toMatchObject({ ok: false, rpcUrl: null, lastSuccessAt: 10, lastAttemptAt: 20, errors: [{ kind: 'rate-limited' }] });
    proxy.mode = 'pass';
    const third = await refreshSnapshot({ ...params, previous: second, now: () => 30 });
    expect(third.positions[0]).toMatchObject({ readAt: 30, stale: false });
    expect(third.chains[31337]).toMatchObject({ ok: true, errors: [] });
  });

  it('does not call the RPC when no account is watched', async () => {
    const before = proxy.hits.pass;
    proxy.mode = 'pass';
    const snapshot = await refreshSnapshot({ chains: [devnet([proxy.url])], accounts: [], previous: null, rpcTimeoutMs: 1_000, scan: async () => ({ positions: [], errors: [] }) });
    expect(proxy.hits.pass).toBe(before);
    expect(snapshot.positions).toEqual([]);
    expect(snapshot.chains).toEqual({});
  });
});

describe('mergeSnapshot', () => {
  const chainResult = (over: object = {}) => ({ chainId: 31337, name: 'Devnet', rpcUrl: 'u', positions: [], errors: [], ...over });

  it('drops positions that are gone from a chain read fully (repaid)', () => {
    const previous = snapshotOf([entry(positionWithHf(1.3))]);
    expect(mergeSnapshot(previous, [ALICE], [chainResult()], 2).positions).toEqual([]);
  });

  it('marks only the failed market stale', () => {
    const a = positionWithHf(1.3);
    const b = positionWithHf(1.5, { market: 'Other' });
    const previous = snapshotOf([entry(a, 1), entry(b, 1)]);
    const next = mergeSnapshot(previous, [ALICE], [chainResult({ positions: [{ ...a, blockNumber: 101n }], errors: [{ kind: 'read-failed', message: 'x', market: 'Other' }] })], 2);
    expect(next.positions.map((e) => [e.position.market, e.readAt, e.stale])).toEqual([
      ['Devnet Aave', 2, false],
      ['Other', 1, true],
    ]);
    expect(next.chains[31337]!.ok).toBe(false);
  });

  it('forgets accounts no longer watched, and chains no longer read', () => {
    const previous = snapshotOf([entry(positionWithHf(1.3)), entry(positionWithHf(1.3, { account: BOB })), entry(positionWithHf(1.3, { chainId: 1 }))]);
    const next = mergeSnapshot(previous, [BOB], [chainResult({ errors: [{ kind: 'timeout', message: 't' }] })], 2);
    expect(next.positions.map((e) => e.position.account)).toEqual([BOB]);
    expect(Object.keys(next.chains)).toEqual(['31337']);
  });
});

describe('poll interval', () => {
  const t = { warnBelow: 1.25, urgentBelow: 1.1 };
  it('is a minute normally and 30 s near the warning threshold', () => {
    expect(pollIntervalMinutes(null, t)).toBe(POLL_MINUTES);
    expect(pollIntervalMinutes(snapshotOf([entry(positionWithHf(1.5))]), t)).toBe(POLL_MINUTES);
    expect(pollIntervalMinutes(snapshotOf([entry(positionWithHf(1.35))]), t)).toBe(FAST_POLL_MINUTES);
    expect(pollIntervalMinutes(snapshotOf([entry(positionWithHf(0.9))]), t)).toBe(FAST_POLL_MINUTES);
  });
});

import { describe, expect, it } from 'vitest';
import type { ScanError, ScanParams, ScanResult } from '../../../../lib/scan/index.ts';
import type { ResolvedChain } from '../../../../lib/settings/chains.ts';
import type { Snapshot } from '../../../../lib/snapshot/index.ts';
import { mergeSnapshot } from '../../../../lib/tracker/merge.ts';
import { refreshSnapshot } from '../../../../lib/tracker/refresh.ts';
import { chooseRpc, probeChainId } from '../../../../lib/tracker/rpc.ts';
import { chainsDue, FAST_POLL_MINUTES, IDLE_CHAIN_INTERVAL_MS, joinScopes, pollIntervalMinutes, POLL_MINUTES } from '../../../../lib/tracker/schedule.ts';
import type { FaultyRpc } from '../../../e2e/helpers/faulty-rpc.ts';
import { useFaultyRpc } from '../../fixtures/faulty-rpc.ts';
import { ALICE, BOB, entry, positionWithHf, snapshotOf } from '../../fixtures/snapshot.ts';

const rpc = useFaultyRpc();

describe('RPC probe: each failure told apart', () => {
  const cases: [FaultyRpc['mode'], RegExp, string][] = [
    ['down', /unreachable/, 'rpc-unreachable'],
    ['429', /rate limited \(HTTP 429\)/, 'rpc-rate-limited'],
    ['500', /server error \(HTTP 500\)/, 'rpc-server-error'],
    ['garbage', /not a JSON-RPC answer/, 'rpc-garbage'],
  ];
  for (const [mode, message, kind] of cases) {
    it(mode, async () => {
      rpc.proxy.mode = mode;
      await expect(probeChainId(rpc.proxy.url, 2_000)).rejects.toMatchObject({ code: kind, message: expect.stringMatching(message) });
    });
  }

  it('slow', async () => {
    rpc.proxy.mode = 'slow';
    rpc.proxy.slowMs = 2_000;
    const started = Date.now();
    await expect(probeChainId(rpc.proxy.url, 300)).rejects.toMatchObject({ code: 'rpc-timeout', message: expect.stringMatching(/no answer within/) });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('wrong chain', async () => {
    rpc.proxy.mode = 'wrong-chain';
    await expect(chooseRpc([rpc.proxy.url], 31337, 2_000)).rejects.toMatchObject({ code: 'wrong-chain', message: expect.stringMatching(/serves chain 1, not 31337/) });
  });

  it('falls back to the next URL that serves the right chain, in order', async () => {
    rpc.proxy.mode = '429';
    expect(await chooseRpc([rpc.proxy.url, rpc.node.url], 31337, 2_000)).toMatchObject({ url: rpc.node.url });
    rpc.proxy.mode = 'pass';
    expect(await chooseRpc([rpc.proxy.url, rpc.node.url], 31337, 2_000)).toMatchObject({ url: rpc.proxy.url });
  });

  it('reports the most telling failure when all fail', async () => {
    rpc.proxy.mode = 'wrong-chain';
    await expect(chooseRpc(['http://127.0.0.1:1', rpc.proxy.url], 31337, 2_000)).rejects.toMatchObject({
      code: 'wrong-chain',
      message: expect.stringMatching(/\(\+1 more URL failed\)/),
    });
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
  /** A scan that answers per endpoint as `outcomes` says (the real scan is proven on the devnet in tests/chain/freshness.test.ts). */
  const scanBy = (outcomes: Record<string, Partial<ScanResult>>, seen: ScanParams[] = []) => async (params: ScanParams): Promise<ScanResult> => {
    seen.push(params);
    const url = params.chains[0]!.rpcUrls[0]!;
    return { positions: [], errors: [], blocks: [], ...outcomes[url] };
  };
  const fresh = (timestamp = 1_700_000_000n) => ({ blocks: [{ chainId: 31337, blockNumber: 100n, timestamp }] });
  const failed = (code: ScanError['code'], message: string = code) => ({ errors: [{ chainId: 31337, code, message }] });

  it('reads through the first endpoint that passes the chain-wide check, and records it and its block', async () => {
    const seen: ScanParams[] = [];
    const scan = scanBy({ a: failed('rpc-unreachable'), b: { positions: [positionWithHf(1.3)], ...fresh() } }, seen);
    const snapshot = await refreshSnapshot({ chains: [devnet(['a', 'b'])], accounts: [ALICE], previous: null, rpcTimeoutMs: 2_000, scan, now: () => 5 });
    expect(seen.map((p) => p.chains[0]!.rpcUrls)).toEqual([['a'], ['b']]);
    expect(snapshot.chains[31337]).toMatchObject({ ok: true, rpcUrl: 'b', lastSuccessAt: 5, blockNumber: 100n, blockTimestamp: 1_700_000_000n });
    expect(snapshot.positions).toEqual([{ position: positionWithHf(1.3), readAt: 5, stale: false }]);
  });

  it('hands the block read last time to the next scan, so an endpoint serving an older one is refused', async () => {
    const seen: ScanParams[] = [];
    const first = await refreshSnapshot({ chains: [devnet(['a'])], accounts: [ALICE], previous: null, rpcTimeoutMs: 2_000, scan: scanBy({ a: fresh(1_700_000_123n) }), now: () => 5 });
    await refreshSnapshot({ chains: [devnet(['a'])], accounts: [ALICE], previous: first, rpcTimeoutMs: 2_000, scan: scanBy({ a: fresh() }, seen), now: () => 6 });
    expect(seen[0]!.notBefore).toEqual({ 31337: 1_700_000_123n });
  });

  it('a lagging endpoint is a failing one: the next URL is tried, and when none is fresh the positions go stale', async () => {
    const params = { chains: [devnet(['http://lagging.example', 'http://spare.example'])], accounts: [ALICE], rpcTimeoutMs: 1_000 };
    const first = await refreshSnapshot({ ...params, previous: null, now: () => 10, scan: scanBy({ 'http://lagging.example': { positions: [positionWithHf(1.3)], ...fresh() } }) });
    const stale = failed('stale-block', "The RPC's latest block (90) is 1 days old");
    const fallback = await refreshSnapshot({ ...params, previous: first, now: () => 20, scan: scanBy({ 'http://lagging.example': stale, 'http://spare.example': { positions: [positionWithHf(1.05)], ...fresh() } }) });
    expect(fallback.chains[31337]).toMatchObject({ ok: true, rpcUrl: 'http://spare.example' });
    expect(fallback.positions).toEqual([{ position: positionWithHf(1.05), readAt: 20, stale: false }]);
    const none = await refreshSnapshot({ ...params, previous: fallback, now: () => 30, scan: scanBy({ 'http://lagging.example': stale, 'http://spare.example': failed('rpc-rate-limited') }) });
    expect(none.positions).toEqual([{ position: positionWithHf(1.05), readAt: 20, stale: true }]);
    expect(none.chains[31337]).toMatchObject({
      ok: false,
      rpcUrl: null,
      lastSuccessAt: 20,
      errors: [{ kind: 'stale-block', message: expect.stringMatching(/^lagging\.example: The RPC's latest block \(90\) is 1 days old \(\+1 more URL failed\)$/) }],
    });
  });

  it('a contract failure is not an endpoint failure: kept with its code, no other URL tried', async () => {
    const seen: ScanParams[] = [];
    const scan = scanBy({ a: { errors: [{ chainId: 31337, market: 'Devnet Aave', protocol: 'aave-v3', code: 'contract-reverted', message: 'A contract call reverted: x' }], ...fresh() } }, seen);
    const snapshot = await refreshSnapshot({ chains: [devnet(['a', 'b'])], accounts: [ALICE], previous: null, rpcTimeoutMs: 1_000, scan, now: () => 5 });
    expect(seen).toHaveLength(1);
    expect(snapshot.chains[31337]).toMatchObject({ ok: false, rpcUrl: 'a', errors: [{ kind: 'contract-reverted', market: 'Devnet Aave', protocol: 'aave-v3' }] });
  });

  it('does not read anything when no account is watched', async () => {
    const seen: ScanParams[] = [];
    const snapshot = await refreshSnapshot({ chains: [devnet([rpc.proxy.url])], accounts: [], previous: null, rpcTimeoutMs: 1_000, scan: scanBy({}, seen) });
    expect(seen).toEqual([]);
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
    const next = mergeSnapshot(previous, [ALICE], [chainResult({ positions: [{ ...a, blockNumber: 101n }], errors: [{ kind: 'contract-reverted', message: 'x', market: 'Other' }] })], 2);
    expect(next.positions.map((e) => [e.position.market, e.readAt, e.stale])).toEqual([
      ['Devnet Aave', 2, false],
      ['Other', 1, true],
    ]);
    expect(next.chains[31337]!.ok).toBe(false);
  });

  it('a failed market is its protocol and name: another protocol\'s market of the same name stays fresh, once', () => {
    const aave = positionWithHf(1.3, { market: 'Devnet' });
    const comet = positionWithHf(1.5, { market: 'Devnet', protocol: 'compound-v3', details: { protocol: 'compound-v3', comet: ALICE, baseToken: BOB } });
    const previous = snapshotOf([entry(aave, 1), entry(comet, 1)]);
    const next = mergeSnapshot(
      previous,
      [ALICE],
      [chainResult({ positions: [{ ...aave, blockNumber: 101n }], errors: [{ kind: 'contract-reverted', message: 'x', market: 'Devnet', protocol: 'compound-v3' }] })],
      2,
    );
    expect(next.positions.map((e) => [e.position.protocol, e.readAt, e.stale])).toEqual([
      ['aave-v3', 2, false],
      ['compound-v3', 1, true],
    ]);
    // An error that names no protocol matches every market of that name: kept, stale, rather than dropped.
    const legacy = mergeSnapshot(previous, [ALICE], [chainResult({ positions: [], errors: [{ kind: 'contract-reverted', message: 'x', market: 'Devnet' }] })], 2);
    expect(legacy.positions.map((e) => [e.position.protocol, e.stale])).toEqual([
      ['aave-v3', true],
      ['compound-v3', true],
    ]);
  });

  it('forgets accounts no longer watched, and chains no longer read', () => {
    const previous = snapshotOf([entry(positionWithHf(1.3)), entry(positionWithHf(1.3, { account: BOB })), entry(positionWithHf(1.3, { chainId: 1 }))]);
    const next = mergeSnapshot(previous, [BOB], [chainResult({ errors: [{ kind: 'rpc-timeout', message: 't' }] })], 2);
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

describe('RPC budget: which chains a refresh reads', () => {
  const NOW = 10_000_000;
  const ids = [31337, 1, 8453];
  /** ALICE has a position on 31337; chains 1 and 8453 were last read `idleAgoMs` ago and hold nothing. */
  const previous = (idleAgoMs: number) => {
    const s = snapshotOf([entry(positionWithHf(1.5), NOW - 60_000)]);
    for (const id of [1, 8453]) s.chains[id] = { ...s.chains[31337]!, chainId: id, lastAttemptAt: NOW - idleAgoMs };
    return s;
  };

  it('the poll reads chains with positions every time, the others every 30 min', () => {
    expect(chainsDue(ids, previous(60_000), [ALICE], NOW, 'scheduled')).toEqual([31337]);
    expect(chainsDue(ids, previous(29 * 60_000), [ALICE], NOW, "scheduled")).toEqual([31337]);
    expect(chainsDue(ids, previous(29.6 * 60_000), [ALICE], NOW, "scheduled")).toEqual([31337, 1, 8453]); // within the alarm slack
    expect(chainsDue(ids, previous(IDLE_CHAIN_INTERVAL_MS), [ALICE], NOW, 'scheduled')).toEqual([31337, 1, 8453]);
  });

  it('a new account, a chain never read, or the user asking reads everything', () => {
    expect(chainsDue(ids, previous(60_000), [ALICE, BOB], NOW, 'scheduled')).toEqual(ids);
    expect(chainsDue([...ids, 10], previous(60_000), [ALICE], NOW, 'scheduled')).toEqual([31337, 10]);
    expect(chainsDue(ids, previous(60_000), [ALICE], NOW, 'all')).toEqual(ids);
    expect(chainsDue(ids, null, [ALICE], NOW, 'scheduled')).toEqual(ids);
  });

  it('opening a chain\'s dapp reads that chain at once, but not twice within a minute', () => {
    expect(chainsDue(ids, previous(5 * 60_000), [ALICE], NOW, { chainIds: [8453] })).toEqual([8453]);
    expect(chainsDue(ids, previous(20_000), [ALICE], NOW, { chainIds: [8453] })).toEqual([]);
    expect(chainsDue(ids, previous(5 * 60_000), [ALICE], NOW, joinScopes('scheduled', { chainIds: [8453] }))).toEqual([31337, 8453]);
    expect(joinScopes({ chainIds: [1] }, 'all')).toBe('all');
  });

  it('a refresh keeps what it did not read, and reads nothing when nothing is due', async () => {
    const seen: ScanParams[] = [];
    const scan = async (params: ScanParams): Promise<ScanResult> => {
      seen.push(params);
      return { positions: params.chains[0]!.chainId === 31337 ? [positionWithHf(1.4)] : [], errors: [], blocks: [] };
    };
    const chain = (chainId: number): ResolvedChain => ({ ...devnet([`http://${chainId}.example`]), chainId });
    const prev = previous(20_000);
    const next = await refreshSnapshot({ chains: ids.map(chain), accounts: [ALICE], previous: prev, rpcTimeoutMs: 1_000, scan, now: () => NOW, scope: 'scheduled' });
    expect(seen.map((p) => p.chains[0]!.chainId)).toEqual([31337]);
    expect(next.chains[1]).toEqual(prev.chains[1]);
    expect(next.chains[31337]!.lastAttemptAt).toBe(NOW);
    seen.length = 0;
    expect(await refreshSnapshot({ chains: ids.map(chain), accounts: [ALICE], previous: next, rpcTimeoutMs: 1_000, scan, now: () => NOW, scope: { chainIds: [1] } })).toBe(next);
    expect(seen).toEqual([]);
  });
});

describe('the block read before', () => {
  const scanSeen = (seen: ScanParams[]) => async (params: ScanParams): Promise<ScanResult> => {
    seen.push(params);
    return { positions: [], errors: [], blocks: [] };
  };
  const withBlock = (blockTimestamp: bigint, lastSuccessAt: number) => {
    const s = snapshotOf([entry(positionWithHf(1.5))]);
    s.chains[31337] = { ...s.chains[31337]!, blockTimestamp, lastSuccessAt };
    return s;
  };

  it('holds on a live chain however long it lags; lets a devnet whose time ran ahead go after 10 min (it was reset)', async () => {
    const T = 1_800_000_000_000;
    const run = async (previous: Snapshot, now: number) => {
      const seen: ScanParams[] = [];
      await refreshSnapshot({ chains: [devnet(['http://a.example'])], accounts: [ALICE], previous, rpcTimeoutMs: 1_000, scan: scanSeen(seen), now: () => now });
      return seen[0]!.notBefore;
    };
    const live = withBlock(BigInt(T / 1000) - 5n, T);
    expect(await run(live, T + 60 * 60_000)).toEqual({ 31337: BigInt(T / 1000) - 5n });
    const warped = withBlock(BigInt(T / 1000) + 86_400n, T);
    expect(await run(warped, T + 60_000)).toEqual({ 31337: BigInt(T / 1000) + 86_400n });
    expect(await run(warped, T + 11 * 60_000)).toBeUndefined();
  });
});

/**
 * Issue 11's figures, through the extension's own path (`refreshSnapshot`: chain-wide check, block, every
 * protocol), against the devnet behind a counting proxy:
 * - HTTP requests (and JSON-RPC calls) per chain per warm refresh, for 1, 10 and 50 accounts with positions
 *   on Aave v3, Morpho Blue and the Comet stand-in; warm "after a worker restart" = the static data read back
 *   from its stored form (`lib/tracker/market-cache.ts`), as the extension does;
 * - requests per day for one account with positions on 2 of the built-in chains, not near a threshold
 *   (one poll a minute), the worker stopped between alarms: the real scheduler (`chainsDue`) decides what
 *   each of the 1,440 polls reads, and each chain read costs what was measured here (a chain with a position:
 *   the warm figure for 1 account; a chain without: the figure for an account with nothing there).
 */
import type { Address } from 'viem';
import { aaveV3, compoundV3, devnetMarketsFile, morphoBlue, type Devnet } from '../../lib/devnet/index.ts';
import { builtinChains } from '../../lib/markets/chains.ts';
import type { ResolvedChain } from '../../lib/settings/chains.ts';
import type { Snapshot } from '../../lib/snapshot/index.ts';
import { decodeMarketCache, encodeMarketCache } from '../../lib/tracker/market-cache.ts';
import { refreshSnapshot } from '../../lib/tracker/refresh.ts';
import { chainsDue, POLL_MINUTES } from '../../lib/tracker/schedule.ts';
import { freshAccount } from '../chain/helpers/aave-fixtures.ts';
import { startRpcCounter } from '../helpers/rpc-counter.ts';

const BUILTIN_CHAINS = builtinChains.length;
const GOAL_PER_DAY = 5_000;

export async function benchRefresh(devnet: Devnet) {
  const proxy = await startRpcCounter(devnet.rpcUrl);
  const file = devnetMarketsFile(devnet, { rpcUrls: [proxy.url] });
  const chain: ResolvedChain = { ...file.chains[0]!, defaultRpcUrls: file.chains[0]!.rpcUrls, customRpc: false, source: 'imported', enabled: true, markets: file.markets };
  const morphoMarket = devnet.morpho.markets['WETH/USDC'];
  const rows: Record<string, number | string>[] = [];
  const measure = async (accounts: Address[], touch?: () => Promise<unknown>) => {
    let stored = encodeMarketCache(new Map(), Date.now());
    let previous: Snapshot | null = null;
    const read = async () => {
      // The worker was stopped: the cache comes back from storage, validated.
      const { cache } = decodeMarketCache(JSON.parse(JSON.stringify(stored)), Date.now());
      proxy.reset();
      previous = await refreshSnapshot({ chains: [chain], accounts, previous, rpcTimeoutMs: 10_000, cache });
      stored = encodeMarketCache(cache, Date.now(), stored);
      return { http: proxy.counts.http, calls: proxy.counts.calls, methods: { ...proxy.counts.methods } };
    };
    const cold = await read();
    // Warm reads a block apart, as on a live chain (interest due, Morpho's IRM asked): the worst of three.
    const warm = [];
    for (let i = 0; i < 3; i++) {
      if (touch) await touch();
      await devnet.client.mine({ blocks: 1, interval: 12 });
      warm.push(await read());
    }
    const worst = warm.reduce((a, b) => (b.http > a.http ? b : a));
    const snap = previous as Snapshot | null;
    return { cold, warm: worst, warmAll: warm.map((w) => w.http).join('/'), positions: snap?.positions.length ?? 0, ok: snap?.chains[chain.chainId]?.ok ?? false };
  };
  try {
    const all: Address[] = [];
    for (const n of [1, 10, 50]) {
      while (all.length < n) {
        const account = await freshAccount(devnet, `bench-refresh-${all.length}`);
        await aaveV3.openPosition(devnet, { account, supply: { WETH: aaveV3.toUnits('WETH', '2') }, borrow: { USDC: aaveV3.toUnits('USDC', '1000') } });
        await morphoBlue.openPosition(devnet, { account, market: morphoMarket, collateral: 10n ** 18n, borrow: 100n * 10n ** 6n });
        await compoundV3.openPosition(devnet.compound, { account, collateral: { WETH: 10n ** 18n }, borrow: 100n * 10n ** 6n });
        all.push(account);
      }
      const r = await measure(all.slice(0, n));
      rows.push({ accounts: n, positions: r.positions, ok: String(r.ok), coldHttp: r.cold.http, warmHttp: r.warm.http, warmRuns: r.warmAll, warmCalls: r.warm.calls, warmMethods: JSON.stringify(r.warm.methods) });
    }
    const withPosition = rows[0]!.warmHttp as number;
    const nobody = await freshAccount(devnet, 'bench-refresh-nobody');
    const idle = await measure([nobody]);
    // A busy Morpho market (someone interacts between two refreshes, as on mainnet's large markets): the IRM
    // rate asked ahead is for a struct that moved, so Morpho needs its second request.
    const busy = await measure([all[0]!], () => morphoBlue.accrue(devnet, { market: morphoMarket }));

    // A day of polls: 2 chains with a position, 14 without.
    const ids = Array.from({ length: BUILTIN_CHAINS }, (_, i) => i + 1);
    const hasPosition = new Set([1, 2]);
    const me = all[0]!;
    let snapshot: Snapshot | null = null;
    let requests = 0;
    let chainReads = 0;
    const t0 = Date.UTC(2026, 0, 1);
    for (let minute = 0; minute < 24 * 60; minute += POLL_MINUTES) {
      const now = t0 + minute * 60_000;
      const due = chainsDue(ids, snapshot, [me], now, 'scheduled');
      chainReads += due.length;
      requests += due.reduce((sum, id) => sum + (hasPosition.has(id) ? withPosition : idle.warm.http), 0);
      const chains: Snapshot['chains'] = { ...(snapshot?.chains ?? {}) };
      for (const id of due) chains[id] = { chainId: id, name: `chain ${id}`, ok: true, errors: [], rpcUrl: 'x', lastAttemptAt: now, lastSuccessAt: now, blockNumber: 1n, blockTimestamp: 1n };
      const template = (previous: Snapshot | null) => previous?.positions[0];
      const positions = [...hasPosition].map((chainId) => {
        const entry = template(snapshot) ?? { position: { chainId, account: me } as never, readAt: now, stale: false };
        return { ...entry, position: { ...entry.position, chainId, account: me } };
      });
      snapshot = { version: 1, updatedAt: now, accounts: [me], chains, positions };
    }
    rows.push({ accounts: '1, Morpho market busy', positions: busy.positions, ok: String(busy.ok), coldHttp: busy.cold.http, warmHttp: busy.warm.http, warmRuns: busy.warmAll, warmCalls: busy.warm.calls, warmMethods: JSON.stringify(busy.warm.methods) });
    rows.push({ accounts: 'idle chain (no position)', positions: idle.positions, ok: String(idle.ok), coldHttp: idle.cold.http, warmHttp: idle.warm.http, warmRuns: idle.warmAll, warmCalls: idle.warm.calls, warmMethods: JSON.stringify(idle.warm.methods) });
    console.table(rows);
    console.log(
      `  requests/day, 1 account with positions on 2 of ${BUILTIN_CHAINS} chains, worker stopped between alarms: ` +
        `${requests} HTTP requests (${chainReads} chain reads: ${withPosition}/read with a position, ${idle.warm.http}/read without) — goal ≤ ${GOAL_PER_DAY}`,
    );
    console.log(
      `  same, both chains' Morpho markets busy every minute: ${requests + 2 * 1440 * (busy.warm.http - withPosition)} HTTP requests`,
    );
    console.log(`  before (every chain every minute, cold after each worker stop): ~${BUILTIN_CHAINS * 1440 * (idle.cold.http + 1)} requests/day`);
    return rows;
  } finally {
    await proxy.close();
  }
}

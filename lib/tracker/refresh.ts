import { http, type Address } from 'viem';
import { GuardError, isEndpointError } from '../errors.ts';
import { scan as defaultScan, type ScanParams, type ScanResult } from '../scan/index.ts';
import type { ResolvedChain } from '../settings/chains.ts';
import type { Snapshot } from '../snapshot/index.ts';
import { mergeSnapshot, type ChainReadResult } from './merge.ts';
import { host, mostTelling } from './rpc.ts';
import { chainsDue, type RefreshScope } from './schedule.ts';

export interface RefreshParams {
  chains: ResolvedChain[];
  accounts: Address[];
  previous: Snapshot | null;
  rpcTimeoutMs: number;
  now?: () => number;
  /** Injected in tests; the real reader otherwise. */
  scan?: (params: ScanParams) => Promise<ScanResult>;
  fetchFn?: typeof fetch;
  /** Static market data kept across refreshes (the background keeps it in session storage: `cache-codec.ts`). */
  cache?: Map<string, unknown>;
  /** Which chains to read (default `'all'`); see `chainsDue`. Chains not read keep their previous status. */
  scope?: RefreshScope;
}

/**
 * One refresh: every chain in parallel, each read through its endpoints in the user's order, then the
 * merged snapshot. Never throws for a chain's failure: that is data (the chain's status), not an error.
 * Runs in Node as well as in the worker (no browser API), so it is tested against a real devnet.
 */
export async function refreshSnapshot(params: RefreshParams): Promise<Snapshot> {
  const now = params.now ?? Date.now;
  const scan = params.scan ?? defaultScan;
  // Nobody to watch: nothing is read, and no chain is reported as read.
  const all = params.accounts.length === 0 ? [] : params.chains;
  const due = new Set(chainsDue(all.map((c) => c.chainId), params.previous, params.accounts, now(), params.scope ?? 'all'));
  // Nothing due (a dapp asked for a chain read moments ago): nothing read, nothing changes.
  if (due.size === 0 && params.previous && all.length > 0) return params.previous;
  const results = await Promise.all(all.filter((c) => due.has(c.chainId)).map((chain) => readChain(chain, params, scan, now)));
  const carried = all.map((c) => c.chainId).filter((id) => !due.has(id));
  return mergeSnapshot(params.previous, params.accounts, results, now(), carried);
}

/** A chain whose last read block was this far ahead of the clock had its time moved (a devnet): see below. */
const AHEAD_OF_CLOCK_S = 300n;
/** How long such a chain may serve older blocks before we take it as reset rather than lagging. */
const RESET_AFTER_MS = 10 * 60_000;

/**
 * The block time a new read must not go back before: the last one read. One exception, which no live chain
 * meets: when that block was well ahead of the clock (a devnet whose time was moved forward) and nothing newer
 * came for 10 minutes, the chain was reset (a devnet restarted), so the rule stops holding it hostage. The
 * wall-clock limit still applies to every read.
 */
function notBeforeOf(prev: { blockTimestamp?: bigint | null; lastSuccessAt: number | null } | undefined, now: number): bigint | undefined {
  const last = prev?.blockTimestamp ?? undefined;
  if (last === undefined || prev?.lastSuccessAt == null) return last;
  const aheadOfClock = last > BigInt(Math.floor(prev.lastSuccessAt / 1000)) + AHEAD_OF_CLOCK_S;
  return aheadOfClock && now - prev.lastSuccessAt > RESET_AFTER_MS ? undefined : last;
}

/**
 * One chain, one endpoint at a time. There is no separate preflight: the chain id and the latest block ride
 * in the same batch as the reads (`lib/scan`), so an endpoint that is down, serves another chain, or lags
 * (its latest block too old, or older than the one read last time) fails the chain-wide check, its answers
 * are thrown away, and the next URL is tried. Only when none passes is the chain marked failed, with the
 * most telling reason; its positions then stay, marked stale, exactly as for an RPC that is down.
 */
async function readChain(
  chain: ResolvedChain,
  params: RefreshParams,
  scan: (p: ScanParams) => Promise<ScanResult>,
  now: () => number,
): Promise<ChainReadResult> {
  const base = { chainId: chain.chainId, name: chain.name };
  const notBefore = notBeforeOf(params.previous?.chains[chain.chainId], now());
  const failures: GuardError[] = [];
  for (const url of chain.rpcUrls) {
    // Each attempt fills a scratch copy of the cache: what a refused endpoint answered is never kept.
    const scratch = params.cache ? new Map(params.cache) : undefined;
    let result: ScanResult;
    try {
      result = await scan({
        chains: [{ chainId: chain.chainId, name: chain.name, rpcUrls: [url] }],
        markets: chain.markets,
        accounts: params.accounts,
        // Only this endpoint: falling back mid-read to an unchecked one could mix in another chain.
        transport: () =>
          http(url, {
            batch: true,
            timeout: params.rpcTimeoutMs,
            // No retry: a failure moves on to the next URL, and the next poll tries again (retrying a 429 at once
            // only digs the hole deeper).
            retryCount: 0,
            fetchOptions: { credentials: 'omit' },
            ...(params.fetchFn ? { fetchFn: params.fetchFn } : {}),
          }),
        ...(scratch ? { cache: scratch } : {}),
        ...(notBefore !== undefined ? { notBefore: { [chain.chainId]: notBefore } } : {}),
        now,
      });
    } catch (error) {
      failures.push(new GuardError('bad-data', `${host(url)}: ${(error as Error).message}`.slice(0, 500), { cause: error }));
      continue;
    }
    const chainWide = result.errors.find((e) => e.market === undefined && e.chainId === chain.chainId);
    if (chainWide && isEndpointError(chainWide.code)) {
      failures.push(new GuardError(chainWide.code, `${host(url)}: ${chainWide.message}`.slice(0, 500)));
      continue;
    }
    if (scratch && params.cache) for (const [k, v] of scratch) params.cache.set(k, v);
    const block = result.blocks.find((b) => b.chainId === chain.chainId);
    return {
      ...base,
      rpcUrl: url,
      positions: result.positions.filter((p) => p.chainId === chain.chainId),
      errors: result.errors.map((e) => ({
        kind: e.code,
        message: e.message.slice(0, 500),
        ...(e.market !== undefined ? { market: e.market } : {}),
        ...(e.protocol !== undefined ? { protocol: e.protocol } : {}),
        ...(e.marketId !== undefined ? { marketId: e.marketId } : {}),
      })),
      ...(block ? { block: { blockNumber: block.blockNumber, timestamp: block.timestamp } } : {}),
    };
  }
  const worst = mostTelling(failures);
  return { ...base, rpcUrl: null, positions: [], errors: [{ kind: worst.code, message: worst.shortMessage.slice(0, 500) }] };
}

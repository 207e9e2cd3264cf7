import { getAddress, type Address, type Client, type Hex } from 'viem';
import { GuardError } from '../../errors.ts';
import type { MorphoBlueMarketConfig } from './config.ts';
import type { Position } from '../../core/types.ts';
import { discoverMorphoMarkets, type MorphoDiscoveryState } from './discovery.ts';
import type { MorphoMarketStatic } from './market.ts';
import type { MarketState } from './math.ts';
import { morphoDeployBlock } from './markets.ts';
import { readMorphoPositions, type MorphoMarketFailure } from './positions.ts';

export {
  readMorphoPositions,
  type ReadMorphoPositionsParameters,
  type ReadMorphoPositionsReturnType,
  type MorphoMarketSnapshot,
  type MorphoMarketFailure,
} from './positions.ts';
export {
  discoverMorphoMarkets,
  type DiscoverMorphoMarketsParameters,
  type DiscoverMorphoMarketsReturnType,
  type MorphoDiscoveryState,
  type AccountScan,
} from './discovery.ts';
export { builtinMorphoMarkets, MORPHO_DEPLOYMENTS, morphoDeployBlock, type MorphoDeployment } from './markets.ts';
export { normalizeMarketId, type MorphoMarketInfo, type MorphoMarketParams, type MorphoMarketStatic } from './market.ts';
export * as morphoMath from './math.ts';

export interface ReadMorphoMarketOptions {
  /** The scan's cache: static market data and the discovery state are kept here between refreshes. */
  cache?: Map<string, unknown>;
  /** Budget of one discovery step (eth_getLogs requests; default 8). */
  discoveryMaxRequests?: number;
  /** Unix ms (default `Date.now`), for the idle-market schedule. */
  now?: number;
}

export interface ReadMorphoMarketReturnType {
  positions: Position[];
  /** Markets of this deployment that could not be read, each named by id; the others are in `positions`. */
  failures: MorphoMarketFailure[];
}

/**
 * A discovered market where none of the watched accounts borrows is checked again only after this long:
 * with no debt there is nothing to liquidate, and an attacker who supplies dust collateral on a victim's
 * behalf in a thousand markets must not make every refresh read a thousand markets.
 */
export const IDLE_MARKET_RECHECK_MS = 30 * 60_000;

/**
 * A complete discovery (every account's history scanned) looks for new markets this often, not on every
 * refresh: the markets already found are read every time regardless, and a market the user just opened is
 * found within this delay (at once when an account is added: its history is not complete).
 */
export const DISCOVERY_INTERVAL_MS = 5 * 60_000;

/**
 * One configured Morpho deployment, for `lib/scan`: the listed market ids, or — when the config lists none
 * (`"marketIds": []`, as the built-in entries) — the markets the accounts used, found by `discoverMorphoMarkets`
 * and resumed from the cached state on every refresh.
 *
 * Each market stands alone: one that cannot be read (an unknown id in a markets file, a token without
 * `decimals()`, an IRM that reverts) is a named failure, and the others are read as usual.
 *
 * Discovered markets are read for borrowers only (`borrowersOnly`): a collateral-only position there is not
 * shown (no debt, nothing to liquidate; it appears once the account borrows), and such a market is re-checked
 * every `IDLE_MARKET_RECHECK_MS` rather than on every refresh. Listed markets show collateral-only positions.
 */
export async function readMorphoMarket(
  client: Client,
  config: MorphoBlueMarketConfig,
  accounts: readonly Address[],
  opts: ReadMorphoMarketOptions = {},
): Promise<ReadMorphoMarketReturnType> {
  const base = `morpho-blue:${config.chainId}:${config.morpho.toLowerCase()}`;
  const now = opts.now ?? Date.now();
  const discovered = config.marketIds.length === 0;
  // Which discovered markets were idle for exactly this set of accounts, and when that was last checked.
  const idleKey = `${base}:idle:${[...accounts].map((a) => a.toLowerCase()).sort().join(',')}`;
  const idle = { ...((opts.cache?.get(idleKey) as Record<Hex, number> | undefined) ?? {}) };
  const worthReading = (id: string) => !(now - (idle[id as Hex] ?? -Infinity) < IDLE_MARKET_RECHECK_MS);

  const read = (marketIds: readonly string[]) =>
    readMorphoPositions(client, {
      chainId: config.chainId,
      market: config.name,
      morpho: config.morpho,
      marketIds,
      accounts,
      marketStatic: opts.cache?.get(base) as MorphoMarketStatic | undefined,
      borrowersOnly: discovered,
      lastStored: (opts.cache?.get(`${base}:stored`) as Record<Hex, MarketState> | undefined) ?? {},
    });

  const results: Awaited<ReturnType<typeof read>>[] = [];
  let marketIds: readonly string[] = config.marketIds;
  if (discovered) {
    // The markets found so far are read at once, beside the log scan (same batch); the scan itself runs every
    // DISCOVERY_INTERVAL_MS once complete (each run is an eth_blockNumber, then eth_getLogs: a second request).
    const state = opts.cache?.get(`${base}:discovery`) as MorphoDiscoveryState | undefined;
    const fromBlock = morphoDeployBlock(config.chainId, config.morpho);
    const scans = accounts.map((a) => state?.accounts[getAddress(a)]);
    const known = [...new Set(scans.flatMap((scan) => scan?.marketIds ?? []))].filter(worthReading);
    const lastRun = opts.cache?.get(`${base}:discoveredAt`) as number | undefined;
    const complete = scans.every((scan) => scan !== undefined && scan.scannedFrom <= fromBlock);
    const due = !complete || lastRun === undefined || !(now - lastRun < DISCOVERY_INTERVAL_MS);
    const [found, first] = await Promise.all([
      due
        ? discoverMorphoMarkets(client, {
            morpho: config.morpho,
            accounts,
            fromBlock,
            ...(state ? { state } : {}),
            ...(opts.discoveryMaxRequests === undefined ? {} : { maxRequests: opts.discoveryMaxRequests }),
          })
        : undefined,
      known.length > 0 ? read(known) : undefined,
    ]);
    if (first) keep(first);
    if (found) {
      opts.cache?.set(`${base}:discovery`, found.state);
      opts.cache?.set(`${base}:discoveredAt`, now);
    }
    const added = found ? [...new Set(Object.values(found.marketIds).flat())].filter((id) => !known.includes(id) && worthReading(id)) : [];
    if (added.length > 0) keep(await read(added));
    marketIds = [...known, ...added];
  } else {
    keep(await read(marketIds));
  }

  function keep(result: Awaited<ReturnType<typeof read>>) {
    results.push(result);
    opts.cache?.set(base, result.marketStatic);
    const stored = (opts.cache?.get(`${base}:stored`) as Record<Hex, MarketState> | undefined) ?? {};
    opts.cache?.set(`${base}:stored`, { ...stored, ...result.lastStored });
  }

  if (discovered) {
    for (const id of marketIds) delete idle[id as Hex];
    for (const id of results.flatMap((r) => r.idleMarketIds)) idle[id] = now;
    opts.cache?.set(idleKey, idle);
  }
  const unknown = results.flatMap((r) =>
    r.unknownMarketIds.map(
      (id): MorphoMarketFailure => ({
        id,
        error: new GuardError('invalid-input', `Morpho Blue at ${config.morpho} on chain ${config.chainId} has no market ${id}.`),
      }),
    ),
  );
  return { positions: results.flatMap((r) => r.positions), failures: [...unknown, ...results.flatMap((r) => r.failures)] };
}

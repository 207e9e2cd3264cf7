import type { Address, Client, Hex } from 'viem';
import { GuardError } from '../../errors.ts';
import type { MorphoBlueMarketConfig } from '../../markets/types.ts';
import type { Position } from '../../risk/types.ts';
import { discoverMorphoMarkets, type MorphoDiscoveryState } from './discovery.ts';
import type { MorphoMarketStatic } from './market.ts';
import { morphoDeployBlock } from './markets.ts';
import { readMorphoPositions } from './positions.ts';

export { readMorphoPositions, type ReadMorphoPositionsParameters, type ReadMorphoPositionsReturnType, type MorphoMarketSnapshot } from './positions.ts';
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
}

/**
 * One configured Morpho deployment, for `lib/scan`: the listed market ids, or — when the config lists none
 * (the built-in entries) — the markets the accounts used, found by `discoverMorphoMarkets` and resumed from
 * the cached state on every refresh. Throws when a listed id has no market (a markets-file mistake worth a
 * clear error rather than a silently empty result).
 */
export async function readMorphoMarket(
  client: Client,
  config: MorphoBlueMarketConfig,
  accounts: readonly Address[],
  opts: ReadMorphoMarketOptions = {},
): Promise<Position[]> {
  const base = `morpho-blue:${config.chainId}:${config.morpho.toLowerCase()}`;
  let marketIds: readonly string[] = config.marketIds;
  if (marketIds.length === 0) {
    const found = await discoverMorphoMarkets(client, {
      morpho: config.morpho,
      accounts,
      fromBlock: morphoDeployBlock(config.chainId, config.morpho),
      state: opts.cache?.get(`${base}:discovery`) as MorphoDiscoveryState | undefined,
      ...(opts.discoveryMaxRequests === undefined ? {} : { maxRequests: opts.discoveryMaxRequests }),
    });
    opts.cache?.set(`${base}:discovery`, found.state);
    marketIds = [...new Set(Object.values(found.marketIds).flat())];
    if (marketIds.length === 0) return [];
  }
  const result = await readMorphoPositions(client, {
    chainId: config.chainId,
    market: config.name,
    morpho: config.morpho,
    marketIds,
    accounts,
    marketStatic: opts.cache?.get(base) as MorphoMarketStatic | undefined,
  });
  opts.cache?.set(base, result.marketStatic);
  if (result.unknownMarketIds.length > 0) {
    const ids: Hex[] = result.unknownMarketIds;
    throw new GuardError(
      'bad-data',
      `Morpho Blue at ${config.morpho} on chain ${config.chainId} has no market ${ids.join(', ')}.`,
    );
  }
  return result.positions;
}

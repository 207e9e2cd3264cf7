import type { Address } from 'viem';
import type { Position } from '../../core/types.ts';
import type { MarketBase } from '../adapter.ts';

/** The scan-cache key of one market's static data: `<protocol>:<chainId>:<the contract that names it>`. */
export const marketCacheKey = (market: MarketBase<string>, contract: Address): string =>
  `${market.protocol}:${market.chainId}:${contract}`;

/**
 * A reader that takes the market's static data kept from the last refresh (reserve list, token symbols…)
 * and returns it again: read with what the scan's cache holds under `key`, keep what came back.
 */
export async function withMarketStatic<S>(
  cache: Map<string, unknown> | undefined,
  key: string,
  read: (marketStatic: S | undefined) => Promise<{ positions: Position[]; marketStatic: S }>,
): Promise<Position[]> {
  const { positions, marketStatic } = await read(cache?.get(key) as S | undefined);
  cache?.set(key, marketStatic);
  return positions;
}

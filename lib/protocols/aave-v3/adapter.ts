import type { ProtocolAdapter } from '../adapter.ts';
import { marketCacheKey, withMarketStatic } from '../shared/market-cache.ts';
import type { AaveV3Details, AaveV3MarketConfig } from './config.ts';
import { aaveV3Descriptor } from './descriptor.ts';
import type { AaveMarketStatic } from './market.ts';
import { aaveV3Markets } from './markets.ts';
import { readAavePositions, type AaveExpectation } from './positions.ts';

export const aaveV3Adapter: ProtocolAdapter<'aave-v3', AaveV3Details, AaveV3MarketConfig> = {
  ...aaveV3Descriptor,
  builtinMarkets: aaveV3Markets,
  readMarket: (client, { market, accounts, cache }) => {
    const key = marketCacheKey(market, market.poolAddressesProvider);
    // `…:expect`: what the last read found, so a warm read is one request (see `AaveExpectation`).
    const expected = cache?.get(`${key}:expect`) as AaveExpectation | undefined;
    return withMarketStatic<AaveMarketStatic>(cache, key, async (marketStatic) => {
      const read = await readAavePositions(client, {
        chainId: market.chainId,
        market: market.name,
        poolAddressesProvider: market.poolAddressesProvider,
        accounts,
        marketStatic,
        ...(expected ? { expected } : {}),
      });
      cache?.set(`${key}:expect`, read.expected);
      return read;
    });
  },
};

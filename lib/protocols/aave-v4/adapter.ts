import type { ProtocolAdapter } from '../adapter.ts';
import { marketCacheKey, withMarketStatic } from '../shared/market-cache.ts';
import type { AaveV4Details, AaveV4MarketConfig } from './config.ts';
import { aaveV4Descriptor } from './descriptor.ts';
import type { AaveV4SpokeStatic } from './market.ts';
import { builtinAaveV4Markets } from './markets.ts';
import { readAaveV4Positions } from './positions.ts';

// Every adapter has this shape (adapter.ts): one contract address in the entry, the built-ins, and the reader
// behind the cache of its static data; alike on purpose, each with its own contract and reader.
export const aaveV4Adapter: ProtocolAdapter<'aave-v4', AaveV4Details, AaveV4MarketConfig> = {
  ...aaveV4Descriptor,
  builtinMarkets: builtinAaveV4Markets,
  readMarket: (client, { market, accounts, cache }) =>
    withMarketStatic<AaveV4SpokeStatic>(cache, marketCacheKey(market, market.spoke), async (spokeStatic) => {
      const read = await readAaveV4Positions(client, { chainId: market.chainId, market: market.name, spoke: market.spoke, accounts, spokeStatic });
      return { positions: read.positions, marketStatic: read.spokeStatic };
    }),
};

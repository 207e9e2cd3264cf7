import type { ProtocolAdapter } from '../adapter.ts';
import { marketCacheKey, withMarketStatic } from '../shared/market-cache.ts';
import type { CompoundV3Details, CompoundV3MarketConfig } from './config.ts';
import { compoundV3Descriptor } from './descriptor.ts';
import type { CometMarketStatic } from './market.ts';
import { compoundV3Markets } from './markets.ts';
import { readCompoundPositions } from './positions.ts';

// Every adapter has this shape (adapter.ts): one contract address in the entry, the built-ins, and the reader
// behind the cache of its static data; alike on purpose, each with its own contract and reader.
export const compoundV3Adapter: ProtocolAdapter<'compound-v3', CompoundV3Details, CompoundV3MarketConfig> = {
  ...compoundV3Descriptor,
  builtinMarkets: compoundV3Markets,
  readMarket: (client, { market, accounts, cache }) =>
    withMarketStatic<CometMarketStatic>(cache, marketCacheKey(market, market.comet), (marketStatic) =>
      readCompoundPositions(client, { chainId: market.chainId, market: market.name, comet: market.comet, accounts, marketStatic }),
    ),
};

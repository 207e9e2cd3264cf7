import type { ProtocolAdapter } from '../adapter.ts';
import type { MorphoBlueDetails, MorphoBlueMarketConfig } from './config.ts';
import { morphoBlueDescriptor } from './descriptor.ts';
import { readMorphoMarket } from './index.ts';
import { builtinMorphoMarkets } from './markets.ts';

export const morphoBlueAdapter: ProtocolAdapter<'morpho-blue', MorphoBlueDetails, MorphoBlueMarketConfig> = {
  ...morphoBlueDescriptor,
  builtinMarkets: builtinMorphoMarkets,
  // Cache keys are `morpho-blue:<chainId>:<morpho>` (static data), `…:discovery`, `…:stored`, `…:idle:…` (see
  // `./index.ts`). One broken market of the deployment is a named failure; the others are read.
  readMarket: (client, { market, accounts, cache }) => readMorphoMarket(client, market, accounts, cache ? { cache } : {}),
};

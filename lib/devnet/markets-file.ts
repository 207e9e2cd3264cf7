/**
 * The devnet as a markets file (contract 1 of DESIGN.md), for the CLI, the extension's options page and e2e
 * tests. A whole `Devnet` lists Aave, Morpho Blue, the Comet stand-in and the two Aave v4 stand-in Spokes; `extraMarkets` overrides the others.
 */
import type { MarketConfig, MarketsFile } from '../markets/types.ts';
import type { AaveV3MarketConfig } from '../protocols/aave-v3/config.ts';
import type { AaveDevnet } from './aave-v3/deploy.ts';
import type { AaveV4Devnet } from './aave-v4/deploy.ts';
import { DEVNET_CHAIN_ID } from './anvil.ts';
import type { CometDevnet } from './compound-v3/deploy.ts';
import { morphoMarketConfig, type MorphoDevnet } from './morpho-blue/deploy.ts';

export interface DevnetMarketsFileOptions {
  /** RPC URLs to advertise (default: the devnet's own). */
  rpcUrls?: string[];
  /** Markets of other protocols deployed on the same devnet, appended after Aave. */
  extraMarkets?: MarketConfig[];
}

export function devnetMarketsFile(
  devnet: AaveDevnet | { aave: AaveDevnet; aave36?: AaveDevnet; morpho?: MorphoDevnet; compound?: CometDevnet; aaveV4?: AaveV4Devnet },
  opts: DevnetMarketsFileOptions = {},
): MarketsFile {
  const aave = 'aave' in devnet ? devnet.aave : devnet;
  // A whole devnet lists all its protocols unless the caller chose the extra markets.
  const others =
    opts.extraMarkets ??
    ('aave' in devnet
      ? [
          ...(devnet.aave36
            ? [{
                protocol: 'aave-v3' as const,
                chainId: DEVNET_CHAIN_ID,
                name: 'Devnet Aave 3.6',
                poolAddressesProvider: devnet.aave36.addresses.poolAddressesProvider,
                uiPoolDataProvider: devnet.aave36.addresses.uiPoolDataProvider,
              }]
            : []),
          ...(devnet.morpho ? [morphoMarketConfig(devnet.morpho)] : []),
          ...(devnet.compound ? [devnet.compound.market] : []),
          ...(devnet.aaveV4 ? [devnet.aaveV4.spokes.main.market, devnet.aaveV4.spokes.second.market] : []),
        ]
      : []);
  const aaveMarket: AaveV3MarketConfig = {
    protocol: 'aave-v3',
    chainId: DEVNET_CHAIN_ID,
    name: 'Devnet Aave',
    poolAddressesProvider: aave.addresses.poolAddressesProvider,
    uiPoolDataProvider: aave.addresses.uiPoolDataProvider,
  };
  return {
    chains: [{ chainId: DEVNET_CHAIN_ID, name: 'Devnet', rpcUrls: opts.rpcUrls ?? [aave.rpcUrl] }],
    markets: [aaveMarket, ...others],
  };
}

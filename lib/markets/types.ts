import type { ProtocolId, ProtocolTypes } from '../risk/types.ts';

/** A chain the guard reads, with the RPC endpoints it may use (tried in order). */
export interface ChainConfig {
  chainId: number;
  name: string;
  rpcUrls: string[];
}

// Re-exported for existing importers (devnet, settings).
export type { AaveV3MarketConfig } from '../protocols/aave-v3/config.ts';
export type { MorphoBlueMarketConfig } from '../protocols/morpho-blue/config.ts';
export type { CompoundV3MarketConfig } from '../protocols/compound-v3/config.ts';
export type { AaveV4MarketConfig } from '../protocols/aave-v4/config.ts';

/** A market of any protocol, tagged by `protocol` (each protocol's own type lives in its folder). */
export type MarketConfig = ProtocolTypes[ProtocolId]['market'];

/** Contract 1 of DESIGN.md: extra chains and markets for a devnet, a fork, a new deployment. */
export interface MarketsFile {
  chains: ChainConfig[];
  markets: MarketConfig[];
}

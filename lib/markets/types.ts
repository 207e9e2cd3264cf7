import type { Address, Hex } from 'viem';

/** A chain the guard reads, with the RPC endpoints it may use (tried in order). */
export interface ChainConfig {
  chainId: number;
  name: string;
  rpcUrls: string[];
}

export interface AaveV3MarketConfig {
  protocol: 'aave-v3';
  chainId: number;
  name: string;
  poolAddressesProvider: Address;
  /** Accepted for compatibility with the markets-file contract; the reader needs only the Pool. */
  uiPoolDataProvider?: Address;
}

export interface MorphoBlueMarketConfig {
  protocol: 'morpho-blue';
  chainId: number;
  name: string;
  morpho: Address;
  marketIds: Hex[];
}

export interface CompoundV3MarketConfig {
  protocol: 'compound-v3';
  chainId: number;
  name: string;
  comet: Address;
}

/** An Aave v4 Spoke: it knows its Hubs and its oracle, so the Spoke is all the entry needs. */
export interface AaveV4MarketConfig {
  protocol: 'aave-v4';
  chainId: number;
  name: string;
  spoke: Address;
}

export type MarketConfig = AaveV3MarketConfig | MorphoBlueMarketConfig | CompoundV3MarketConfig | AaveV4MarketConfig;

/** Contract 1 of DESIGN.md: extra chains and markets for a devnet, a fork, a new deployment. */
export interface MarketsFile {
  chains: ChainConfig[];
  markets: MarketConfig[];
}

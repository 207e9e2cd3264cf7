import type { Address } from 'viem';

/** An Aave v3 (or fork: Spark) market: its PoolAddressesProvider. The math version is read on-chain. */
export interface AaveV3MarketConfig {
  protocol: 'aave-v3';
  chainId: number;
  name: string;
  poolAddressesProvider: Address;
  /** Accepted for compatibility with the markets-file contract; the reader needs only the Pool. */
  uiPoolDataProvider?: Address;
}

/** `Position.details` of an Aave v3 position: what the rules need beyond the legs. */
export interface AaveV3Details {
  protocol: 'aave-v3';
  eModeCategory: number;
  isolated: boolean;
}

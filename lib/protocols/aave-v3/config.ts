import type { Address } from 'viem';
import type { AaveMathModel } from '../../risk/rules/aave-v3-versions.ts';

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
  /** `Pool.POOL_REVISION()`; absent when the Pool did not answer (or for positions built by hand). */
  poolRevision?: number;
  /** The release whose account and liquidation math the numbers follow (`risk/rules/aave-v3-versions.ts`). */
  math?: AaveMathModel;
  /** True when the revision is not one we know: the math is the closest known, and says so. */
  unverifiedMath?: boolean;
}

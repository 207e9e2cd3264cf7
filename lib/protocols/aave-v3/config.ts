import type { Address } from 'viem';
import type { AaveMathModel } from './versions.ts';

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
  /** The release whose account and liquidation math the numbers follow (`protocols/aave-v3/versions.ts`). */
  math?: AaveMathModel;
  /** True when the revision is not one we know: the math is the closest known, and says so. */
  unverifiedMath?: boolean;
}

export interface AaveReserveInterest {
  asset: Address;
  liquidityIndex: bigint;
  /** RAY per year. */
  liquidityRate: bigint;
  variableBorrowIndex: bigint;
  variableBorrowRate: bigint;
  lastUpdate: bigint;
  scaledSupply: bigint;
  scaledVariableDebt: bigint;
  stableDebt?: { principal: bigint; rate: bigint; lastUpdate: bigint };
}

export interface AaveInterestState {
  protocol: 'aave-v3';
  /**
   * `MathUtils.calculateCompoundedInterest` of the deployed release: the binomial form of core-v3 (n, n−1,
   * n−2 per-second terms) or the later Taylor form in x = rate·Δt/year. Detected on-chain by which one
   * reproduces `getReserveNormalizedVariableDebt` at the read block.
   */
  compounding: 'binomial' | 'taylor';
  /** How balances are rounded from scaled amounts: rayMul half-up (≤ 3.4) or floor/ceil (3.5+). */
  balanceRounding: 'half-up' | 'directional';
  reserves: AaveReserveInterest[];
}

declare module '../../core/types.ts' {
  interface ProtocolTypes {
    'aave-v3': { market: AaveV3MarketConfig; details: AaveV3Details; interest: AaveInterestState };
  }
}

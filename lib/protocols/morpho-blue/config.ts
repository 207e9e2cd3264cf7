import type { Address, Hex } from 'viem';

/** A Morpho Blue deployment and the market ids to read there (none: found from the accounts' logs). */
export interface MorphoBlueMarketConfig {
  protocol: 'morpho-blue';
  chainId: number;
  name: string;
  morpho: Address;
  marketIds: Hex[];
}

/** `Position.details` of a Morpho Blue position: one market of the deployment. */
export interface MorphoBlueDetails {
  protocol: 'morpho-blue';
  marketId: `0x${string}`;
  lltv: bigint;
}

/** Morpho's `Market` struct (storage `market[id]`). */
export interface MorphoMarketState {
  totalSupplyAssets: bigint;
  totalSupplyShares: bigint;
  totalBorrowAssets: bigint;
  totalBorrowShares: bigint;
  /** Unix seconds of the last interest accrual. */
  lastUpdate: bigint;
  /** Share of interest taken as fee, WAD. */
  fee: bigint;
}

export interface MorphoInterestState {
  protocol: 'morpho-blue';
  /** `market(id)` as stored (before accrual) and the IRM's borrow rate for it (WAD per second). */
  stored: MorphoMarketState;
  borrowRate: bigint;
  borrowShares: bigint;
}

declare module '../../core/types.ts' {
  interface ProtocolTypes {
    'morpho-blue': { market: MorphoBlueMarketConfig; details: MorphoBlueDetails; interest: MorphoInterestState };
  }
}

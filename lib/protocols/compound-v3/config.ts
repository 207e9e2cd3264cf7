import type { Address } from 'viem';

/** A Comet (one base asset, many collaterals). */
export interface CompoundV3MarketConfig {
  protocol: 'compound-v3';
  chainId: number;
  name: string;
  comet: Address;
}

/** `Position.details` of a Compound v3 position. */
export interface CompoundV3Details {
  protocol: 'compound-v3';
  comet: Address;
  baseToken: Address;
}

export interface CometInterestState {
  protocol: 'compound-v3';
  baseSupplyIndex: bigint;
  baseBorrowIndex: bigint;
  lastAccrualTime: bigint;
  /** Per second, 1e18-scaled, at the current utilization. */
  supplyRate: bigint;
  borrowRate: bigint;
  /** Signed principal of the base (negative = borrow). */
  principal: bigint;
}

declare module '../../core/types.ts' {
  interface ProtocolTypes {
    'compound-v3': { market: CompoundV3MarketConfig; details: CompoundV3Details; interest: CometInterestState };
  }
}

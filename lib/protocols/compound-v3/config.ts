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

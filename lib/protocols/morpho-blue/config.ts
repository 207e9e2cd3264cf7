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

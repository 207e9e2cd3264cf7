import { getAddress, type Address } from 'viem';
import type { MorphoBlueMarketConfig } from './config.ts';

/**
 * Morpho Blue deployments the guard knows without a markets file.
 *
 * Source: `@morpho-org/blue-sdk` (morpho-org/sdks, packages/blue-sdk/src/addresses.ts): `addresses[chainId].morpho`
 * and `deployments[chainId].morpho` (the block of Morpho's deployment, where market discovery starts). The
 * package is not a dependency: two addresses and two block numbers do not justify it, and they never change
 * (Morpho Blue is immutable). Ethereum and Base share the CREATE2 address 0xBBBB…FFCb.
 */
export interface MorphoDeployment {
  chainId: number;
  morpho: Address;
  /** Block of the deployment transaction: nothing about Morpho exists before it. */
  deployBlock: bigint;
}

export const MORPHO_DEPLOYMENTS: readonly MorphoDeployment[] = [
  { chainId: 1, morpho: '0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb', deployBlock: 18_883_124n },
  { chainId: 8453, morpho: '0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb', deployBlock: 13_977_148n },
];

/**
 * Built-in Morpho Blue entries for `lib/markets/builtin.ts`. `marketIds: []` means "every market the watched
 * accounts use", found by the bounded log scan of `discovery.ts` (see there for why not a curated list). A
 * markets file may still list ids explicitly; those are read without any scan.
 */
export const builtinMorphoMarkets: MorphoBlueMarketConfig[] = [
  { protocol: 'morpho-blue', chainId: 1, name: 'Morpho Ethereum', morpho: MORPHO_DEPLOYMENTS[0]!.morpho, marketIds: [] },
  { protocol: 'morpho-blue', chainId: 8453, name: 'Morpho Base', morpho: MORPHO_DEPLOYMENTS[1]!.morpho, marketIds: [] },
];

/** Where discovery starts for a deployment: its deployment block when known, else block 0. */
export function morphoDeployBlock(chainId: number, morpho: Address): bigint {
  const target = getAddress(morpho);
  return MORPHO_DEPLOYMENTS.find((d) => d.chainId === chainId && getAddress(d.morpho) === target)?.deployBlock ?? 0n;
}

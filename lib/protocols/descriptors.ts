import type { ProtocolId, ProtocolTypes } from '../core/types.ts';
import type { DescriptorTable, DetailsBase, MarketBase, ProtocolDescriptor } from './adapter.ts';
import { aaveV3Descriptor } from './aave-v3/descriptor.ts';
import { aaveV4Descriptor } from './aave-v4/descriptor.ts';
import { compoundV3Descriptor } from './compound-v3/descriptor.ts';
import { morphoBlueDescriptor } from './morpho-blue/descriptor.ts';

/**
 * The registry's light half: each protocol's descriptor (rules, details codec, links), for `lib/risk`,
 * the snapshot codec and the views. Kept in its own module, importing no reader, because the bundler
 * keeps every module a view imports: with the adapters in the same module the dapp content script grew
 * from 68 kB to 326 kB (the readers, ABIs and address books). `lib/protocols/registry.ts` holds the
 * other half and checks that both list the same protocols.
 *
 * The order here is the order protocols are listed in (markets, CLI help, popup groups).
 */
const descriptorTable = {
  'aave-v3': aaveV3Descriptor,
  'morpho-blue': morphoBlueDescriptor,
  'compound-v3': compoundV3Descriptor,
  'aave-v4': aaveV4Descriptor,
};
/** `Record<ProtocolId, ProtocolDescriptor>` with each entry under its own id and its registered details. */
export const descriptors = descriptorTable satisfies DescriptorTable & {
  readonly [P in ProtocolId]: ProtocolDescriptor<P, Extract<ProtocolTypes[P]['details'], DetailsBase<P>>, Extract<ProtocolTypes[P]['market'], MarketBase<P>>>;
};

/** Every protocol id, in registry order. */
export const protocolIds = Object.keys(descriptors) as ProtocolId[];

/** A protocol's descriptor, typed for any of its positions. */
export const descriptorOf = (protocol: ProtocolId): ProtocolDescriptor => descriptors[protocol] as ProtocolDescriptor;

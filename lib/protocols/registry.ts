import type { ProtocolId } from '../risk/types.ts';
import type { AdapterTable, DescriptorTable, DetailsOf, MarketOf, ProtocolAdapter, ProtocolDescriptor } from './adapter.ts';
import { aaveV3Adapter } from './aave-v3/adapter.ts';
import { aaveV3Descriptor } from './aave-v3/descriptor.ts';
import { compoundV3Adapter } from './compound-v3/adapter.ts';
import { compoundV3Descriptor } from './compound-v3/descriptor.ts';
import { morphoBlueAdapter } from './morpho-blue/adapter.ts';
import { morphoBlueDescriptor } from './morpho-blue/descriptor.ts';

/**
 * The one list of supported protocols. Adding a protocol: its folder under `lib/protocols/<id>/`
 * (a descriptor and an adapter), its id in `ProtocolId`, and one line in each table below — the
 * compiler then names anything missing (`tests/unit/protocols/registry.types.test.ts` proves it).
 *
 * Two tables because the content script and the popup need only the descriptors (rules, details codec,
 * links): importing `descriptors` alone keeps the readers and the address books out of their bundles.
 * The order here is the order protocols are listed in (markets, CLI help, popup groups).
 */
const descriptorTable = {
  'aave-v3': aaveV3Descriptor,
  'morpho-blue': morphoBlueDescriptor,
  'compound-v3': compoundV3Descriptor,
};
export const descriptors = descriptorTable satisfies DescriptorTable;

const adapterTable = {
  'aave-v3': aaveV3Adapter,
  'morpho-blue': morphoBlueAdapter,
  'compound-v3': compoundV3Adapter,
};
export const protocols = adapterTable satisfies AdapterTable;

/** Every protocol id, in registry order. */
export const protocolIds = Object.keys(descriptors) as ProtocolId[];

/** `Position.details` of any protocol (a union tagged by `protocol`). */
export type AnyPositionDetails = { [P in ProtocolId]: DetailsOf<(typeof descriptorTable)[P]> }[ProtocolId];
/** A market config of any protocol (a union tagged by `protocol`). */
export type AnyMarketConfig = { [P in ProtocolId]: MarketOf<(typeof adapterTable)[P]> }[ProtocolId];

/**
 * The adapter of a protocol, typed for any of its markets: TypeScript cannot correlate
 * `protocols[market.protocol]` with `market`, and the lookup by the market's own tag is what makes it safe.
 */
export const adapterOf = (protocol: ProtocolId): ProtocolAdapter => protocols[protocol] as ProtocolAdapter;
export const descriptorOf = (protocol: ProtocolId): ProtocolDescriptor => descriptors[protocol] as ProtocolDescriptor;

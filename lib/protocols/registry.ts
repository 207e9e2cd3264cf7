import type { ProtocolId, ProtocolTypes } from '../core/types.ts';
import type { AdapterTable, DetailsBase, MarketBase, ProtocolAdapter } from './adapter.ts';
import { aaveV3Adapter } from './aave-v3/adapter.ts';
import { aaveV4Adapter } from './aave-v4/adapter.ts';
import { compoundV3Adapter } from './compound-v3/adapter.ts';
import { morphoBlueAdapter } from './morpho-blue/adapter.ts';

export { descriptors, descriptorOf, protocolIds } from './descriptors.ts';

/**
 * The one list of supported protocols: each protocol's adapter (its descriptor plus markets-file entry,
 * built-in markets and reader). Adding a protocol: its folder under `lib/protocols/<id>/` (which registers
 * its id and types in `ProtocolTypes`, lib/core/types.ts), one line here and one in `./descriptors.ts`
 * (the light half the views import) — the compiler names anything missing
 * (`tests/unit/lib/protocols/registry-compile.test.ts` proves it). See docs/protocols.md.
 *
 * This table repeats the shape of `./descriptors.ts` on purpose: one module holding both made the dapp
 * content script bundle every reader (326 kB instead of 70 kB), and the test checks they list the same ids.
 */
const adapterTable = {
  'aave-v3': aaveV3Adapter,
  'morpho-blue': morphoBlueAdapter,
  'compound-v3': compoundV3Adapter,
  'aave-v4': aaveV4Adapter,
};
/**
 * `Record<ProtocolId, ProtocolAdapter>` with each entry under its own id, reading and parsing the very
 * market config and position details its folder registered in `ProtocolTypes`.
 */
export const protocols = adapterTable satisfies AdapterTable & {
  readonly [P in ProtocolId]: ProtocolAdapter<P, Extract<ProtocolTypes[P]['details'], DetailsBase<P>>, Extract<ProtocolTypes[P]['market'], MarketBase<P>>>;
};

/**
 * The adapter of a protocol, typed for any of its markets: TypeScript cannot correlate
 * `protocols[market.protocol]` with `market`; the lookup by the market's own tag is what makes it safe.
 */
export const adapterOf = (protocol: ProtocolId): ProtocolAdapter => protocols[protocol] as ProtocolAdapter;

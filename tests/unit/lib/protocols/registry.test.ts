import { describe, expect, it } from 'vitest';
import { parseMarketsFile } from '../../../../lib/markets/file.ts';
import { builtinMarkets } from '../../../../lib/markets/builtin.ts';
import type { AdapterTable, DescriptorTable, ProtocolAdapter } from '../../../../lib/protocols/adapter.ts';
import { descriptors, protocolIds, protocols } from '../../../../lib/protocols/registry.ts';
import type { ProtocolId } from '../../../../lib/core/types.ts';
import { literal, object } from '../../../../lib/core/codec.ts';

/**
 * Type-level proof (checked by `tsc --noEmit`, which `npm test` runs): the registry's shape requires an
 * adapter for every id. Were `ProtocolId` to gain 'fake-v9' without an adapter, `protocols` would stop
 * compiling exactly as the first assignment below does; with an adapter, the second compiles.
 */
type WithFake = ProtocolId | 'fake-v9';

// @ts-expect-error -- 'fake-v9' has no adapter: the registry does not compile.
const withoutAdapter: AdapterTable<WithFake> = protocols;
// @ts-expect-error -- nor does the descriptors table the views use.
const withoutDescriptor: DescriptorTable<WithFake> = descriptors;

const fakeAdapter: ProtocolAdapter<'fake-v9'> = {
  ...protocols['compound-v3'],
  id: 'fake-v9',
  label: 'Fake v9',
  details: object({ protocol: literal('fake-v9') }),
  entry: { keys: [], parse: (_entry, common) => common },
  builtinMarkets: [],
  readMarket: () => Promise.resolve([]),
};
const withAdapter: AdapterTable<WithFake> = { ...protocols, 'fake-v9': fakeAdapter };
// An adapter filed under another protocol's key does not compile either.
// @ts-expect-error -- the 'fake-v9' key holds an adapter whose id is 'compound-v3'.
const misfiled: AdapterTable<WithFake> = { ...protocols, 'fake-v9': protocols['compound-v3'] };

describe('protocol registry', () => {
  it('types: the fake registries above are real objects (the checks are in the type annotations)', () => {
    expect(Object.keys(withAdapter)).toEqual([...protocolIds, 'fake-v9']);
    expect(Object.keys(withoutAdapter)).toEqual(protocolIds);
    expect(Object.keys(withoutDescriptor)).toEqual(protocolIds);
    expect(misfiled['fake-v9'].id).toBe('compound-v3');
  });

  it('files every adapter under its own id, with the same descriptor the views use', () => {
    expect(Object.keys(descriptors)).toEqual(Object.keys(protocols));
    for (const id of protocolIds) {
      const adapter: ProtocolAdapter = protocols[id];
      const descriptor = descriptors[id];
      expect(adapter.id).toBe(id);
      expect(descriptor.id).toBe(id);
      // The adapter extends the descriptor: both layers must hold the very same rules, codec and links.
      for (const key of Object.keys(descriptor) as (keyof typeof descriptor)[]) {
        expect(adapter[key], `${id}.${key}`).toBe(descriptor[key]);
      }
    }
  });

  it('tags every built-in market with the protocol of the adapter that lists it', () => {
    for (const id of protocolIds) {
      const markets: readonly { protocol: string }[] = protocols[id].builtinMarkets;
      for (const m of markets) expect(m.protocol).toBe(id);
    }
    expect(builtinMarkets.length).toBe(protocolIds.reduce((n, id) => n + protocols[id].builtinMarkets.length, 0));
  });

  it("parses each protocol's markets-file entry through its adapter and names every protocol when one is unknown", () => {
    const addr = '0x000000000000000000000000000000000000dEaD';
    const entries = protocolIds.map((id) => {
      const entry: Record<string, unknown> = { protocol: id, chainId: 1, name: `x ${id}` };
      // Every protocol's own keys are addresses but Morpho's market-id list.
      for (const key of protocols[id].entry.keys) entry[key] = key === 'marketIds' ? [] : addr;
      return entry;
    });
    const parsed = parseMarketsFile({ markets: entries }, [{ chainId: 1, name: 'Ethereum', rpcUrls: ['http://x'] }]);
    expect(parsed.markets.map((m) => m.protocol)).toEqual(protocolIds);
    expect(() => parseMarketsFile({ markets: [{ protocol: 'fake-v9', chainId: 1, name: 'x' }] })).toThrow(
      new RegExp(protocolIds.map((id) => `"${id}"`).join('.*')),
    );
  });
});

/**
 * Issue 11, item 2: a hostile Morpho market never blinds the guard. Morpho is permissionless: anyone creates a
 * market with any token and oracle, and anyone may supply collateral on anyone's behalf (but nobody can borrow
 * on someone else's behalf). Real Morpho Blue on the devnet; the hostile token is tests/helpers/hostile-morpho.ts.
 */
import { custom, parseEther, type Address, type EIP1193RequestFn } from 'viem';
import { describe, expect, it } from 'vitest';
import { morphoBlue, morphoMarketConfig, type MorphoDevnet } from '../../lib/devnet/index.ts';
import { healthFactor } from '../../lib/risk/health.ts';
import { scan } from '../../lib/scan/index.ts';
import { mergeSnapshot } from '../../lib/tracker/merge.ts';
import { devnetActor, hostileMorphoMarketFor } from '../helpers/hostile-morpho.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
const morpho = (): MorphoDevnet => devnet().morpho;
const actor = (tag: string) => devnetActor(devnet(), tag);
const hostileMarketFor = (victim: Address) => hostileMorphoMarketFor(devnet(), victim);

/** A transport to the devnet that records every eth_call's calldata. */
function recordingClient(calls: string[]) {
  return () =>
    custom(
      {
        request: async (args: { method: string; params?: unknown }) => {
          if (args.method === 'eth_call') calls.push(JSON.stringify(args.params).toLowerCase());
          return (devnet().client.request as unknown as EIP1193RequestFn)(args as never);
        },
      },
      { retryCount: 0 },
    );
}

describe('a hostile Morpho market', () => {
  it('discovered: the victim\'s real position is read as if the hostile market did not exist, and the hostile token is never called', async () => {
    const m = morpho();
    const victim = await actor('victim-discovered');
    const legit = m.markets['WETH/USDC'];
    await morphoBlue.openPosition(m, { account: victim, market: legit, collateral: parseEther('2'), borrow: 1_000n * 10n ** 6n });
    const { market: hostile, token } = await hostileMarketFor(victim);

    const calls: string[] = [];
    const chains = [{ chainId: 31337, name: 'Devnet', rpcUrls: [devnet().rpcUrl] }];
    const config = { ...morphoMarketConfig(m), marketIds: [] };
    const cache = new Map<string, unknown>();
    const first = await scan({ chains, markets: [config], accounts: [victim], cache, transport: recordingClient(calls) });
    expect(first.errors).toEqual([]);
    expect(first.positions).toHaveLength(1);
    expect(first.positions[0]!.details).toMatchObject({ protocol: 'morpho-blue', marketId: legit.id });
    expect(healthFactor(first.positions[0]!)).toBeTypeOf('bigint');
    const calldata = calls.join('\n');
    expect(calldata).toContain(hostile.id.slice(2)); // discovery found it and its position was looked at …
    expect(calldata).not.toContain(token.slice(2).toLowerCase()); // … but nothing was asked of its token

    // The next refresh does not look at the idle market again (re-checked every 30 min only).
    calls.length = 0;
    const second = await scan({ chains, markets: [config], accounts: [victim], cache, transport: recordingClient(calls) });
    expect(second.errors).toEqual([]);
    expect(second.positions.map((p) => p.details.protocol === 'morpho-blue' && p.details.marketId)).toEqual([legit.id]);
    expect(calls.join('\n')).not.toContain(hostile.id.slice(2));
    expect(calls.join('\n')).toContain(legit.id.slice(2));
  });

  it('listed: the broken market is named and skipped, the others are read, and only its own old positions go stale', async () => {
    const m = morpho();
    const victim = await actor('victim-listed');
    const legit = m.markets['WETH/USDC'];
    await morphoBlue.openPosition(m, { account: victim, market: legit, collateral: parseEther('2'), borrow: 1_000n * 10n ** 6n });
    const { market: hostile } = await hostileMarketFor(victim);
    const chains = [{ chainId: 31337, name: 'Devnet', rpcUrls: [devnet().rpcUrl] }];
    const config = { ...morphoMarketConfig(m), marketIds: [legit.id, hostile.id] };
    const result = await scan({ chains, markets: [config], accounts: [victim] });
    expect(result.positions.map((p) => p.details.protocol === 'morpho-blue' && p.details.marketId)).toEqual([legit.id]);
    expect(result.errors).toEqual([
      {
        chainId: 31337,
        protocol: 'morpho-blue',
        market: config.name,
        marketId: hostile.id,
        code: 'bad-data',
        message: expect.stringMatching(new RegExp(`^Market ${hostile.id}: Token 0x[0-9a-fA-F]{40} did not return its decimals\\.$`)),
      },
    ]);

    // In the snapshot: the chain says which market failed; the legit position is fresh.
    const next = mergeSnapshot(null, [victim], [{ chainId: 31337, name: 'Devnet', rpcUrl: 'u', positions: result.positions, errors: result.errors.map((e) => ({ kind: e.code, message: e.message, market: e.market!, marketId: e.marketId! })) }], 1);
    expect(next.positions.map((e) => e.stale)).toEqual([false]);
    expect(next.chains[31337]!.errors[0]).toMatchObject({ kind: 'bad-data', marketId: hostile.id });
  });
});

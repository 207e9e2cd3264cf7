import { describe, expect, it } from 'vitest';
import { assertFresh, DEFAULT_MAX_BLOCK_AGE_SECONDS, LOCAL_CHAIN_MAX_BLOCK_AGE_SECONDS, maxBlockAgeSeconds } from '../../../../lib/scan/freshness.ts';

describe('how old a latest block may be', () => {
  it('scales with the chain\'s block time, never under 3 min', () => {
    expect(maxBlockAgeSeconds(1)).toBe(240); // Ethereum: 20 × 12 s
    expect(maxBlockAgeSeconds(8453)).toBe(180); // Base: 20 × 2 s = 40 s → the 3-min floor
    expect(maxBlockAgeSeconds(42161)).toBe(180);
  });

  it('a chain of unknown block time: 5 min, or an hour when it is only read locally (a devnet mines when used)', () => {
    expect(maxBlockAgeSeconds(777, ['https://rpc.example.com'])).toBe(DEFAULT_MAX_BLOCK_AGE_SECONDS);
    expect(maxBlockAgeSeconds(31337, ['http://127.0.0.1:8545'])).toBe(LOCAL_CHAIN_MAX_BLOCK_AGE_SECONDS);
    expect(maxBlockAgeSeconds(31337, ['http://127.0.0.1:8545', 'https://rpc.example.com'])).toBe(DEFAULT_MAX_BLOCK_AGE_SECONDS);
    expect(maxBlockAgeSeconds(1, ['http://127.0.0.1:8545'])).toBe(240); // a mainnet fork is held to mainnet's pace
  });

  it('refuses an old block or one older than read before; accepts one ahead of the clock', () => {
    const now = 1_800_000_000_000;
    const at = (timestamp: bigint) => ({ blockNumber: 10n, timestamp });
    const t = BigInt(now / 1000);
    expect(() => assertFresh(1, at(t - 240n), { maxAgeSeconds: 240, now })).not.toThrow();
    expect(() => assertFresh(1, at(t - 241n), { maxAgeSeconds: 240, now })).toThrow(expect.objectContaining({ code: 'stale-block', shortMessage: expect.stringMatching(/is 241 s old \(limit 240 s\)/) }));
    expect(() => assertFresh(1, at(t - 5n), { maxAgeSeconds: 240, now, notBefore: t - 4n })).toThrow(/older than the one read before/);
    expect(() => assertFresh(1, at(t + 86_400n), { maxAgeSeconds: 240, now, notBefore: t })).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { positionKey } from '../../../../lib/snapshot/index.ts';
import type { Position } from '../../../../lib/core/types.ts';

const base = { chainId: 1, market: 'Morpho Ethereum', account: '0x00000000000000000000000000000000000000aA' } as const;

describe('positionKey', () => {
  it('tells apart two Morpho markets of one account under one market config', () => {
    const a = { ...base, protocol: 'morpho-blue', details: { protocol: 'morpho-blue', marketId: `0x${'1'.repeat(64)}`, lltv: 1n } } as Pick<Position, 'chainId' | 'market' | 'account' | 'protocol' | 'details'>;
    const b = { ...a, details: { ...a.details, marketId: `0x${'2'.repeat(64)}` } } as typeof a;
    expect(positionKey(a)).not.toBe(positionKey(b));
  });
  it('is case-insensitive in the account', () => {
    const p = { ...base, protocol: 'aave-v3', details: { protocol: 'aave-v3', eModeCategory: 0, isolated: false } } as Pick<Position, 'chainId' | 'market' | 'account' | 'protocol' | 'details'>;
    expect(positionKey(p)).toBe(positionKey({ ...p, account: p.account.toLowerCase() as `0x${string}` }));
  });
  it('tells apart two protocols\' markets of the same name on one chain', () => {
    const aave = { ...base, protocol: 'aave-v3', details: { protocol: 'aave-v3', eModeCategory: 0, isolated: false } } as Pick<Position, 'chainId' | 'market' | 'account' | 'protocol' | 'details'>;
    const comet = { ...base, protocol: 'compound-v3', details: { protocol: 'compound-v3', comet: base.account, baseToken: base.account } } as typeof aave;
    expect(positionKey(aave)).not.toBe(positionKey(comet));
  });
  it('keeps the form stored alert states and notification ids were written with', () => {
    // Alert levels (hysteresis) and open notifications are stored by this key: a new form would forget them.
    const p = { ...base, protocol: 'aave-v3', details: { protocol: 'aave-v3', eModeCategory: 0, isolated: false } } as Pick<Position, 'chainId' | 'market' | 'account' | 'protocol' | 'details'>;
    expect(positionKey(p)).toBe('1:aave-v3:Morpho Ethereum:0x00000000000000000000000000000000000000aa');
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_SYMBOL_LENGTH, cleanSymbol } from '../../../../../lib/protocols/shared/token.ts';

describe('token symbols from chain data', () => {
  it.each([
    ['bidi override (RLO) that would reverse what follows', 'USDC\u202eCDSU', 'USDCCDSU'],
    ['zero-width space, joiner, BOM', 'US\u200bD\u200dC\ufeff', 'USDC'],
    ['soft hyphen, word joiner, invisible separator', 'W\u00adE\u2060T\u2063H', 'WETH'],
    ['control characters and line breaks', 'W\u0000ET\u0007H\n\u2028x', 'WETHx'],
    ['whitespace runs', '  wrapped   ether  ', 'wrapped ether'],
    ['nothing printable left', '\u200b\u202e', '?'],
  ])('%s', (_name, raw, clean) => {
    expect(cleanSymbol(raw)).toBe(clean);
  });

  it('is capped in code points, never cutting an emoji in half', () => {
    const long = '🐸'.repeat(40);
    const out = cleanSymbol(long);
    expect(Array.from(out)).toHaveLength(MAX_SYMBOL_LENGTH);
    expect(out.endsWith('🐸…')).toBe(true);
    expect(cleanSymbol('A'.repeat(MAX_SYMBOL_LENGTH))).toBe('A'.repeat(MAX_SYMBOL_LENGTH));
  });
});

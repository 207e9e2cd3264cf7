import { hexToString, parseAbi, type Address } from 'viem';
import { decoded, type CallBatch, type Decoded } from './batch.ts';

/**
 * Token symbols, read the two ways tokens answer: `symbol()` as a string (ERC-20), or as bytes32 (old
 * tokens such as MKR); both calls ride in the caller's batch.
 */
const stringSymbolAbi = parseAbi(['function symbol() view returns (string)']);
const bytes32SymbolAbi = parseAbi(['function symbol() view returns (bytes32)']);

/** The token's symbol once `batch` has run, cleaned; a short address when the token gives none. */
export function addSymbol(batch: CallBatch, token: Address): Decoded<string> {
  const asString = batch.add({ address: token, abi: stringSymbolAbi, functionName: 'symbol' });
  const asBytes32 = batch.add({ address: token, abi: bytes32SymbolAbi, functionName: 'symbol' });
  return decoded(() => {
    const symbol = asString.value ?? bytes32Symbol(asBytes32.value);
    return cleanSymbol(symbol ?? `${token.slice(0, 6)}…${token.slice(-4)}`);
  });
}

function bytes32Symbol(hex: `0x${string}` | undefined): string | undefined {
  if (!hex) return undefined;
  try {
    return hexToString(hex, { size: 32 }).replace(/\0+$/, '') || undefined;
  } catch {
    return undefined;
  }
}

/** Longest symbol kept, in code points (real symbols are under 12; "…" marks a cut). */
export const MAX_SYMBOL_LENGTH = 32;

/**
 * Token symbols are chosen by whoever deployed the token — on Morpho, anyone can make a market with any token
 * — so they are cleaned before they reach any view: control characters and Unicode format characters
 * (`\p{Cf}`: bidi overrides that reorder what follows, zero-width joiners and spaces that make "USDC" and
 * "US\u200bDC" look the same) are removed, whitespace runs become one space, and the result is capped.
 * Views render symbols as text only; this keeps them honest and small.
 */
export function cleanSymbol(symbol: string): string {
  const printable = symbol
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const chars = Array.from(printable); // code points: never cut a surrogate pair in half
  return chars.length > MAX_SYMBOL_LENGTH ? `${chars.slice(0, MAX_SYMBOL_LENGTH - 1).join('')}…` : printable || '?';
}

import { hexToString, parseAbi, type Address } from 'viem';
import { value, type Call, type CallResult } from './multicall.ts';

/**
 * Token symbols, read the two ways tokens answer: `symbol()` as a string (ERC-20), or as bytes32 (old
 * tokens such as MKR). Put `symbolCalls(token)` in a multicall and hand its two results to `tokenSymbol`.
 */
const stringSymbolAbi = parseAbi(['function symbol() view returns (string)']);
const bytes32SymbolAbi = parseAbi(['function symbol() view returns (bytes32)']);

export function symbolCalls(token: Address): [Call, Call] {
  return [
    { address: token, abi: stringSymbolAbi, functionName: 'symbol' },
    { address: token, abi: bytes32SymbolAbi, functionName: 'symbol' },
  ];
}

/** The symbol from the results of `symbolCalls`, cleaned; a short address when the token gives none. */
export function tokenSymbol(token: Address, asString: CallResult | undefined, asBytes32: CallResult | undefined): string {
  const symbol = value<string>(asString) ?? bytes32Symbol(value<`0x${string}`>(asBytes32));
  return cleanSymbol(symbol ?? `${token.slice(0, 6)}…${token.slice(-4)}`);
}

function bytes32Symbol(hex: `0x${string}` | undefined): string | undefined {
  if (!hex) return undefined;
  try {
    return hexToString(hex, { size: 32 }).replace(/\0+$/, '') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Token symbols are chosen by whoever deployed the token: keep them short and printable. Views still
 * render them as text only; this just stops a 10 kB "symbol" from bloating snapshots.
 */
export function cleanSymbol(symbol: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = symbol.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return printable.length > 32 ? `${printable.slice(0, 31)}…` : printable || '?';
}

import { getAddress, isAddress, type Address, type Hex } from 'viem';
import { GuardError } from '../errors.ts';

/**
 * Field readers of the markets file (DESIGN.md, contract 1), shared by `lib/markets/file.ts` and each
 * protocol's entry parser. Every failure is one `invalid-markets-file` error naming where it sits. (The
 * RPC URL fields are the chains' business: `lib/markets/file.ts`.)
 */

export function fail(message: string): never {
  throw new GuardError('invalid-markets-file', `Invalid markets file: ${message}`);
}

export function object(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${where} must be an object.`);
  return v as Record<string, unknown>;
}

export function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], where: string) {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) fail(`unknown key "${key}" in ${where} (allowed: ${allowed.join(', ')}).`);
  }
}

export function array(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) fail(`${where} must be an array.`);
  return v;
}

export function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > 100) fail(`${where} must be a non-empty string (at most 100 characters).`);
  return v.trim();
}

export function chainId(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) fail(`${where} must be a positive integer.`);
  return v;
}

export function address(v: unknown, where: string): Address {
  // Mixed-case input must carry a valid EIP-55 checksum; all-lower/upper is accepted as is.
  if (typeof v !== 'string' || !isAddress(v, { strict: true })) fail(`${where}: ${JSON.stringify(v)} is not a valid address.`);
  return getAddress(v);
}

/** A 32-byte id (Morpho market id), lower-cased. */
export function bytes32(v: unknown, where: string, what: string): Hex {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(v)) fail(`${where}: ${what} is 0x followed by 64 hex digits.`);
  return v.toLowerCase() as Hex;
}

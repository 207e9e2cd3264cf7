import { getAddress, isAddress, type Address } from 'viem';
import { GuardError } from './errors.ts';

/**
 * A user-typed account address, checked before anything is read: 0x + 40 hex digits, and when it is
 * mixed-case, a valid EIP-55 checksum (a wrong checksum usually means a typo in a copied address).
 */
export function parseAccount(input: string): Address {
  const text = input.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw new GuardError('invalid-input', `"${text.slice(0, 60)}" is not an address (expected 0x followed by 40 hex digits).`);
  }
  if (!isAddress(text, { strict: true })) {
    throw new GuardError('invalid-input', `${text} has an invalid checksum; check the address for a typo.`);
  }
  return getAddress(text);
}

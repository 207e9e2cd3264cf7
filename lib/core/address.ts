import type { Address } from 'viem';

/** Addresses compare case-insensitively: a checksummed and a lower-case spelling are the same account. */
export const sameAddress = (a: Address | string, b: Address | string) => a.toLowerCase() === b.toLowerCase();

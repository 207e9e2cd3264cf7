/**
 * Fixed-point helpers with the rounding direction spelled out, after Morpho's MathLib: the caller says
 * which way a result may err, and the engine always picks the cautious one (health down, debt and
 * liquidation price of collateral up).
 */
export const WAD = 10n ** 18n;
export const RAY = 10n ** 27n;

export type Rounding = 'down' | 'up';

export function mulDiv(x: bigint, y: bigint, d: bigint, rounding: Rounding = 'down'): bigint {
  if (d === 0n) throw new RangeError('mulDiv: division by zero');
  const p = x * y;
  const q = p / d;
  if (rounding === 'up' && q * d !== p && (p > 0n) === (d > 0n)) return q + 1n;
  return q;
}

export function divUp(x: bigint, d: bigint): bigint {
  return mulDiv(x, 1n, d, 'up');
}

export const min = (a: bigint, b: bigint) => (a < b ? a : b);
export const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** bigint ratio to a float for display; Number(bigint) is correctly rounded, so the error is ~1e-16. */
export function ratio(num: bigint, den: bigint): number {
  return Number(num) / Number(den);
}

export const pow10 = (n: number) => 10n ** BigInt(n);

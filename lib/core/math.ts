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

/**
 * bigint ratio to a float, for display only. Integer part and fraction are converted apart so that exact
 * quotients stay exact (2000e26 / 1e26 is 2000, not 1999.9999999999998) and the rest errs by ~1e-16.
 */
export function ratio(num: bigint, den: bigint): number {
  if (den === 0n) throw new RangeError('ratio: division by zero');
  if (den < 0n) return ratio(-num, -den);
  if (num < 0n) return -ratio(-num, den);
  const whole = num / den;
  const fraction = ((num % den) << 64n) / den;
  return Number(whole) + Number(fraction) / 2 ** 64;
}

export const pow10 = (n: number) => 10n ** BigInt(n);

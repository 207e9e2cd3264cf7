import { pow10, ratio } from './math.ts';
import type { AssetRef, Position } from './types.ts';

/** A raw leg price as a float in the quote unit per whole token, for display only. */
export function displayPrice(position: Position, leg: AssetRef & { priceUnit: bigint }, raw: bigint): number {
  return ratio(raw * pow10(leg.decimals), leg.priceUnit * pow10(position.quoteDecimals));
}

/** A quote-unit amount in base units as a float. */
export function displayValue(position: Position, value: bigint): number {
  return ratio(value, pow10(position.quoteDecimals));
}

/** A float display price back to the leg's raw price units (for a user-entered price). */
export function rawPrice(position: Position, leg: AssetRef & { priceUnit: bigint }, price: number): bigint {
  if (!Number.isFinite(price) || price < 0) throw new RangeError(`invalid price ${price}`);
  // Go through a decimal string so 1e-7 style floats do not lose digits.
  const scaled = BigInt(Math.round(price * 1e12));
  return (scaled * leg.priceUnit * pow10(position.quoteDecimals)) / (pow10(leg.decimals) * 10n ** 12n);
}

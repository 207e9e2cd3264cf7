import { pow10, ratio } from '../core/math.ts';
import type { AssetRef, Position } from '../core/types.ts';

/** A raw leg price as a float in the quote unit per whole token, for display only. */
export function displayPrice(position: Position, leg: AssetRef & { priceUnit: bigint }, raw: bigint): number {
  return ratio(raw * pow10(leg.decimals), leg.priceUnit * pow10(position.quoteDecimals));
}

/** A quote-unit amount in base units as a float. */
export function displayValue(position: Position, value: bigint): number {
  return ratio(value, pow10(position.quoteDecimals));
}

import { mulDiv } from './math.ts';
import type { Leg } from './types.ts';

/** Value of a leg in quote base units, rounded down as Aave, Morpho and Comet all do for valuation. */
export function legValue(leg: Leg, price: bigint | undefined = leg.price): bigint | undefined {
  if (leg.amount === 0n) return 0n;
  if (price === undefined) return undefined;
  return mulDiv(leg.amount, price, leg.priceUnit, 'down');
}

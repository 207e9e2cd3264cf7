import type { Position } from '../core/types.ts';

/**
 * A leg priced in the quote unit itself (Morpho's loan token: price = unit, 1 for 1): its price cannot
 * move. Told by its shape, not by protocol: the symbol is the position's quote and the price is exactly
 * one quote unit per token.
 */
export function isQuoteUnit(position: Position, leg: { symbol: string; decimals?: number; price: bigint | undefined; priceUnit: bigint }): boolean {
  return leg.symbol === position.quote && leg.price !== undefined && leg.price === leg.priceUnit && position.quote !== 'USD';
}

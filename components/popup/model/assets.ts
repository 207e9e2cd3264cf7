/** The assets of a position the views offer: which collateral weighs most, which prices move. */
import type { Address } from 'viem';
import { mulDiv, type Position } from '@/lib/risk/index.ts';
import type { AmountLimit } from '@/lib/format/index.ts';

/** An asset's identity as the views show it (no amounts, prices or protocol terms). */
export const assetRef = (a: { address: Address; symbol: string; decimals: number }) => ({ address: a.address, symbol: a.symbol, decimals: a.decimals });

export interface AssetOption {
  address: Address;
  symbol: string;
  decimals: number;
  /** The input's hard limit (repay ≤ debt, withdraw ≤ holding), if any. */
  max?: AmountLimit;
  /** Where the slider ends (base units). */
  sliderMax: bigint;
}

export { mainCollateral } from '@/lib/risk/shown-proposals.ts';

/**
 * Assets whose price moves against the quote unit: not within 5 % of 1 quote unit (stablecoins against
 * USD, the loan token in its own Morpho market). Used for the "all volatile assets" price move.
 */
export function volatileAssets(position: Position): Address[] {
  const out = new Set<Address>();
  const unit = 10n ** BigInt(position.quoteDecimals);
  for (const leg of [...position.collateral, ...position.debt]) {
    if (leg.price === undefined) continue;
    // price per whole token in quote base units
    const perToken = mulDiv(leg.price, 10n ** BigInt(leg.decimals), leg.priceUnit);
    if (perToken * 100n < unit * 95n || perToken * 100n > unit * 105n) out.add(leg.address);
  }
  return [...out];
}

import { WAD, mulDiv } from './math.ts';
import type { AccountValues } from './rules.ts';
import type { Position } from './types.ts';
import { legValue } from './value.ts';

/**
 * Σ floor(floor(amount·price/unit)·LT/WAD) against Σ floor(amount·price/unit), HF = floor(W·WAD/D).
 * This is Morpho Blue's `collateral.mulDivDown(price, 1e36).wMulDown(lltv)` against borrow assets and
 * Comet's `mulFactor(mulPrice(balance, price, scale), liquidateCollateralFactor)` against the borrow's
 * value: both liquidate exactly when W < D, which floor(W·WAD/D) < WAD reproduces.
 */
export function weightedAccount(position: Position): AccountValues | undefined {
  let collateralValue = 0n;
  let weightedCollateral = 0n;
  for (const leg of position.collateral) {
    if (leg.liquidationThreshold === 0n || leg.amount === 0n) continue;
    const value = legValue(leg);
    if (value === undefined) return undefined;
    collateralValue += value;
    weightedCollateral += mulDiv(value, leg.liquidationThreshold, WAD, 'down');
  }
  let debtValue = 0n;
  for (const leg of position.debt) {
    const value = legValue(leg);
    if (value === undefined) return undefined;
    debtValue += value;
  }
  const healthFactor = debtValue === 0n ? null : mulDiv(weightedCollateral, WAD, debtValue, 'down');
  return { collateralValue, debtValue, weightedCollateral, healthFactor };
}

import { WAD, mulDiv } from '../core/math.ts';
import { accountValues } from './health.ts';
import { descriptorOf } from '../protocols/descriptors.ts';
import type { RulesLiquidationCost } from '../core/rules.ts';
import { legValue } from '../core/value.ts';
import type { AssetRef, Position } from '../core/types.ts';

/**
 * What one liquidation at the current prices would take from the user, in quote base units: the debt a
 * liquidator repays, the collateral value they seize for it, and the difference (the penalty the user
 * loses). Where the liquidator chooses, we assume the worst case for the user: the largest debt and the
 * collateral with the highest bonus. `undefined` when there is no debt or a price is missing.
 */
export type LiquidationCost = RulesLiquidationCost;

export function liquidationCost(position: Position): LiquidationCost | undefined {
  const protocol = descriptorOf(position.protocol).rules;
  const values = accountValues(position);
  if (!values || values.healthFactor == null) return undefined;
  // A protocol with its own liquidation (Aave v3 per release, Aave v4's curve) computes the whole cost.
  if (protocol.liquidationCost) return protocol.liquidationCost(position, { ...values, healthFactor: values.healthFactor });
  const closeFactor = protocol.closeFactor(values.healthFactor);
  const collaterals = position.collateral.filter((l) => l.amount > 0n && l.liquidationThreshold > 0n);

  if (protocol.seizesAllCollateral) {
    // Comet's absorb: all collateral is taken and the user is credited `liquidationFactor` of its value.
    let seized = 0n;
    let credited = 0n;
    for (const leg of collaterals) {
      const v = legValue(leg) ?? 0n;
      seized += v;
      credited += mulDiv(v, WAD, leg.liquidationBonus);
    }
    return {
      closeFactor,
      debtRepaid: values.debtValue,
      collateralSeized: seized,
      penalty: seized - credited,
      debtAsset: position.debt[0] && pick(position.debt[0]),
      collateralAsset: undefined,
    };
  }

  let debtLeg = undefined as (typeof position.debt)[number] | undefined;
  let debtValue = 0n;
  for (const leg of position.debt) {
    const v = legValue(leg) ?? 0n;
    if (v > debtValue) [debtLeg, debtValue] = [leg, v];
  }
  const coll = collaterals.reduce<(typeof collaterals)[number] | undefined>(
    (best, l) => (!best || l.liquidationBonus > best.liquidationBonus ? l : best),
    undefined,
  );
  if (!coll || !debtLeg) return undefined;
  const available = legValue(coll) ?? 0n;
  let repaid = mulDiv(debtValue, closeFactor, WAD);
  let seized = mulDiv(repaid, coll.liquidationBonus, WAD);
  if (seized > available) {
    // Not enough of that collateral: the liquidator repays only what it covers.
    seized = available;
    repaid = mulDiv(available, WAD, coll.liquidationBonus);
  }
  return {
    closeFactor,
    debtRepaid: repaid,
    collateralSeized: seized,
    penalty: seized - repaid,
    debtAsset: pick(debtLeg),
    collateralAsset: pick(coll),
  };
}

const pick = (a: AssetRef): AssetRef => ({ address: a.address, symbol: a.symbol, decimals: a.decimals });

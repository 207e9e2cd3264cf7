import { WAD, mulDiv } from './math.ts';
import { accountValues } from './health.ts';
import { rules, legValue } from './rules/index.ts';
import { aaveModel } from './rules/aave-v3.ts';
import { largestAaveLiquidation } from './rules/aave-v3-liquidation.ts';
import { countsZeroLtCollateral } from './rules/aave-v3-versions.ts';
import type { AssetRef, Position } from './types.ts';

/**
 * What one liquidation at the current prices would take from the user, in quote base units: the debt a
 * liquidator repays, the collateral value they seize for it, and the difference (the penalty the user
 * loses). Where the liquidator chooses, we assume the worst case for the user: the largest debt and the
 * collateral with the highest bonus. `undefined` when there is no debt or a price is missing.
 */
export interface LiquidationCost {
  closeFactor: bigint;
  debtRepaid: bigint;
  collateralSeized: bigint;
  penalty: bigint;
  debtAsset: AssetRef | undefined;
  collateralAsset: AssetRef | undefined;
  /** Aave: token amounts of the call — debt repaid, collateral to the liquidator, collateral to the protocol. */
  debtAmount?: bigint;
  collateralAmount?: bigint;
  protocolFeeAmount?: bigint;
}

export function liquidationCost(position: Position): LiquidationCost | undefined {
  const values = accountValues(position);
  if (!values || values.healthFactor == null) return undefined;
  const protocol = rules[position.protocol];
  const closeFactor = protocol.closeFactor(values.healthFactor);
  const collaterals = position.collateral.filter((l) => l.amount > 0n && l.liquidationThreshold > 0n);
  if (position.protocol === 'aave-v3') return aaveCost(position, values.healthFactor, values.debtValue);

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

/**
 * Aave: the largest `liquidationCall` a liquidator can make at this state, by the Pool's release
 * (`rules/aave-v3-liquidation.ts`), on the pair that costs the user most (largest debt, highest bonus).
 * The collateral taken includes the protocol's fee: it leaves the user too.
 */
function aaveCost(position: Position, healthFactor: bigint, totalDebtBase: bigint): LiquidationCost | undefined {
  const model = aaveModel(position);
  // 3.6 lets any supply enabled as collateral be seized, LT 0 or not (ValidationLogic v3.6.0:342-345).
  // A reserve with LT 0 outside e-mode also has bonus 0: PercentageMath.percentDiv by it reverts, so no
  // liquidator can take it.
  const seizable = position.collateral.filter(
    (l) =>
      l.amount > 0n &&
      l.price !== undefined &&
      l.price > 0n &&
      l.liquidationBonus > 0n &&
      (countsZeroLtCollateral(model) ? l.usedAsCollateral : l.liquidationThreshold > 0n),
  );
  let debtLeg: (typeof position.debt)[number] | undefined;
  let debtValue = 0n;
  for (const leg of position.debt) {
    const v = legValue(leg) ?? 0n;
    if (leg.price !== undefined && leg.price > 0n && v > debtValue) [debtLeg, debtValue] = [leg, v];
  }
  const coll = seizable.reduce<(typeof seizable)[number] | undefined>(
    (best, l) => (!best || l.liquidationBonus > best.liquidationBonus || (l.liquidationBonus === best.liquidationBonus && (legValue(l) ?? 0n) > (legValue(best) ?? 0n)) ? l : best),
    undefined,
  );
  if (!coll || !debtLeg) return undefined;
  const bps = 10n ** 14n;
  const r = largestAaveLiquidation({
    model,
    healthFactor,
    totalDebtBase,
    debt: debtLeg as typeof debtLeg & { price: bigint },
    collateral: coll as typeof coll & { price: bigint },
    bonusBps: coll.liquidationBonus / bps,
    protocolFeeBps: (coll.liquidationProtocolFee ?? 0n) / bps,
  });
  if (!r) return undefined;
  const repaid = legValue({ ...debtLeg, amount: r.debtRepaid }) ?? 0n;
  const seized = legValue({ ...coll, amount: r.collateralToLiquidator + r.protocolFee }) ?? 0n;
  return {
    closeFactor: r.halfCloseFactor ? WAD / 2n : WAD,
    debtRepaid: repaid,
    collateralSeized: seized,
    penalty: seized - repaid,
    debtAsset: pick(debtLeg),
    collateralAsset: pick(coll),
    debtAmount: r.debtRepaid,
    collateralAmount: r.collateralToLiquidator,
    protocolFeeAmount: r.protocolFee,
  };
}

import { WAD, mulDiv } from '../../core/math.ts';
import type { RulesLiquidationCost } from '../../core/rules.ts';
import type { AssetRef, CollateralLeg, DebtLeg, Position } from '../../core/types.ts';
import { aaveModel, countsZeroLtCollateral, type AaveMathModel } from './versions.ts';
import type { AccountValues } from '../../core/rules.ts';
import { legValue } from '../../core/value.ts';

/**
 * What one `Pool.liquidationCall(collateral, debt, user, debtToCover, receiveAToken)` does to an account,
 * per release, in token base units and the contract's own rounding:
 * - 3.0–3.2 (@aave/core-v3 LiquidationLogic.sol:375-385): at most the reserve debt × close factor (50 %
 *   above HF 0.95, else 100 %).
 * - 3.3+ (aave-v3-origin v3.3.0 LiquidationLogic.sol:270-297; v3.6.0 LiquidationLogic.sol:245-280): the
 *   whole reserve debt, unless the reserve's collateral and debt are both worth ≥ $2,000
 *   (MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD) and HF > 0.95: then at most 50 % of the *total* debt's value;
 *   a call that would leave less than $1,000 (MIN_LEFTOVER_BASE) of that debt or collateral, without
 *   taking all of either, reverts (v3.3.0:326-343; v3.6.0:301-322).
 * - 3.5+: reserve debt valued rounding up (mulDivCeil, v3.5.0:245) and the debt for a capped seize is
 *   percentDivCeil (v3.5.0:634); before, floor and half-up percentDiv.
 * Seized collateral (`_calculateAvailableCollateralToLiquidate`, v3.6.0:564-614, same order since 3.0):
 * base = debtPrice·debt·collUnit / (collPrice·debtUnit); max = percentMul(base, bonus), capped at the
 * balance (then the debt is recomputed from it); the protocol's fee is percentMul(bonus part, fee) of it.
 */
export interface AaveLiquidationInput {
  model: AaveMathModel;
  healthFactor: bigint;
  /** The account's total debt in base currency (GenericLogic), for the 3.3+ 50 % rule. */
  totalDebtBase: bigint;
  debt: DebtLeg & { price: bigint };
  collateral: CollateralLeg & { price: bigint };
  /** bps, 10500 = +5 % */
  bonusBps: bigint;
  /** bps of the bonus that goes to the protocol */
  protocolFeeBps: bigint;
  debtToCover: bigint;
}

export interface AaveLiquidationResult {
  /** Debt tokens the liquidator repays. */
  debtRepaid: bigint;
  /** Collateral tokens the liquidator receives. */
  collateralToLiquidator: bigint;
  /** Collateral tokens the protocol's treasury receives. */
  protocolFee: bigint;
  /** The close-factor ceiling that applied (debt tokens). */
  maxLiquidatableDebt: bigint;
  /** True when the 50 % close factor bound (rather than 100 %). */
  halfCloseFactor: boolean;
}

const PERCENT = 10_000n;
const HALF_PERCENT = 5_000n;
const CLOSE_FACTOR_HF_THRESHOLD = 95n * 10n ** 16n;
const MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD = 2000n * 10n ** 8n; // base currency (8 decimals of USD)
const MIN_LEFTOVER_BASE = MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD / 2n;

const percentMul = (v: bigint, p: bigint) => (v * p + HALF_PERCENT) / PERCENT;
const percentDiv = (v: bigint, p: bigint) => (v * PERCENT + p / 2n) / p;
const percentDivCeil = (v: bigint, p: bigint) => mulDiv(v, PERCENT, p, 'up');

/** `'dust'` when the contract would revert with MUST_NOT_LEAVE_DUST for this `debtToCover`. */
export function aaveLiquidationCall(i: AaveLiquidationInput): AaveLiquidationResult | 'dust' {
  if (i.bonusBps === 0n || i.debt.price === 0n || i.collateral.price === 0n) {
    throw new RangeError('aaveLiquidationCall: a zero bonus or price cannot be liquidated (the Pool reverts)');
  }
  const ceil = i.model === 'v3.5' || i.model === 'v3.6';
  const reserveDebt = i.debt.amount;
  const balance = i.collateral.amount;
  const dPrice = i.debt.price;
  const cPrice = i.collateral.price;
  const dUnit = i.debt.priceUnit;
  const cUnit = i.collateral.priceUnit;
  const debtBase = (amount: bigint) => mulDiv(amount, dPrice, dUnit, ceil ? 'up' : 'down');
  const collBase = (amount: bigint) => (amount * cPrice) / cUnit;

  let maxDebt: bigint;
  let halfCloseFactor = false;
  if (i.model === 'v3.0') {
    halfCloseFactor = i.healthFactor > CLOSE_FACTOR_HF_THRESHOLD;
    maxDebt = percentMul(reserveDebt, halfCloseFactor ? HALF_PERCENT : PERCENT);
  } else {
    maxDebt = reserveDebt;
    if (
      collBase(balance) >= MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD &&
      debtBase(reserveDebt) >= MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD &&
      i.healthFactor > CLOSE_FACTOR_HF_THRESHOLD
    ) {
      const half = percentMul(i.totalDebtBase, HALF_PERCENT);
      if (debtBase(reserveDebt) > half) {
        maxDebt = (half * dUnit) / dPrice;
        halfCloseFactor = true;
      }
    }
  }
  let debt = i.debtToCover > maxDebt ? maxDebt : i.debtToCover;

  const base = (dPrice * debt * cUnit) / (cPrice * dUnit);
  let coll = percentMul(base, i.bonusBps);
  if (coll > balance) {
    coll = balance;
    const value = (cPrice * coll * dUnit) / (dPrice * cUnit);
    debt = ceil ? percentDivCeil(value, i.bonusBps) : percentDiv(value, i.bonusBps);
  }
  let fee = 0n;
  if (i.protocolFeeBps !== 0n) {
    fee = percentMul(coll - percentDiv(coll, i.bonusBps), i.protocolFeeBps);
    coll -= fee;
  }
  if (i.model !== 'v3.0' && debt < reserveDebt && coll + fee < balance) {
    const debtLeft = debtBase(reserveDebt - debt) >= MIN_LEFTOVER_BASE;
    const collLeft = collBase(balance - coll - fee) >= MIN_LEFTOVER_BASE;
    if (!debtLeft || !collLeft) return 'dust';
  }
  return { debtRepaid: debt, collateralToLiquidator: coll, protocolFee: fee, maxLiquidatableDebt: maxDebt, halfCloseFactor };
}

/**
 * The largest liquidation a liquidator can make on this pair: `debtToCover` = everything, or — where
 * that leaves dust on 3.3+ — the largest amount that does not (found by bisection on the exact call).
 */
export function largestAaveLiquidation(i: Omit<AaveLiquidationInput, 'debtToCover'>): AaveLiquidationResult | undefined {
  const all = aaveLiquidationCall({ ...i, debtToCover: i.debt.amount });
  if (all !== 'dust') return all;
  let lo = 0n; // known to pass (or nothing)
  let hi = i.debt.amount; // known to leave dust
  let best: AaveLiquidationResult | undefined;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    const r = aaveLiquidationCall({ ...i, debtToCover: mid });
    if (r === 'dust') hi = mid;
    else {
      lo = mid;
      best = r;
    }
  }
  return best;
}

/**
 * Aave: the largest `liquidationCall` a liquidator can make at this state, by the Pool's release
 * (`liquidation.ts`), on the pair that costs the user most (largest debt, highest bonus).
 * The collateral taken includes the protocol's fee: it leaves the user too.
 */
export function aaveLiquidationCost(position: Position, values: AccountValues & { healthFactor: bigint }): RulesLiquidationCost | undefined {
  const { healthFactor, debtValue: totalDebtBase } = values;
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

const pick = (a: AssetRef): AssetRef => ({ address: a.address, symbol: a.symbol, decimals: a.decimals });

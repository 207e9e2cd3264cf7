import { WAD, mulDiv } from '../../core/math.ts';
import type { ProtocolRules } from '../../core/rules.ts';
import { aaveMathForRevision, aaveModel, countsZeroLtCollateral, hasUnflooredHealth } from './versions.ts';
import { aaveLiquidationCost } from './liquidation.ts';
import { aaveTokenMath } from './tokens.ts';
import { legValue } from '../../core/value.ts';

const PERCENT = 10_000n;
const HALF_PERCENT = 5_000n;
const BPS_IN_WAD = 10n ** 14n;
const CLOSE_FACTOR_HF_THRESHOLD = 95n * 10n ** 16n; // 0.95, LiquidationLogic.CLOSE_FACTOR_HF_THRESHOLD

/**
 * Aave v3 GenericLogic.calculateUserAccountData, step by step in its own integer order, per release.
 *
 * 3.0–3.4 (@aave/core-v3 GenericLogic.sol; aave-v3-origin v3.4.0 GenericLogic.sol:108-165):
 *   collateral value floor(balance·price/unit) for reserves with LT ≠ 0 enabled as collateral; the average
 *   LT as `Σ value·LT / Σ value` (floor, in bps); HF = percentMul(totalCollateral, avgLT) (half up)
 *   .wadDiv(totalDebt) (half up); debt floor(balance·price/unit).
 * 3.5+ (aave-v3-origin v3.5.0 GenericLogic.sol:156-162, 222-227; v3.6.0 GenericLogic.sol:156-164, 229):
 *   HF = (Σ value·LT).wadDiv(totalDebt) / 100_00 (half up, then floor), debt mulDivCeil(balance, price, unit).
 * 3.6 (v3.6.0 GenericLogic.sol:105-138): every reserve enabled as collateral counts in the total, with the
 *   e-mode LT when in the category's bitmap, else its own LT — which may be 0 (the reader hands that LT).
 * Following that order — not the algebraically equal Σ value·LT / debt — is what makes the result equal
 * `Pool.getUserAccountData().healthFactor` to the last wei. Balances are the aToken / debt token
 * `balanceOf`, which round as GenericLogic does on each release (3.5+: TokenMath rayMulFloor / rayMulCeil).
 */
export const aaveV3Rules: ProtocolRules = {
  account(position) {
    const model = aaveModel(position);
    const unfloored = hasUnflooredHealth(model);
    const zeroLtCounts = countsZeroLtCollateral(model);
    let collateralValue = 0n;
    let weightedSum = 0n; // Σ value · LT (bps)
    for (const leg of position.collateral) {
      if (leg.amount === 0n) continue;
      if (zeroLtCounts ? !leg.usedAsCollateral : leg.liquidationThreshold === 0n) continue;
      const value = legValue(leg);
      if (value === undefined) return undefined;
      collateralValue += value;
      weightedSum += value * (leg.liquidationThreshold / BPS_IN_WAD);
    }
    let debtValue = 0n;
    for (const leg of position.debt) {
      // 3.5+: MathUtils.mulDivCeil(debt, price, unit); before: floor.
      const value = leg.amount === 0n || leg.price === undefined ? legValue(leg) : mulDiv(leg.amount, leg.price, leg.priceUnit, unfloored ? 'up' : 'down');
      if (value === undefined) return undefined;
      debtValue += value;
    }
    if (unfloored) {
      const healthFactor = debtValue === 0n ? null : ((weightedSum * WAD + debtValue / 2n) / debtValue) / PERCENT;
      return { collateralValue, debtValue, weightedCollateral: weightedSum / PERCENT, healthFactor };
    }
    const avgLtBps = collateralValue === 0n ? 0n : weightedSum / collateralValue;
    const weightedCollateral = (collateralValue * avgLtBps + HALF_PERCENT) / PERCENT;
    const healthFactor = debtValue === 0n ? null : (weightedCollateral * WAD + debtValue / 2n) / debtValue;
    return { collateralValue, debtValue, weightedCollateral, healthFactor, segment: avgLtBps };
  },
  closeFactor(healthFactor) {
    return healthFactor > CLOSE_FACTOR_HF_THRESHOLD ? WAD / 2n : WAD;
  },
  seizesAllCollateral: false,
  // 3.0–3.4 floor the average LT to whole bps: the HF can be up to 1 bps of LT below the linear model.
  ltSlack: (position) => (hasUnflooredHealth(aaveModel(position)) ? 0n : 2n * BPS_IN_WAD),
  liquidationCost: aaveLiquidationCost,
  scaledBalances: (position) => aaveTokenMath(aaveModel(position)),
  unverifiedMath(position) {
    const d = position.details;
    if (d.protocol !== 'aave-v3' || !d.unverifiedMath) return undefined;
    return d.poolRevision === undefined ? 'Pool revision unknown' : `Pool revision ${d.poolRevision}`;
  },
};
export { aaveModel, aaveMathForRevision };

/** Aave stores LT and bonus in bps (bonus 10500 = +5 %); the engine uses WAD. */
export const bpsToWad = (bps: bigint | number) => BigInt(bps) * BPS_IN_WAD;
export { mulDiv };

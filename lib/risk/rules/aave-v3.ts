import { WAD, mulDiv } from '../math.ts';
import type { ProtocolRules } from './types.ts';
import { legValue } from './value.ts';

const PERCENT = 10_000n;
const HALF_PERCENT = 5_000n;
const CLOSE_FACTOR_HF_THRESHOLD = 95n * 10n ** 16n; // 0.95, LiquidationLogic.CLOSE_FACTOR_HF_THRESHOLD

/**
 * Aave v3 GenericLogic.calculateUserAccountData, step by step in its own integer order:
 * per reserve `price * amount / unit` (floor); the average LT as `Σ value·LT / Σ value` (floor, in bps);
 * HF = `percentMul(totalCollateral, avgLT)` (half up) `wadDiv totalDebt` (half up).
 * Following that order — not the algebraically equal Σ value·LT / debt — is what makes the result equal
 * `Pool.getUserAccountData().healthFactor` to the last wei.
 */
export const aaveV3Rules: ProtocolRules = {
  account(position) {
    let collateralValue = 0n;
    let weightedSum = 0n;
    for (const leg of position.collateral) {
      if (leg.liquidationThreshold === 0n || leg.amount === 0n) continue;
      const value = legValue(leg);
      if (value === undefined) return undefined;
      collateralValue += value;
      weightedSum += value * (leg.liquidationThreshold / 10n ** 14n);
    }
    let debtValue = 0n;
    for (const leg of position.debt) {
      const value = legValue(leg);
      if (value === undefined) return undefined;
      debtValue += value;
    }
    const avgLtBps = collateralValue === 0n ? 0n : weightedSum / collateralValue;
    const weightedCollateral = (collateralValue * avgLtBps + HALF_PERCENT) / PERCENT;
    const healthFactor = debtValue === 0n ? null : (weightedCollateral * WAD + debtValue / 2n) / debtValue;
    return { collateralValue, debtValue, weightedCollateral, healthFactor };
  },
  closeFactor(healthFactor) {
    return healthFactor > CLOSE_FACTOR_HF_THRESHOLD ? WAD / 2n : WAD;
  },
  seizesAllCollateral: false,
};

/** Aave stores LT and bonus in bps (bonus 10500 = +5 %); the engine uses WAD. */
export const bpsToWad = (bps: bigint | number) => BigInt(bps) * 10n ** 14n;
export { mulDiv };

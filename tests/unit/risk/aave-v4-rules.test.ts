/**
 * Aave v4's liquidation curve against the figures aave/aave-v4's own unit tests state (commit 1e8de86,
 * tests/contracts/spoke/libraries/liquidation-logic/LiquidationLogic.LiquidationBonus.t.sol and
 * LiquidationLogic.DebtToTargetHealthFactor.t.sol): the numbers are the protocol's, not ours.
 */
import { describe, expect, it } from 'vitest';
import { debtRayToTargetHealthFactor, liquidationBonusBps } from '../../../lib/risk/rules/aave-v4.ts';

const RAY = 10n ** 27n;
const E18 = 10n ** 18n;

describe('Aave v4 liquidation curve (figures from the v4 test suite)', () => {
  it('bonus: minimum just under HF 1, interpolated at 0.96, max at or below healthFactorForMaxBonus', () => {
    // max 110 %, factor 50 %, max bonus at HF 0.8: min = 100 % + 10 % × 50 % = 105 %.
    expect(liquidationBonusBps(E18 - 1n, 110_00n, 8n * 10n ** 17n, 50_00n)).toBe(105_00n);
    expect(liquidationBonusBps(96n * 10n ** 16n, 110_00n, 8n * 10n ** 17n, 50_00n)).toBe(106_00n);
    expect(liquidationBonusBps(8n * 10n ** 17n, 110_00n, 8n * 10n ** 17n, 50_00n)).toBe(110_00n);
    expect(liquidationBonusBps(5n * 10n ** 17n, 110_00n, 8n * 10n ** 17n, 50_00n)).toBe(110_00n);
  });

  const base = {
    totalDebtValueRay: 10_000n * 10n ** 26n * RAY,
    collateralFactor: 50_00n,
    liquidationBonus: 150_00n,
    healthFactor: 8n * 10n ** 17n,
  };

  it.each([1n, 10n ** 6n, 10n ** 18n])('debt to target, unit price, asset unit %s: $10,000 × 0.45 / 0.5 = 9,000', (unit) => {
    expect(debtRayToTargetHealthFactor({ ...base, debtAssetUnit: unit, debtAssetPrice: 10n ** 8n, targetHealthFactor: 125n * 10n ** 16n })).toBe(9000n * unit * RAY);
  });

  it.each([1n, 10n ** 6n, 10n ** 18n])('debt to target at $2,000, asset unit %s: exactly 4', (unit) => {
    expect(debtRayToTargetHealthFactor({ ...base, debtAssetUnit: unit, debtAssetPrice: 2000n * 10n ** 8n, targetHealthFactor: E18 })).toBe(4n * unit * RAY);
  });

  it('debt to target rounds up where $333 does not divide', () => {
    const p = { ...base, debtAssetPrice: 333n * 10n ** 8n, targetHealthFactor: E18 };
    expect(debtRayToTargetHealthFactor({ ...p, debtAssetUnit: 1n })).toBe(24_024024024024024024024024025n);
    expect(debtRayToTargetHealthFactor({ ...p, debtAssetUnit: 10n ** 6n })).toBe(24_024024024024024024024024024024025n);
    expect(debtRayToTargetHealthFactor({ ...p, debtAssetUnit: 10n ** 18n })).toBe(24_024024024024024024024024024024024024024024025n);
  });
});

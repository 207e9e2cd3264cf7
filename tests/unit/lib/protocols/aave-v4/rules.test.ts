/**
 * Aave v4's liquidation curve against the figures aave/aave-v4's own unit tests state (commit 1e8de86,
 * tests/contracts/spoke/libraries/liquidation-logic/LiquidationLogic.LiquidationBonus.t.sol and
 * LiquidationLogic.DebtToTargetHealthFactor.t.sol): the numbers are the protocol's, not ours.
 */
import { describe, expect, it } from 'vitest';
import { debtRayToTargetHealthFactor, hubShares, liquidationAmounts, liquidationBonusBps } from '../../../../../lib/protocols/aave-v4/rules.ts';

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

describe('Aave v4 liquidation amounts (the two worked examples of LiquidationLogic.LiquidationAmounts.t.sol)', () => {
  // Collateral: 6-decimal asset at $1, share price 12 500.25 / 10 000; debt: 18-decimal asset at $2,000,
  // 3 drawn shares at index 1.6 plus 0.5 premium; HF 0.8, target 1, max bonus 120 % (reached at HF 0.8),
  // CF 50 %, fee 10 %, debtToCover 3.
  const C = '0x00000000000000000000000000000000000000c0' as const;
  const D = '0x00000000000000000000000000000000000000d0' as const;
  const config = { key: 0, collateralFactor: 50_00, maxLiquidationBonus: 120_00, liquidationFee: 10_00 };
  const hub = { addedAssets: 12_500_250_000n, addedShares: 10_000_000_000n };
  const details = { protocol: 'aave-v4' as const, spoke: C, targetHealthFactor: E18, healthFactorForMaxBonus: 8n * 10n ** 17n, liquidationBonusFactor: 50_00, riskPremium: 0, reserves: [] };

  function amounts(suppliedShares: bigint) {
    const collState = { address: C, reserveId: 0, userConfig: config, latestConfig: config, usingAsCollateral: true, suppliedShares, drawnShares: 0n, premiumDebtRay: 0n, drawnIndex: RAY, debtAmount: 0n, ...hub };
    const debtState = { address: D, reserveId: 1, userConfig: config, latestConfig: config, usingAsCollateral: false, suppliedShares: 0n, drawnShares: 3n * E18, premiumDebtRay: 5n * 10n ** 17n * RAY, drawnIndex: 16n * 10n ** 26n, debtAmount: 53n * 10n ** 17n, ...hub };
    return liquidationAmounts({
      coll: { address: C, symbol: 'C', decimals: 6, amount: hubShares.removeByShares(collState, suppliedShares), price: 10n ** 8n, priceUnit: 10n ** 6n, liquidationThreshold: 50_00n * 10n ** 14n, liquidationBonus: 120_00n * 10n ** 14n, usedAsCollateral: true },
      collState,
      debt: { address: D, symbol: 'D', decimals: 18, amount: debtState.debtAmount, price: 2000n * 10n ** 8n, priceUnit: E18 },
      debtState,
      healthFactor: 8n * 10n ** 17n,
      totalDebtValueRay: 10_000n * 10n ** 26n * RAY,
      details,
      debtToCover: 3n * E18,
      activeCollateralCount: 1,
      borrowCount: 1,
    })!;
  }

  it('enough collateral: 4 800 shares, 1.25 drawn shares and all 0.5 of premium', () => {
    const a = amounts(10_000_000_000n);
    expect(a.collateralSharesToLiquidate).toBe(4_800_000_000n);
    expect(Number(a.collateralSharesToLiquidator - 4_720_000_000n)).toBeGreaterThanOrEqual(-1);
    expect(Number(a.collateralSharesToLiquidator - 4_720_000_000n)).toBeLessThanOrEqual(1);
    expect(a.drawnSharesToLiquidate).toBe(125n * 10n ** 16n);
    expect(a.premiumDebtRayToLiquidate).toBe(5n * 10n ** 17n * RAY);
  });

  it('insufficient collateral: all 4 500 shares, the debt cut to what they cover', () => {
    const a = amounts(4_500_000_000n);
    expect(a.collateralSharesToLiquidate).toBe(4_500_000_000n);
    expect(Number(a.collateralSharesToLiquidator - 4_425_000_000n)).toBeGreaterThanOrEqual(-1);
    expect(Number(a.collateralSharesToLiquidator - 4_425_000_000n)).toBeLessThanOrEqual(1);
    expect(a.drawnSharesToLiquidate).toBe(115234375n * 10n ** 10n);
    expect(a.premiumDebtRayToLiquidate).toBe(5n * 10n ** 17n * RAY);
  });
});

/**
 * Aave v4's interest projection against values worked out by hand from the Hub's Solidity formulas
 * (aave/aave-v4 at 1e8de863…: AssetLogic.sol:79-96, 141-165, 187-242; MathUtils.sol:20-31; SharesMath.sol:31-41;
 * Premium.sol:17-23; UserPositionUtils.sol:127-133). The arithmetic is in the comments; the chain test
 * (tests/chain/aave-v4.test.ts) proves the same projection against the stand-in Hub and Spoke to the wei.
 */
import { describe, expect, it } from 'vitest';
import { getAddress, type Address } from 'viem';
import { accrueAaveV4, addedAssetsAt, drawnIndexAt } from '../../../../../lib/protocols/aave-v4/accrue.ts';
import type { AaveV4Details, AaveV4HubAsset, AaveV4ReserveState } from '../../../../../lib/protocols/aave-v4/config.ts';
import { aaveV4Descriptor } from '../../../../../lib/protocols/aave-v4/descriptor.ts';
import { liquidationTime } from '../../../../../lib/risk/interest-time.ts';
import type { Position } from '../../../../../lib/core/types.ts';

const RAY = 10n ** 27n;
const YEAR = 31_536_000n;
const LAST = 1_000n;

// USDC-like asset, 6 decimals: stored index 1.1, 10 % a year, 10 % liquidity fee, 5 USDC fees already realized.
const usdcHub: AaveV4HubAsset = {
  liquidity: 500_000_000n,
  realizedFees: 5_000_000n,
  swept: 0n,
  addedShares: 1_400_000_000n,
  drawnShares: 1_000_000_000n,
  premiumShares: 100_000_000n,
  premiumOffsetRay: 100_000_000n * RAY, // premium opened at index 1.0
  deficitRay: 0n,
  liquidityFee: 10_00,
  drawnIndex: (11n * RAY) / 10n,
  drawnRate: RAY / 10n,
  lastUpdate: LAST,
};

describe('Aave v4 Hub interest, by hand', () => {
  it('drawn index is linear from the STORED index and rounds up', () => {
    // Half a year: factor = 1 + 0.1 × ½ = 1.05 exactly; 1.1 × 1.05 = 1.155 exactly.
    expect(drawnIndexAt(usdcHub, LAST + YEAR / 2n)).toBe(1_155n * 10n ** 24n);
    // One second: factor = RAY + floor(1e26 / 31,536,000) = RAY + 3,170,979,198,376,458,650;
    // 1.1e27 × that / RAY = 1,100,000,003,488,077,118,214,104,515 exactly → rayMulUp leaves it.
    expect(drawnIndexAt(usdcHub, LAST + 1n)).toBe(1_100_000_003_488_077_118_214_104_515n);
    // Three seconds: 3e26 / 31,536,000 = 9,512,937,595,129,375,951.29… → floor …951; 1.1 × that has a
    // fractional ray part (…9,546.1), so rayMulUp rounds up to …9,547.
    expect(drawnIndexAt(usdcHub, LAST + 3n)).toBe(1_100_000_010_464_231_354_642_313_547n);
    // Frozen while nothing is drawn.
    expect(drawnIndexAt({ ...usdcHub, drawnShares: 0n, premiumShares: 0n }, LAST + YEAR)).toBe(usdcHub.drawnIndex);
  });

  it('added assets: liquidity + owed (rounded up) − realized − unrealized fees', () => {
    // owed at 1.1:   1000e6 × 1.1 + (100e6 × 1.1 − 100e6) = 1,110,000,000
    // owed at 1.155: 1000e6 × 1.155 + (100e6 × 1.155 − 100e6) = 1,170,500,000
    // unrealized fees = (1,170,500,000 − 1,110,000,000) × 10 % = 6,050,000
    // added = 500,000,000 + 1,170,500,000 − 5,000,000 − 6,050,000 = 1,659,450,000
    expect(addedAssetsAt(usdcHub, LAST + YEAR / 2n)).toBe(1_659_450_000n);
    // At the stored time: 500,000,000 + 1,110,000,000 − 5,000,000 (no unrealized fees).
    expect(addedAssetsAt(usdcHub, LAST)).toBe(1_605_000_000n);
  });

  it('a user read a quarter-year after the update, projected a quarter-year on', () => {
    const address = getAddress('0x00000000000000000000000000000000000000aa');
    const readIndex = 11_275n * 10n ** 23n; // 1.1 × (1 + 0.1 × ¼) = 1.1275
    const reserve: AaveV4ReserveState = {
      address,
      reserveId: 0,
      userConfig: { key: 0, collateralFactor: 80_00, maxLiquidationBonus: 105_00, liquidationFee: 0 },
      latestConfig: { key: 0, collateralFactor: 80_00, maxLiquidationBonus: 105_00, liquidationFee: 0 },
      usingAsCollateral: true,
      suppliedShares: 700_000_000n,
      drawnShares: 200_000_000n,
      premiumShares: 20_000_000n,
      // 20e6 × 1.1275 − 20e6 (offset at index 1.0) = 2.55e6 in ray
      premiumDebtRay: 2_550_000n * RAY,
      drawnIndex: readIndex,
      addedAssets: 0n, // not used by the projection
      addedShares: usdcHub.addedShares,
      debtAmount: 225_500_000n + 2_550_000n,
      hub: usdcHub,
    };
    const leg = { address, symbol: 'USDC', decimals: 6, price: 100_000_000n, priceUnit: 1_000_000n };
    const position: Position = {
      protocol: 'aave-v4',
      chainId: 1,
      market: 'm',
      account: '0x00000000000000000000000000000000000000bb',
      quote: 'USD',
      quoteDecimals: 8,
      blockNumber: 1n,
      timestamp: LAST + YEAR / 4n,
      collateral: [{ ...leg, amount: 1n, liquidationThreshold: 8n * 10n ** 17n, liquidationBonus: 105n * 10n ** 16n, usedAsCollateral: true }],
      debt: [{ ...leg, amount: reserve.debtAmount }],
      assets: [],
      details: { protocol: 'aave-v4', spoke: address, targetHealthFactor: 10n ** 18n, healthFactorForMaxBonus: 10n ** 18n, liquidationBonusFactor: 0, riskPremium: 10_00, reserves: [reserve] },
    };
    const details = position.details as AaveV4Details;
    const p = accrueAaveV4(position, YEAR / 4n)!;
    // index 1.155 (linear from the stored 1.1, not 1.1275 × 1.025 = 1.1556875):
    // debt = 200e6 × 1.155 + fromRayUp(20e6 × 1.155 − 20e6) = 231,000,000 + 3,100,000
    expect(p.debt[0]!.amount).toBe(234_100_000n);
    // supplied = floor(700e6 × (1,659,450,000 + 1e6) / (1,400,000,000 + 1e6)) = 829,632,405 (829,632,405.42…)
    expect(p.collateral[0]!.amount).toBe(829_632_405n);
    if (p.details.protocol !== 'aave-v4') throw new Error('not v4');
    expect(p.details.reserves[0]!.drawnIndex).toBe(1_155n * 10n ** 24n);
    expect(p.details.reserves[0]!.premiumDebtRay).toBe(3_100_000n * RAY);
    expect(p.timestamp).toBe(LAST + YEAR / 2n);
    // The stored snapshot keeps what the projection needs (a negative offset too), and still reads old ones.
    const withNegative: AaveV4Details = { ...details, reserves: [{ ...reserve, hub: { ...usdcHub, premiumOffsetRay: -5n } }] };
    expect(aaveV4Descriptor.details.decode(JSON.parse(JSON.stringify(aaveV4Descriptor.details.encode(withNegative))))).toEqual(withNegative);
    const { hub: _hub, premiumShares: _shares, ...old } = reserve;
    const before: AaveV4Details = { ...details, reserves: [old] };
    expect(aaveV4Descriptor.details.decode(JSON.parse(JSON.stringify(aaveV4Descriptor.details.encode(before))))).toEqual(before);
    // Without the Hub state there is no projection.
    const bare = { ...position, details: { ...position.details, reserves: [{ ...reserve, hub: undefined }] } };
    expect(accrueAaveV4(bare, 1n)).toBeUndefined();
  });

  it('liquidationTime: WETH collateral that earns nothing, USDC debt at 10 % linear, HF₀ = 1.05 → t = 0.5 y', () => {
    // Collateral 1 WETH at $2,100, CF 80 % → weighted $1,680; debt 1,600 USDC (shares 1,600e6 at index 1.0).
    // HF(t) = 1680 / (1600 × (1 + 0.1·t/y)) = 1 ⇔ t = 0.5 y; the engine's HF is floored, so the first second
    // below 1 is the first t with 1600e6 × index(t) rounded up > 1680e6 → t > 0.5 y = 15,768,000 s.
    const weth = '0x00000000000000000000000000000000000000c1' as Address;
    const usdc = '0x00000000000000000000000000000000000000c2' as Address;
    const cfg = { key: 0, collateralFactor: 80_00, maxLiquidationBonus: 105_00, liquidationFee: 0 };
    const frozen: AaveV4HubAsset = { ...usdcHub, drawnShares: 0n, premiumShares: 0n, premiumOffsetRay: 0n, realizedFees: 0n, drawnIndex: RAY, liquidity: 10n ** 18n, addedShares: 10n ** 18n };
    const lent: AaveV4HubAsset = { ...usdcHub, drawnShares: 1_600_000_000n, premiumShares: 0n, premiumOffsetRay: 0n, realizedFees: 0n, drawnIndex: RAY, lastUpdate: 0n };
    const base = { userConfig: cfg, latestConfig: cfg, premiumShares: 0n, premiumDebtRay: 0n, drawnIndex: RAY, addedAssets: 10n ** 18n };
    const p: Position = {
      protocol: 'aave-v4',
      chainId: 1,
      market: 'm',
      account: weth,
      quote: 'USD',
      quoteDecimals: 8,
      blockNumber: 1n,
      timestamp: 0n,
      collateral: [{ address: weth, symbol: 'WETH', decimals: 18, price: 2_100n * 10n ** 8n, priceUnit: 10n ** 18n, amount: 10n ** 18n, liquidationThreshold: 8n * 10n ** 17n, liquidationBonus: 105n * 10n ** 16n, usedAsCollateral: true }],
      debt: [{ address: usdc, symbol: 'USDC', decimals: 6, price: 10n ** 8n, priceUnit: 10n ** 6n, amount: 1_600_000_000n }],
      assets: [],
      details: {
        protocol: 'aave-v4',
        spoke: weth,
        targetHealthFactor: 10n ** 18n,
        healthFactorForMaxBonus: 10n ** 18n,
        liquidationBonusFactor: 0,
        riskPremium: 0,
        reserves: [
          { ...base, address: weth, reserveId: 0, usingAsCollateral: true, suppliedShares: 10n ** 18n, drawnShares: 0n, addedShares: 10n ** 18n, debtAmount: 0n, hub: frozen },
          { ...base, address: usdc, reserveId: 1, usingAsCollateral: false, suppliedShares: 0n, drawnShares: 1_600_000_000n, addedShares: 10n ** 18n, debtAmount: 1_600_000_000n, hub: lent },
        ],
      },
    };
    // At t = 15,768,000: index = 1.05 exactly → debt value = 1680 = weighted → HF = 1 (not liquidatable).
    // At t + 1: index = 1.05 + ceil-ish 3.17e-9 → debt ray > 1680e6·RAY → HF < 1.
    expect(liquidationTime(p)).toBe(15_768_001n);
  });
});

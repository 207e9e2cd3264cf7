import { describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import { accountValues, healthFactor, liquidationPrices, WAD } from '../../../../../lib/risk/index.ts';
import { aaveMathForRevision, type AaveMathModel } from '../../../../../lib/protocols/aave-v3/versions.ts';
import { aaveLiquidationCall } from '../../../../../lib/protocols/aave-v3/liquidation.ts';
import type { CollateralLeg, DebtLeg, Position } from '../../../../../lib/core/types.ts';

/**
 * Aave v3's account math per release, checked against values worked out by hand from the Solidity
 * (GenericLogic.calculateUserAccountData of each tag, see lib/protocols/aave-v3/versions.ts), step by
 * step with integer arithmetic outside this code base. Raw base units throughout.
 */
const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address;
const debt = (n: number, amount: bigint, decimals: number, price: bigint): DebtLeg => ({
  address: A(n),
  symbol: `D${n}`,
  decimals,
  amount,
  price,
  priceUnit: 10n ** BigInt(decimals),
});
const coll = (n: number, amount: bigint, decimals: number, price: bigint, ltBps: bigint, used = true): CollateralLeg => ({
  ...debt(n, amount, decimals, price),
  symbol: `C${n}`,
  liquidationThreshold: ltBps * 10n ** 14n,
  liquidationBonus: 10_500n * 10n ** 14n,
  usedAsCollateral: used,
});
const pos = (math: AaveMathModel | undefined, collateral: CollateralLeg[], debts: DebtLeg[]): Position => ({
  protocol: 'aave-v3',
  chainId: 31337,
  market: 'Test',
  account: A(0xaa),
  quote: 'USD',
  quoteDecimals: 8,
  blockNumber: 1n,
  timestamp: 1n,
  collateral,
  debt: debts,
  assets: [],
  details: { protocol: 'aave-v3', eModeCategory: 0, isolated: false, ...(math ? { math } : {}) },
});

// 1.234567890123456789 WETH (18 dec) at $2000.12345678, LT 82.5 %; 0.12345678 WBTC (8 dec) at $60000.5,
// LT 75 %; debt 2500.123457 USDC (6 dec) at $0.99990001 — the product is not a whole number of base units.
const WETH = coll(1, 1_234_567_890_123_456_789n, 18, 200_012_345_678n, 8250n);
const WBTC = coll(2, 12_345_678n, 8, 6_000_050_000_000n, 7500n);
const USDC = debt(3, 2_500_123_457n, 6, 99_990_001n);

describe('Aave account math per release', () => {
  it('3.0–3.4: avg LT floored to bps, percentMul then wadDiv, debt floored', () => {
    // values 246928819602 + 740746852839 = 987675672441; Σv·LT = 7592764158009000 → avg 7687 bps
    // percentMul: (987675672441·7687 + 5000)/10000 = 759226289405; debt floor(2500123457·99990001/1e6) = 249987346965
    // HF = (759226289405·1e18 + 249987346965/2) / 249987346965
    for (const model of [undefined, 'v3.0', 'v3.3'] as const) {
      const v = accountValues(pos(model, [WETH, WBTC], [USDC]))!;
      expect(v.collateralValue).toBe(987_675_672_441n);
      expect(v.debtValue).toBe(249_987_346_965n);
      expect(v.healthFactor).toBe(3_037_058_869_668_699_914n);
    }
  });

  it('3.5: HF = (Σ value·LT).wadDiv(debt) / 100_00, debt valued mulDivCeil', () => {
    // debt ceil(2500123457·99990001/1e6) = 249987346966; (7592764158009000·1e18 + 124993673483) / 249987346966 / 10000
    const v = accountValues(pos('v3.5', [WETH, WBTC], [USDC]))!;
    expect(v.debtValue).toBe(249_987_346_966n);
    expect(v.healthFactor).toBe(3_037_259_385_388_680_568n);
  });

  it('3.6: a supply enabled as collateral counts in the total even with LT 0; e-mode-only collateral counts with its e-mode LT', () => {
    // 5.000000000000000007 of an LRT at $3700.5 with the e-mode LT 93 % (its own LT is 0): value 1850250000000;
    // 3 of a stable at $1 enabled as collateral with LT 0: value 300000000, in the total, not in HF.
    const lrt = coll(4, 5_000_000_000_000_000_007n, 18, 370_050_000_000n, 9300n);
    const zero = coll(5, 3n * 10n ** 18n, 18, 100_000_000n, 0n);
    const v = accountValues(pos('v3.6', [WETH, WBTC, lrt, zero], [USDC]))!;
    expect(v.collateralValue).toBe(2_838_225_672_441n);
    expect(v.healthFactor).toBe(9_920_537_762_810_044_477n);
    // On 3.5 the LT-0 supply is not collateral at all (GenericLogic v3.5.0:111).
    expect(accountValues(pos('v3.5', [WETH, WBTC, zero], [USDC]))!.collateralValue).toBe(987_675_672_441n);
    // Switched off stays out on every release.
    const off = { ...zero, usedAsCollateral: false };
    expect(accountValues(pos('v3.6', [WETH, WBTC, off], [USDC]))!.collateralValue).toBe(987_675_672_441n);
  });

  it('maps POOL_REVISION to the release, and says when it does not know it', () => {
    expect(aaveMathForRevision(1)).toEqual({ model: 'v3.0', verified: true });
    expect(aaveMathForRevision(6)).toEqual({ model: 'v3.0', verified: true });
    expect(aaveMathForRevision(7)).toEqual({ model: 'v3.3', verified: true });
    expect(aaveMathForRevision(8)).toEqual({ model: 'v3.3', verified: true });
    expect(aaveMathForRevision(9)).toEqual({ model: 'v3.5', verified: true });
    expect(aaveMathForRevision(10)).toEqual({ model: 'v3.6', verified: true });
    expect(aaveMathForRevision(11)).toEqual({ model: 'v3.6', verified: false });
    expect(aaveMathForRevision(0)).toEqual({ model: 'v3.0', verified: false });
    expect(aaveMathForRevision(undefined)).toEqual({ model: 'v3.0', verified: false });
  });
});

const healthyAt = (p: Position, asset: Address, price: bigint) => {
  const re = <T extends { address: Address; price: bigint | undefined }>(l: T): T => (l.address === asset ? { ...l, price } : l);
  const hf = healthFactor({ ...p, collateral: p.collateral.map(re), debt: p.debt.map(re) });
  return hf === null || (typeof hf === 'bigint' && hf >= WAD);
};

describe('liquidation price on the exact HF', () => {
  it('finds the crossing of a leg worth a tiny share of the collateral, far outside ±1 % of the linear estimate', () => {
    // 10 WETH at $2000 (LT 82.5 %), 0.01 wstETH at $3700 (LT 81 %), debt 16520 USDC. Linear: wstETH at
    // (16520 − 16500) / (0.01 · 0.81) = $2469.14. On 3.0 the avg LT (8249.73 bps) floors to 8249: the
    // account loses ~$1.46 of weighted collateral, worth ~$180 of the wstETH price (7 %).
    const weth = coll(1, 10n * 10n ** 18n, 18, 200_000_000_000n, 8250n);
    const wst = coll(2, 10n ** 16n, 18, 370_000_000_000n, 8100n);
    const usdc = debt(3, 16_520_000_000n, 6, 100_000_000n);
    for (const model of ['v3.0', 'v3.6'] as const) {
      const p = pos(model, [weth, wst], [usdc]);
      const liq = liquidationPrices(p).collateral.get(wst.address)!;
      expect(healthyAt(p, wst.address, liq)).toBe(true);
      expect(healthyAt(p, wst.address, liq - 1n)).toBe(false);
      // and nothing in between today's price and it is liquidatable (sampled every $0.37)
      for (let q = liq; q <= wst.price!; q += 37_000_000n) expect(healthyAt(p, wst.address, q)).toBe(true);
      // 3.0: bisected outside this code on the 3.0 formula: healthy from 266698993800 ($2666.99), 8 % above.
      if (model === 'v3.0') expect(liq).toBe(266_698_993_800n);
      else expect(Number(liq) / 1e8).toBeCloseTo(2469.14, 1);
    }
  });

  it('is the first liquidatable price moving from today on a sawtooth (3.0 floored avg LT, same asset on both sides)', () => {
    // 10 WETH (LT 82.5 %) and 20000 DAI (LT 77 %) supplied; 8.4 WETH and 14874 USDC borrowed. Worked out on
    // the 3.0 formula outside this code: liquidatable below $3500.00000000, healthy from there up to
    // $3502.85714287, liquidatable again above. WETH price today $3501.
    const weth = coll(1, 10n * 10n ** 18n, 18, 350_100_000_000n, 8250n);
    const dai = coll(2, 20_000n * 10n ** 18n, 18, 100_000_000n, 7700n);
    const wethDebt = debt(1, 84n * 10n ** 17n, 18, 350_100_000_000n);
    const usdc = debt(3, 14_874_000_000n, 6, 100_000_000n);
    const p = pos('v3.0', [weth, dai], [wethDebt, usdc]);
    expect(healthyAt(p, weth.address, 350_100_000_000n)).toBe(true);
    const prices = liquidationPrices(p);
    // Falling: the account turns liquidatable one unit below $3500.
    expect(prices.collateral.get(weth.address)).toBe(350_000_000_000n);
    // Rising: healthy up to 350285714287 ($3502.85714287), liquidatable one unit above.
    expect(prices.debt.get(weth.address)).toBe(350_285_714_287n);
  });
});

describe('Aave liquidationCall per release', () => {
  // 5 WETH at $2000 (bonus 105 %, protocol fee 10 % of the bonus); 8200 USDC debt at $1.0001 of a total
  // of that + $1000. Expected amounts worked out by hand from LiquidationLogic v3.6.0:245-322, 564-614.
  const weth = { ...coll(1, 5n * 10n ** 18n, 18, 200_000_000_000n, 8250n), price: 200_000_000_000n };
  const usdc = { ...debt(3, 8_200_000_000n, 6, 100_010_000n), price: 100_010_000n };
  const base = { healthFactor: 97n * 10n ** 16n, collateral: weth, bonusBps: 10_500n, protocolFeeBps: 1000n };

  it('3.6 above $2,000 and HF > 0.95: at most 50 % of the total debt value, fee out of the bonus', () => {
    // reserve debt ceil(8200e6·100010000/1e6) = 820082000000 > half of 920082000000 → max 460041000000·1e6/100010000
    const r = aaveLiquidationCall({ ...base, model: 'v3.6', totalDebtBase: 920_082_000_000n, debt: usdc, debtToCover: 10n ** 30n });
    expect(r).toEqual({
      debtRepaid: 4_599_950_004n,
      collateralToLiquidator: 2_403_714_224_477_709_000n,
      protocolFee: 11_501_024_997_501_000n,
      maxLiquidatableDebt: 4_599_950_004n,
      halfCloseFactor: true,
    });
    // 3.0 would cap at 50 % of the reserve's own debt.
    const old = aaveLiquidationCall({ ...base, model: 'v3.0', totalDebtBase: 920_082_000_000n, debt: usdc, debtToCover: 10n ** 30n });
    expect(old !== 'dust' && old.debtRepaid).toBe(4_100_000_000n);
  });

  it('3.3+ below $2,000 of collateral: 100 % may be liquidated even above HF 0.95', () => {
    const small = { ...weth, amount: 9n * 10n ** 17n };
    const d = { ...usdc, amount: 1_500_000_000n };
    const r = aaveLiquidationCall({ ...base, collateral: small, model: 'v3.6', totalDebtBase: 150_015_000_000n, debt: d, debtToCover: 10n ** 30n });
    expect(r !== 'dust' && [r.debtRepaid, r.collateralToLiquidator, r.protocolFee, r.halfCloseFactor]).toEqual([
      1_500_000_000n,
      783_828_375_000_000_000n,
      3_750_375_000_000_000n,
      false,
    ]);
  });

  it('3.3+ refuses a partial liquidation that leaves less than $1,000 of debt', () => {
    const small = { ...weth, amount: 9n * 10n ** 17n };
    const d = { ...usdc, amount: 1_500_000_000n };
    const args = { ...base, collateral: small, model: 'v3.6' as const, totalDebtBase: 150_015_000_000n, debt: d };
    expect(aaveLiquidationCall({ ...args, debtToCover: 600_000_000n })).toBe('dust'); // leaves $900.09
    expect(aaveLiquidationCall({ ...args, debtToCover: 400_000_000n })).not.toBe('dust'); // leaves $1100.11
  });
});

describe('Aave liquidation cost on 3.6 with collateral that has LT 0 outside e-mode', () => {
  it('never picks a zero-bonus supply (the Pool cannot seize it) and never throws', async () => {
    const { liquidationCost } = await import('../../../../../lib/risk/index.ts');
    const zero = { ...coll(5, 3n * 10n ** 18n, 18, 100_000_000n, 0n), liquidationBonus: 0n };
    const weth = coll(1, 10n ** 18n, 18, 200_000_000_000n, 8250n);
    const usdc = debt(3, 1_000_000_000n, 6, 100_000_000n);
    expect(liquidationCost(pos('v3.6', [zero], [usdc]))).toBeUndefined();
    const cost = liquidationCost(pos('v3.6', [zero, weth], [usdc]))!;
    expect(cost.collateralAsset?.address).toBe(weth.address);
  });
});

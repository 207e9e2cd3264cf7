import { describe, expect, it } from 'vitest';
import {
  healthFactor,
  liquidationCost,
  liquidationPrices,
  proposals,
  report,
  simulate,
  WAD,
} from '../../../../lib/risk/index.ts';
import { asset, collateral, debt, hf, position, units } from '../../../helpers/positions.ts';

const WETH = asset({ symbol: 'WETH', decimals: 18, price: 2000, lt: 0.825, bonus: 1.05 });
const WBTC = asset({ symbol: 'WBTC', decimals: 8, price: 60000, lt: 0.75, bonus: 1.065 });
const USDC = asset({ symbol: 'USDC', decimals: 6, price: 1, lt: 0.8, bonus: 1.045 });
const DAI = asset({ symbol: 'DAI', decimals: 18, price: 1, lt: 0.78, bonus: 1.05 });

describe('health factor', () => {
  it('is Σ collateral·price·LT / Σ debt·price (the DESIGN.md example)', () => {
    const p = position({ collateral: [collateral(WETH, 10)], debt: [debt(USDC, 12000)] });
    // 10 × 2000 × 0.825 / 12000 = 1.375
    expect(hf(healthFactor(p))).toBeCloseTo(1.375, 15);
  });

  it('mixes decimals and assets', () => {
    const p = position({
      collateral: [collateral(WETH, '1.5'), collateral(WBTC, '0.1')],
      debt: [debt(USDC, 2000), debt(DAI, '1000.5')],
    });
    const expected = (1.5 * 2000 * 0.825 + 0.1 * 60000 * 0.75) / (2000 + 1000.5);
    expect(hf(healthFactor(p))).toBeCloseTo(expected, 8);
  });

  it('is null without debt and undefined when a price is missing', () => {
    expect(healthFactor(position({ collateral: [collateral(WETH, 1)] }))).toBeNull();
    const missing = position({ collateral: [{ ...collateral(WETH, 1), price: undefined }], debt: [debt(USDC, 100)] });
    expect(healthFactor(missing)).toBeUndefined();
    expect(report(missing).status).toBe('price-missing');
    expect(report(missing).healthFactor).toBeNull();
  });

  it('ignores collateral switched off (LT 0)', () => {
    const off = { ...collateral(WBTC, 1), liquidationThreshold: 0n, usedAsCollateral: false };
    const p = position({ collateral: [collateral(WETH, 10), off], debt: [debt(USDC, 12000)] });
    expect(hf(healthFactor(p))).toBeCloseTo(1.375, 12);
  });
});

describe('liquidation prices', () => {
  const p = position({ collateral: [collateral(WETH, 10)], debt: [debt(USDC, 12000)] });

  it('match the closed form of the DESIGN.md example', () => {
    const r = report(p);
    expect(r.collateral[0]!.liquidationPrice).toBeCloseTo(12000 / (10 * 0.825), 6);
    expect(r.collateral[0]!.distance).toBeCloseTo(1 - 12000 / (10 * 0.825) / 2000, 6);
    expect(r.debt[0]!.liquidationPrice).toBeCloseTo(1.375, 6);
    expect(r.debt[0]!.distance).toBeCloseTo(0.375, 6);
  });

  it('put HF at 1 exactly there (collateral rounded up, debt down)', () => {
    const prices = liquidationPrices(p);
    const liq = prices.collateral.get(WETH.address)!;
    const at = simulate(p, { type: 'price', asset: WETH.address, price: liq });
    const below = simulate(p, { type: 'price', asset: WETH.address, price: (liq * 9999n) / 10000n });
    expect(healthFactor(at)!).toBeGreaterThanOrEqual(WAD);
    expect(healthFactor(below)!).toBeLessThan(WAD);
    const debtLiq = prices.debt.get(USDC.address)!;
    const above = simulate(p, { type: 'price', asset: USDC.address, price: (debtLiq * 10001n) / 10000n });
    expect(healthFactor(above)!).toBeLessThan(WAD);
  });

  it('is null when the other collateral alone covers the debt', () => {
    const q = position({ collateral: [collateral(WETH, 10), collateral(WBTC, 1)], debt: [debt(USDC, 1000)] });
    expect(liquidationPrices(q).collateral.get(WETH.address)).toBeNull();
    expect(report(q).collateral[0]!.distance).toBeNull();
  });

  it('counts the same asset on both sides', () => {
    // 10 WETH supplied, 3 WETH and 5000 USDC borrowed: the WETH price moves both sides.
    const q = position({ collateral: [collateral(WETH, 10)], debt: [debt(WETH, 3), debt(USDC, 5000)] });
    const liq = liquidationPrices(q).collateral.get(WETH.address)!;
    const human = Number(liq) / 1e8;
    // 10·p·0.825 = 3·p + 5000  →  p = 5000 / 5.25
    expect(human).toBeCloseTo(5000 / 5.25, 4);
    expect(liquidationPrices(q).debt.get(WETH.address)).toBeNull();
  });

  it('has none without debt', () => {
    const q = position({ collateral: [collateral(WETH, 1)] });
    expect(report(q).collateral[0]!.liquidationPrice).toBeNull();
  });
});

describe('simulation', () => {
  const p = position({ collateral: [collateral(WETH, 10)], debt: [debt(USDC, 12000)], assets: [WETH, WBTC, USDC] });

  it('repay, supply, withdraw, borrow move HF as the formula says', () => {
    const repaid = simulate(p, { type: 'repay', asset: USDC.address, amount: units(2000, 6) });
    expect(hf(healthFactor(repaid))).toBeCloseTo(16500 / 10000, 12);
    const supplied = simulate(p, { type: 'supply', asset: WBTC.address, amount: units('0.1', 8) });
    // Aave floors the average LT to whole bps: 21000 / 26000 = 0.80769… → 0.8076.
    const avgLt = Math.floor((10_000 * (16500 + 4500)) / 26000) / 10_000;
    expect(hf(healthFactor(supplied))).toBeCloseTo((26000 * avgLt) / 12000, 12);
    expect(hf(healthFactor({ ...supplied, protocol: 'morpho-blue' }))).toBeCloseTo(21000 / 12000, 12);
    const withdrawn = simulate(p, { type: 'withdraw', asset: WETH.address, amount: units(2, 18) });
    expect(hf(healthFactor(withdrawn))).toBeCloseTo(13200 / 12000, 12);
    const borrowed = simulate(p, { type: 'borrow', asset: USDC.address, amount: units(3000, 6) });
    expect(hf(healthFactor(borrowed))).toBeCloseTo(16500 / 15000, 12);
    expect(p.debt[0]!.amount).toBe(units(12000, 6)); // input untouched
  });

  it('rejects absurd input with a clear message', () => {
    expect(() => simulate(p, { type: 'repay', asset: USDC.address, amount: units(13000, 6) })).toThrow(/more USDC than the debt/);
    expect(() => simulate(p, { type: 'withdraw', asset: WETH.address, amount: -1n })).toThrow(/negative/);
    expect(() => simulate(p, { type: 'supply', asset: DAI.address, amount: 1n })).toThrow(/not part of this market/);
  });
});

describe('proposals', () => {
  const p = position({
    collateral: [collateral(WETH, 10), collateral(WBTC, '0.05')],
    debt: [debt(USDC, 14000), debt(DAI, 1000)],
    assets: [WETH, WBTC, USDC, DAI],
  });
  const target = 15n * 10n ** 17n;

  it('each proposal lands on the target (>= target, within 0.1 %)', () => {
    const before = healthFactor(p)!;
    expect(before).toBeLessThan(target);
    const props = proposals(p, { target });
    expect(props.addCollateral.length).toBeGreaterThanOrEqual(3);
    for (const a of props.addCollateral) {
      const after = healthFactor(simulate(p, { type: 'supply', asset: a.add.address, amount: a.add.amount }))!;
      expect(after).toBeGreaterThanOrEqual(target);
      expect(hf(after)! / 1.5 - 1).toBeLessThan(1e-3);
    }
    const reaching = props.repay.filter((r) => r.reachesTarget);
    expect(reaching.map((r) => r.repay.symbol)).toContain('USDC');
    for (const r of reaching) {
      const after = healthFactor(simulate(p, { type: 'repay', asset: r.repay.address, amount: r.repay.amount }))!;
      expect(after).toBeGreaterThanOrEqual(target);
      expect(hf(after)! / 1.5 - 1).toBeLessThan(1e-3);
    }
    // DAI debt is only 1000: repaying all of it cannot reach 1.5.
    expect(props.repay.find((r) => r.repay.symbol === 'DAI')!.reachesTarget).toBe(false);
    const delev = props.deleverage.find((d) => d.sell.symbol === 'WETH' && d.repay.symbol === 'USDC')!;
    expect(delev.reachesTarget).toBe(true);
    // Selling x WETH at 2000 with 0.5 % slippage repays x·2000·0.995 USDC.
    expect(Number(delev.repay.amount) / 1e6).toBeCloseTo((Number(delev.sell.amount) / 1e18) * 2000 * 0.995, 2);
    const after = healthFactor(
      simulate(simulate(p, { type: 'withdraw', asset: WETH.address, amount: delev.sell.amount }), {
        type: 'repay',
        asset: USDC.address,
        amount: delev.repay.amount,
      }),
    )!;
    expect(after).toBeGreaterThanOrEqual(target);
  });

  it('says already safe above target and refuses a target <= 1', () => {
    expect(proposals(p, { target: 11n * 10n ** 17n }).alreadySafe).toBe(true);
    expect(() => proposals(p, { target: WAD })).toThrow();
  });
});

describe('liquidation cost', () => {
  it('Aave: half the largest debt with the collateral bonus, all of it below HF 0.95', () => {
    const p = position({ collateral: [collateral(WETH, 10)], debt: [debt(USDC, 12000)] });
    const cost = liquidationCost(p)!;
    expect(Number(cost.debtRepaid) / 1e8).toBeCloseTo(6000, 6);
    expect(Number(cost.penalty) / 1e8).toBeCloseTo(300, 6);
    const deep = simulate(p, { type: 'price', asset: WETH.address, price: 1300n * 10n ** 8n }); // HF 0.89
    expect(Number(liquidationCost(deep)!.debtRepaid) / 1e8).toBeCloseTo(12000, 6);
  });
  it('none without debt', () => {
    expect(liquidationCost(position({ collateral: [collateral(WETH, 1)] }))).toBeUndefined();
  });
});

describe('Compound v3 base token (one signed balance)', () => {
  const USDCb = asset({ symbol: 'USDC', decimals: 6, price: 1, lt: 0 });
  const comet = (legs: Parameters<typeof position>[0]) => {
    const p = position(legs, 'compound-v3');
    return { ...p, details: { protocol: 'compound-v3' as const, comet: '0x0000000000000000000000000000000000000c00' as const, baseToken: USDCb.address } };
  };

  it('supplying base first repays the borrow, the rest becomes a supply', () => {
    const p = comet({ collateral: [collateral(WETH, 10)], debt: [debt(USDCb, 1000)], assets: [WETH, USDCb] });
    const after = simulate(p, { type: 'supply', asset: USDCb.address, amount: units(1500, 6) });
    expect(after.debt[0]!.amount).toBe(0n);
    expect(after.collateral.find((l) => l.symbol === 'USDC')!.amount).toBe(units(500, 6));
    expect(healthFactor(after)).toBeNull();
  });

  it('borrowing base first draws down the supply', () => {
    const p = comet({ collateral: [collateral(WETH, 10), { ...collateral(USDCb, 300), liquidationThreshold: 0n }], assets: [WETH, USDCb] });
    const after = simulate(p, { type: 'borrow', asset: USDCb.address, amount: units(1000, 6) });
    expect(after.collateral.find((l) => l.symbol === 'USDC')!.amount).toBe(0n);
    expect(after.debt[0]!.amount).toBe(units(700, 6));
  });
});

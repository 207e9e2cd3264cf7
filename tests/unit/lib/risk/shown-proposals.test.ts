import { describe, expect, it } from 'vitest';
import { formatUnits } from 'viem';
import { healthFactor, proposals, repaidBySale, simulate, simulateAll, type Position } from '../../../../lib/risk/index.ts';
import { mainCollateral, shownProposals } from '../../../../lib/risk/shown-proposals.ts';
import { alice, WBTC, WETH } from '../../fixtures/popup.ts';
import { collateral } from '../../../helpers/positions.ts';

const WAD = 10n ** 18n;
const f = (x: bigint | null | undefined) => (typeof x === 'bigint' ? Number(x) / 1e18 : x);

/** Doing exactly what a shown proposal says, through the engine (the deleverage repayment is what the sale yields). */
function doAsShown(p: Position, s: ReturnType<typeof shownProposals>['repay' | 'addCollateral' | 'deleverage'][number]): Position {
  switch (s.kind) {
    case 'add-collateral':
      return simulate(p, { type: 'supply', asset: s.add.address, amount: s.add.amount });
    case 'repay':
      return simulate(p, { type: 'repay', asset: s.repay.address, amount: s.repay.amount });
    case 'deleverage': {
      const coll = p.collateral.find((l) => l.address === s.sell.address)!;
      const debt = p.debt.find((l) => l.address === s.repay.address)!;
      // The shown repayment never exceeds what the shown sale yields after slippage.
      expect(s.repay.amount <= repaidBySale(coll, debt, s.sell.amount, s.slippage)).toBe(true);
      return simulateAll(p, [
        { type: 'withdraw', asset: s.sell.address, amount: s.sell.amount },
        { type: 'repay', asset: s.repay.address, amount: s.repay.amount },
      ]);
    }
  }
}

describe('shown proposals: rounded for reading, verified against the engine', () => {
  const target = 15n * 10n ** 17n;
  const margin = 1.00001; // the engine aims 0.001 % above the target
  it('repay: the fewest digits that still reach the target, within 0.5 % of the exact need', () => {
    const shown = shownProposals(alice(), target);
    const need = 12000 - 16500 / (1.5 * margin); // 1000.11 USDC
    const repay = shown.repay[0]!;
    const amount = Number(formatUnits(repay.repay.amount, 6));
    expect(amount).toBe(1001);
    expect(amount).toBeGreaterThanOrEqual(need);
    expect(16500 / (12000 - amount)).toBeGreaterThanOrEqual(1.5);
    expect(repay.reachesTarget).toBe(true);
  });
  it('add collateral: the main collateral first, another asset as the alternative', () => {
    const shown = shownProposals(alice(), target);
    // WETH first (the main collateral), then the others by the value they take: USDC ($1 880) before WBTC ($2 004).
    expect(shown.addCollateral.map((p) => p.add.symbol)).toEqual(['WETH', 'USDC', 'WBTC']);
    const weth = Number(formatUnits(shown.addCollateral[0]!.add.amount, 18));
    const usdc = Number(formatUnits(shown.addCollateral[1]!.add.amount, 6));
    const wbtc = Number(formatUnits(shown.addCollateral[2]!.add.amount, 8));
    expect(usdc).toBe(1880);
    expect(usdc).toBeGreaterThanOrEqual((1.5 * margin * 12000 - 16500) / 0.8); // 1 875.2
    const needWeth = (1.5 * margin * 12000) / 1650 - 10; // 0.90920
    const needWbtc = (1.5 * margin * 12000 - 16500) / (60000 * 0.75); // 0.033337
    expect(weth).toBe(0.91);
    expect(wbtc).toBe(0.0334);
    expect(weth).toBeGreaterThanOrEqual(needWeth);
    expect(wbtc).toBeGreaterThanOrEqual(needWbtc);
  });
  it('deleverage: the displayed sale repays at most what it yields after slippage, and reaches the target', () => {
    const shown = shownProposals(alice(), target);
    const d = shown.deleverage[0]!;
    const sold = Number(formatUnits(d.sell.amount, 18));
    const repaid = Number(formatUnits(d.repay.amount, 6));
    expect(repaid).toBeLessThanOrEqual(sold * 2000 * 0.995 + 1e-6); // may equal the yield exactly (float noise)
    expect(((10 - sold) * 1650) / (12000 - repaid)).toBeGreaterThanOrEqual(1.5);
    // (10 − s)·1650 / (12000 − 1990·s) ≥ 1.500015  ⇔  s ≥ (18000.18 − 16500) / (2985.03 − 1650) = 1.12371
    expect(sold).toBeGreaterThanOrEqual(1500.18 / 1335.03 - 1e-6);
    expect(sold).toBeLessThan(1.1237 * 1.005);
  });
  it('repay all when repaying alone cannot reach the target', () => {
    // 10 WETH (16 500 weighted) against 10 000 USDC and 5 WETH borrowed: repaying all USDC leaves 16 500 / 10 000.
    const base = alice(10000);
    const p = { ...base, debt: [...base.debt, { ...base.collateral[0]!, amount: 5n * WAD, symbol: 'WETH' }].map(({ address, symbol, decimals, amount, price, priceUnit }) => ({ address, symbol, decimals, amount, price, priceUnit })) };
    const shown = shownProposals(p, 2n * WAD);
    const usdc = shown.repay.find((r) => r.repay.symbol === 'USDC')!;
    expect(usdc.reachesTarget).toBe(false);
    expect(usdc.all).toBe(true);
    expect(usdc.repay.amount).toBe(10_000_000_000n);
    expect(f(usdc.hfAfter)).toBeCloseTo(16500 / 10000, 9);
  });
  it('doing what is shown reaches the target, over many debts and targets', () => {
    // Two collaterals so every kind of proposal (and several deleverage pairs) is in play.
    const cases: Position[] = [];
    for (const owed of ['11000', '12345.678901', '13999.5', '15000']) {
      const base = alice(owed);
      cases.push(base, { ...base, collateral: [...base.collateral, collateral(WBTC, '0.123456')] });
    }
    let checked = 0;
    for (const p of cases) {
      for (const t of [12n * 10n ** 17n, target, 2n * WAD, 3n * WAD]) {
        const shown = shownProposals(p, t);
        for (const s of [...shown.addCollateral, ...shown.repay, ...shown.deleverage]) {
          const after = healthFactor(doAsShown(p, s));
          expect(after, `${s.kind} at ${f(t)}`).toBe(s.hfAfter);
          if (s.reachesTarget) expect(after === null || after! >= t, `${s.kind} reaches ${f(t)}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
  it('a sale that falls short is shown only when none reaches the target', () => {
    // Selling all of 0.01 WBTC ($600) cannot bring 16 506 / 12 000 to 2; selling WETH can (s ≥ 3.22).
    const p = { ...alice(), collateral: [collateral(WETH, 10), collateral(WBTC, 0.01)] };
    const exact = proposals(p, { target: 2n * WAD });
    expect(exact.deleverage.map((d) => [d.sell.symbol, d.reachesTarget])).toEqual([['WETH', true], ['WBTC', false]]);
    expect(shownProposals(p, 2n * WAD).deleverage.map((d) => d.sell.symbol)).toEqual(['WETH']);
    // 1 WETH + 0.01 WBTC (weighted 2 100, worth 2 600) against 2 700 USDC: no sale can clear the debt. Selling
    // WETH only hurts (0.995 · 2 100 < 0.825 · 2 700); selling all WBTC helps a little: 1 650 / 2 103.
    const short = { ...alice(2700), collateral: [collateral(WETH, 1), collateral(WBTC, 0.01)] };
    const shown = shownProposals(short, target);
    expect(shown.deleverage.map((d) => [d.sell.symbol, d.sell.amount, d.reachesTarget])).toEqual([['WBTC', 1_000_000n, false]]);
    expect(f(shown.deleverage[0]!.hfAfter)).toBeCloseTo(1650 / (2700 - 600 * 0.995), 6);
  });
  it('nothing to propose at or above the target, without debt, or without a price', () => {
    expect(shownProposals(alice(16500 / 1.6), target)).toMatchObject({ alreadySafe: true, addCollateral: [], repay: [], deleverage: [] });
    expect(shownProposals({ ...alice(), debt: [] }, target)).toMatchObject({ healthFactor: null, addCollateral: [], repay: [] });
    const p = alice();
    const unpriced = shownProposals({ ...p, debt: [{ ...p.debt[0]!, price: undefined }] }, target);
    expect(unpriced.healthFactor).toBeUndefined();
    expect([...unpriced.addCollateral, ...unpriced.repay, ...unpriced.deleverage]).toEqual([]);
  });
  it('the main collateral is the one that weighs most in the HF (value × LT), not the largest amount', () => {
    // 10 WETH ($20 000 × 0.825) against 0.5 WBTC ($30 000 × 0.75 = 22 500): WBTC weighs more.
    const p = { ...alice(), collateral: [collateral(WETH, 10), collateral(WBTC, 0.5)] };
    expect(mainCollateral(p)?.symbol).toBe('WBTC');
    expect(mainCollateral({ ...p, collateral: [collateral(WETH, 10), collateral(WBTC, 0.1)] })?.symbol).toBe('WETH');
  });
});

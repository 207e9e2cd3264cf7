/**
 * The chance of liquidation: the simulation against the closed form (one asset), against an independent
 * brute-force simulation (two correlated assets, one with jumps), monotone in the price, 1 when already
 * liquidatable, null with no debt.
 */
import { describe, expect, it } from 'vitest';
import { firstPassage, liquidationChance, withVolatility, type AssetModel, type PriceModel } from '../../../../lib/risk/chance.ts';
import { healthFactor } from '../../../../lib/risk/health.ts';
import { ratio, WAD } from '../../../../lib/core/math.ts';
import { asset, collateral, debt, position } from '../../../helpers/positions.ts';

const model = (m: Partial<AssetModel> & { sigma: number }): AssetModel =>
  withVolatility({ jumpRate: 0, jumpMean: 0, jumpStd: 0, source: 'history' as const, ...m });

const fixed = (byAddress: Record<string, AssetModel>, corr = 0): PriceModel => ({
  asset: (a) => byAddress[a.toLowerCase()] ?? model({ sigma: 0 }),
  correlation: (a, b) => (a === b ? 1 : corr),
});

const WETH = asset({ symbol: 'WETH', decimals: 18, price: 2000, lt: 0.825 });
const USDC = asset({ symbol: 'USDC', decimals: 6, price: 1 });
const WBTC = asset({ symbol: 'WBTC', decimals: 8, price: 60000, lt: 0.75 });

describe('liquidationChance', () => {
  it('one asset: the plain simulation (no control variate) equals the closed form within 0.5 points (1 and 7 days)', () => {
    const eth = model({ sigma: 0.62 });
    const models = fixed({ [WETH.address.toLowerCase()]: eth });
    for (const borrowed of [13_000, 14_500, 15_500]) {
      const p = position({ collateral: [collateral(WETH, 10)], debt: [debt(USDC, borrowed)] });
      const closed = liquidationChance(p, models)!;
      const simulated = liquidationChance(p, models, { simulate: true, controlVariate: false, paths: 20_000 })!;
      const hf = ratio(healthFactor(p) as bigint, WAD);
      // The closed form is the textbook one: check it independently too.
      expect(closed['7d']).toBeCloseTo(firstPassage(Math.log(hf), 0, 0.62, 7 / 365), 12);
      expect(Math.abs(simulated['1d'] - closed['1d'])).toBeLessThan(0.005);
      expect(Math.abs(simulated['7d'] - closed['7d'])).toBeLessThan(0.005);
      console.log(`HF ${hf.toFixed(3)}: 7d closed ${(closed['7d'] * 100).toFixed(2)} %, simulated ${(simulated['7d'] * 100).toFixed(2)} %`);
    }
  });

  it('two correlated assets, one with jumps: matches a brute-force fine-step simulation within 1 point', () => {
    const eth = model({ sigma: 0.7, jumpRate: 20, jumpMean: -0.03, jumpStd: 0.05 });
    const btc = model({ sigma: 0.5 });
    const rho = 0.6;
    const models = fixed({ [WETH.address.toLowerCase()]: eth, [WBTC.address.toLowerCase()]: btc }, rho);
    // WETH collateral against WBTC debt: health moves with the ratio of two correlated prices.
    const p = position({ collateral: [collateral(WETH, 100)], debt: [debt(WBTC, 2.45)] });
    const hf = ratio(healthFactor(p) as bigint, WAD);
    const ours = liquidationChance(p, models)!;
    const t0 = performance.now();
    const brute = bruteForce(hf, eth, btc, rho, 7, 10 * 60, 6_000, 7);
    const brute1 = bruteForce(hf, eth, btc, rho, 1, 2 * 60, 6_000, 11);
    console.log(`brute force: ${(performance.now() - t0).toFixed(0)} ms`);
    console.log(`HF ${hf.toFixed(3)}: 1d ${(ours['1d'] * 100).toFixed(2)} % vs ${(brute1 * 100).toFixed(2)} %, 7d ${(ours['7d'] * 100).toFixed(2)} % vs ${(brute * 100).toFixed(2)} %`);
    expect(brute).toBeGreaterThan(0.05); // a case where the number matters
    expect(Math.abs(ours['7d'] - brute)).toBeLessThan(0.01);
    expect(Math.abs(ours['1d'] - brute1)).toBeLessThan(0.01);
  }, 30_000);

  it('one asset with jumps (the fast conditioned-on-a-jump path): matches brute force within 1 point', () => {
    const eth = model({ sigma: 0.6, jumpRate: 30, jumpMean: -0.02, jumpStd: 0.06 });
    const models = fixed({ [WETH.address.toLowerCase()]: eth });
    const p = position({ collateral: [collateral(WETH, 10)], debt: [debt(USDC, 14_300)] });
    const hf = ratio(healthFactor(p) as bigint, WAD);
    const ours = liquidationChance(p, models)!;
    const brute = bruteForce(hf, eth, model({ sigma: 0 }), 0, 7, 10 * 60, 6_000, 5);
    console.log(`HF ${hf.toFixed(3)} one asset with jumps: 7d ${(ours['7d'] * 100).toFixed(2)} % vs brute force ${(brute * 100).toFixed(2)} %`);
    expect(brute).toBeGreaterThan(0.05);
    expect(Math.abs(ours['7d'] - brute)).toBeLessThan(0.01);
  }, 30_000);

  it('rises monotonically as the collateral price falls toward its liquidation price, and is 1 below it', () => {
    const eth = model({ sigma: 0.6, jumpRate: 10, jumpStd: 0.06 });
    const btc = model({ sigma: 0.5 });
    const models = fixed({ [WETH.address.toLowerCase()]: eth, [WBTC.address.toLowerCase()]: btc }, 0.7);
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 4; trial++) {
      const ethAmount = 5 + rand() * 20;
      const btcAmount = rand() * 0.5;
      const borrowed = (ethAmount * 2000 * 0.825 + btcAmount * 60000 * 0.75) * (0.7 + rand() * 0.25);
      let last = -1;
      for (let k = 0; k <= 12; k++) {
        const price = 2000 * (1 - k * 0.025);
        const weth = { ...WETH, price };
        const p = position({ collateral: [collateral(weth, ethAmount.toFixed(6)), collateral(WBTC, btcAmount.toFixed(6))], debt: [debt(USDC, borrowed.toFixed(2))] });
        const c = liquidationChance(p, models)!;
        expect(c['7d']).toBeGreaterThanOrEqual(c['1d']);
        expect(c['7d']).toBeGreaterThanOrEqual(last);
        last = c['7d'];
        if (ratio(healthFactor(p) as bigint, WAD) < 1) expect(c).toEqual({ '1d': 1, '7d': 1 });
      }
    }
  });

  it('null with no debt; the stable pair is far less likely than ETH at the same health factor', () => {
    const models = fixed({ [WETH.address.toLowerCase()]: model({ sigma: 0.6 }) });
    expect(liquidationChance(position({ collateral: [collateral(WETH, 1)] }), models)).toBeNull();
    const USDT = asset({ symbol: 'USDT', decimals: 6, price: 1, lt: 0.78 });
    const stable = fixed({ [USDT.address.toLowerCase()]: model({ sigma: 0.01 }), [USDC.address.toLowerCase()]: model({ sigma: 0.01 }) });
    const usdt = liquidationChance(position({ collateral: [collateral(USDT, 10_000)], debt: [debt(USDC, 6000)] }), stable)!;
    // Same HF (1.3) with ETH collateral.
    const eth = liquidationChance(position({ collateral: [collateral(WETH, 5)], debt: [debt(USDC, 6346)] }), models)!;
    expect(eth['7d']).toBeGreaterThan(1e-3);
    expect(usdt['7d']).toBeLessThan(eth['7d'] / 1000);
  });
});

/**
 * Independent of the code under test: Euler steps of both log prices (Cholesky by hand, jumps as
 * Bernoulli per small step), HF = HF₀ · e^(x_eth − x_btc), liquidated if any step is below 1.
 */
function bruteForce(hf0: number, eth: AssetModel, btc: AssetModel, rho: number, days: number, stepSeconds: number, paths: number, seed: number): number {
  let s = seed >>> 0;
  const u = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const n = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const dt = stepSeconds / (365 * 86_400);
  const steps = Math.round((days * 86_400) / stepSeconds);
  const b = Math.log(hf0);
  let hits = 0;
  for (let p = 0; p < paths; p++) {
    let x = 0;
    let y = 0;
    for (let k = 0; k < steps; k++) {
      const z1 = n();
      const z2 = rho * z1 + Math.sqrt(1 - rho * rho) * n();
      x += eth.sigma * Math.sqrt(dt) * z1;
      y += btc.sigma * Math.sqrt(dt) * z2;
      if (u() < eth.jumpRate * dt) x += eth.jumpMean + eth.jumpStd * n();
      if (b + x - y < 0) {
        hits++;
        break;
      }
    }
  }
  return hits / paths;
}

/**
 * The per-protocol projections against independent float formulas (the chain tests prove them against the
 * contracts; these pin the formulas and the time search in milliseconds).
 */
import { describe, expect, it } from 'vitest';
import { compoundedBinomial, compoundedTaylor, linearInterest } from '../../../../lib/protocols/aave-v3/accrue.ts';
import { kinkedRate } from '../../../../lib/protocols/compound-v3/interest.ts';
import { liquidationTime } from '../../../../lib/risk/interest-time.ts';
import { assumedModelFor, liquidationChance } from '../../../../lib/risk/chance.ts';
import { asset, collateral, debt, position } from '../../../helpers/positions.ts';

const assumedModel = assumedModelFor();

const RAY = 1e27;
const YEAR = 365 * 86_400;

describe('Aave interest formulas', () => {
  it('both compounding forms approximate e^(rt) to the third order and differ in the last digits (so the release can be told apart)', () => {
    const rate = BigInt(0.08 * RAY);
    for (const days of [1, 30, 180]) {
      const t = BigInt(days * 86_400);
      const exact = Math.exp(0.08 * (days / 365));
      const bin = Number(compoundedBinomial(rate, 0n, t)) / RAY;
      const tay = Number(compoundedTaylor(rate, 0n, t)) / RAY;
      expect(Math.abs(bin / exact - 1)).toBeLessThan(1e-6);
      expect(Math.abs(tay / exact - 1)).toBeLessThan(1e-6);
      expect(compoundedBinomial(rate, 0n, t)).not.toBe(compoundedTaylor(rate, 0n, t));
    }
    expect(Number(linearInterest(rate, 0n, BigInt(YEAR / 2))) / RAY).toBeCloseTo(1.04, 12);
  });
});

describe('Comet rate curve', () => {
  it('base + slopeLow·u below the kink, + slopeHigh·(u − kink) above it', () => {
    const E18 = 10n ** 18n;
    const [kink, low, high, base] = [(8n * E18) / 10n, 1_000_000_000n, 30_000_000_000n, 500_000_000n];
    expect(kinkedRate(E18 / 2n, kink, low, high, base)).toBe(base + low / 2n);
    expect(kinkedRate((9n * E18) / 10n, kink, low, high, base)).toBe(base + (low * 8n) / 10n + (high * 1n) / 10n);
  });
});

describe('liquidationTime', () => {
  it('Comet, simple interest: HF₀ / (1 + r·t) = 1 → t = (HF₀ − 1)/r, to the second', () => {
    const WETH = asset({ symbol: 'WETH', decimals: 18, price: 2000, lt: 0.9 });
    const USDC = asset({ symbol: 'USDC', decimals: 6, price: 1 });
    const base = position({ collateral: [collateral(WETH, 10)], debt: [debt(USDC, 16_000)] }, 'compound-v3');
    const ratePerSecond = 10n ** 18n / 20n / BigInt(YEAR); // 5 % a year
    const p = {
      ...base,
      timestamp: 1_000_000n,
      details: { protocol: 'compound-v3' as const, comet: USDC.address, baseToken: USDC.address },
      interest: {
        protocol: 'compound-v3' as const,
        baseSupplyIndex: 10n ** 15n,
        baseBorrowIndex: 10n ** 15n,
        lastAccrualTime: 1_000_000n,
        supplyRate: 0n,
        borrowRate: ratePerSecond,
        principal: -16_000n * 10n ** 6n,
      },
    };
    const hf0 = 18_000 / 16_000;
    const expected = 1_000_000 + (hf0 - 1) / (Number(ratePerSecond) / 1e18);
    const t = Number(liquidationTime(p));
    expect(Math.abs(t - expected)).toBeLessThan(2);
    expect(liquidationTime({ ...p, interest: { ...p.interest, borrowRate: 0n } })).toBeNull(); // never
    expect(liquidationTime({ ...p, debt: [] })).toBeNull(); // no debt

    // Interest alone within the week: the 7-day chance is 1 whatever the prices do; the 1-day one is not.
    const fast = { ...p, interest: { ...p.interest, borrowRate: ratePerSecond * 304n } }; // 15 % a week: crosses in ~3 days
    const days = (Number(liquidationTime(fast)) - 1_000_000) / 86_400;
    expect(days).toBeGreaterThan(2);
    expect(days).toBeLessThan(4);
    const chance = liquidationChance(fast, assumedModel)!;
    expect(chance['7d']).toBe(1);
    expect(chance['1d']).toBeLessThan(1);
    expect(liquidationChance(p, assumedModel)!['7d']).toBeLessThan(1);
  });
});

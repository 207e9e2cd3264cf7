import { WAD, mulDiv } from './math.ts';
import { healthFactor } from './health.ts';
import { smallestBounded } from './search.ts';
import { legValue } from './rules/index.ts';
import type { Address } from 'viem';
import type { Position } from './types.ts';

/**
 * Liquidation prices by the linear model of DESIGN.md: with every other price fixed, the price of one
 * asset at which HF = 1. Writing W for LT-weighted collateral and D for debt (both in quote base units,
 * W scaled by WAD), an asset held c as collateral (threshold LT) and d as debt contributes
 *   W(p) = W₀ + c·p·LT/u      D(p) = D₀ + d·p/u        (u = the leg's priceUnit)
 * so HF = 1 at  p* = (D₀·WAD − W₀)·u / (c·LT − d·WAD).
 * The same asset on both sides counts on both sides. Collateral prices are rounded up and debt prices
 * down, so the price we show is always on the side of warning early.
 *
 * Results are raw prices in the leg's own price units (`undefined` = cannot say: a price is missing,
 * `null` = this asset alone cannot trigger a liquidation).
 */
export interface LiquidationPrices {
  collateral: Map<Address, bigint | null | undefined>;
  debt: Map<Address, bigint | null | undefined>;
}

export function liquidationPrices(position: Position): LiquidationPrices {
  const result: LiquidationPrices = { collateral: new Map(), debt: new Map() };
  const exact = (asset: Address, s: Solution | undefined) => (s && s.side !== 'none' ? refine(position, asset, s) : s);
  const assets = new Set<Address>([...position.collateral, ...position.debt].map((l) => l.address));
  const hasDebt = position.debt.some((l) => l.amount > 0n);
  for (const asset of assets) {
    const price = exact(asset, solveFor(position, asset));
    const coll = position.collateral.find((l) => l.address === asset);
    const debt = position.debt.find((l) => l.address === asset);
    if (!hasDebt) {
      if (coll) result.collateral.set(asset, null);
      if (debt) result.debt.set(asset, null);
      continue;
    }
    if (coll) result.collateral.set(asset, price === undefined ? undefined : price.side === 'fall' ? price.value : null);
    if (debt) result.debt.set(asset, price === undefined ? undefined : price.side === 'rise' ? price.value : null);
  }
  return result;
}

type Solution = { side: 'fall' | 'rise'; value: bigint } | { side: 'none' };

/** How far around the linear estimate the exact flip point is looked for (1 %). */
const REFINE_WINDOW_BPS = 100n;

/**
 * The linear model ignores the protocol's integer steps; Aave's average LT alone is floored to whole
 * basis points, which moves the real flip point by up to ~0.013 %. So the estimate is refined by
 * bisection on the protocol's own HF (`rules/`): for collateral, the lowest price at which the position
 * is still healthy (liquidatable one unit below); for debt, the highest. When the exact function does
 * not change sides inside the window (missing price, odd steps), the estimate stands.
 */
function refine(position: Position, asset: Address, s: { side: 'fall' | 'rise'; value: bigint }): Solution {
  // Only the legs of this asset change; the rest of the position is shared, not copied, per probe.
  const healthyAt = (p: bigint) => {
    const reprice = <T extends { address: Address; price: bigint | undefined }>(l: T): T => (l.address === asset ? { ...l, price: p } : l);
    const hf = healthFactor({ ...position, collateral: position.collateral.map(reprice), debt: position.debt.map(reprice) });
    return hf === null || (hf !== undefined && hf >= WAD);
  };
  const lo = (s.value * (10_000n - REFINE_WINDOW_BPS)) / 10_000n;
  const hi = (s.value * (10_000n + REFINE_WINDOW_BPS)) / 10_000n + 1n;
  if (s.side === 'fall') {
    if (healthyAt(lo) || !healthyAt(hi)) return s;
    const found = smallestBounded(healthyAt, hi, lo);
    return found === undefined ? s : { side: 'fall', value: found };
  }
  if (!healthyAt(lo) || healthyAt(hi)) return s;
  // Largest healthy price = (smallest unhealthy price) - 1.
  const firstUnhealthy = smallestBounded((p) => !healthyAt(p), hi, lo);
  return firstUnhealthy === undefined ? s : { side: 'rise', value: firstUnhealthy - 1n };
}

function solveFor(position: Position, asset: Address): Solution | undefined {
  let w0 = 0n; // Σ value·LT over the other legs, in quote base units × WAD
  let d0 = 0n; // Σ value over the other legs, in quote base units
  let c = 0n;
  let lt = 0n;
  let d = 0n;
  let unit = 1n;
  for (const leg of position.collateral) {
    if (leg.address === asset) {
      if (leg.liquidationThreshold > 0n) {
        c += leg.amount;
        lt = leg.liquidationThreshold;
      }
      unit = leg.priceUnit;
      continue;
    }
    if (leg.liquidationThreshold === 0n) continue;
    const v = legValue(leg);
    if (v === undefined) return undefined;
    w0 += v * leg.liquidationThreshold;
  }
  for (const leg of position.debt) {
    if (leg.address === asset) {
      d += leg.amount;
      unit = leg.priceUnit;
      continue;
    }
    const v = legValue(leg);
    if (v === undefined) return undefined;
    d0 += v;
  }
  const num = d0 * WAD - w0;
  const den = c * lt - d * WAD;
  // HF rises with the price (den > 0): liquidation when it falls below p*, if p* > 0.
  if (den > 0n) return num > 0n ? { side: 'fall', value: mulDiv(num, unit, den, 'up') } : { side: 'none' };
  // HF falls as the price rises (den < 0): liquidation when it rises above p*, if p* > 0.
  if (den < 0n) return num < 0n ? { side: 'rise', value: mulDiv(-num, unit, -den, 'down') } : { side: 'none' };
  return { side: 'none' };
}

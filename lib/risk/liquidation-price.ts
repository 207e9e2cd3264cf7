import { WAD, mulDiv } from '../core/math.ts';
import { accountValues } from './health.ts';
import { smallestBounded } from './search.ts';
import { descriptorOf } from '../protocols/descriptors.ts';
import { legValue } from '../core/value.ts';
import type { Address } from 'viem';
import type { Position } from '../core/types.ts';

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
  const assets = new Set<Address>([...position.collateral, ...position.debt].map((l) => l.address));
  const hasDebt = position.debt.some((l) => l.amount > 0n);
  for (const asset of assets) {
    const coll = position.collateral.find((l) => l.address === asset);
    const debt = position.debt.find((l) => l.address === asset);
    if (!hasDebt) {
      if (coll) result.collateral.set(asset, null);
      if (debt) result.debt.set(asset, null);
      continue;
    }
    const linear = solveFor(position, asset);
    const exact = linear === undefined ? undefined : linear.side === 'none' ? { fall: null, rise: null } : refine(position, asset, linear);
    if (coll) result.collateral.set(asset, exact?.fall);
    if (debt) result.debt.set(asset, exact?.rise);
  }
  return result;
}

type Solution = { side: 'fall' | 'rise'; value: bigint } | { side: 'none' };

/**
 * The linear model ignores the protocol's integer steps. Aave 3.0–3.4 floor the average LT to whole
 * basis points, so their HF sits up to 1 bps of LT below the model — and is a sawtooth in a price when
 * that floor steps (the same asset on both sides: liquidatable at 3498.84–3499.10, healthy again up to
 * 3500.90). For a leg that is a small share of the collateral, that 1 bps of HF is a large share of its
 * price (1–2 % for $37 beside $20k), so no fixed window around the estimate can hold the crossing.
 *
 * So the exact price is found on the protocol's own HF (`rules/`), wherever it is:
 * 1. bracket it between the linear solutions with every LT moved by the rules' slack (`ltSlack`): past
 *    the pessimistic one the position is healthy, past the optimistic one it is not (each bound checked
 *    on the exact HF and widened by doubling when it does not hold);
 * 2. walk from today's price toward the bracket's far end one step segment at a time (`AccountValues.
 *    segment`: inside one, HF is monotone in the price) and stop at the first segment that holds a
 *    liquidatable price — the first price at which the account becomes liquidatable moving from today's.
 * For collateral the result is the lowest price still healthy on that path (liquidatable one unit below);
 * for debt, the highest (liquidatable one unit above).
 */
function refine(position: Position, asset: Address, s: { side: 'fall' | 'rise'; value: bigint }): { fall: bigint | null; rise: bigint | null } {
  // Only the legs of this asset change; the rest of the position is shared, not copied, per probe.
  const at = (p: bigint) => {
    const reprice = <T extends { address: Address; price: bigint | undefined }>(l: T): T => (l.address === asset ? { ...l, price: p } : l);
    const v = accountValues({ ...position, collateral: position.collateral.map(reprice), debt: position.debt.map(reprice) });
    return { healthy: v !== undefined && (v.healthFactor === null || (v.healthFactor !== undefined && v.healthFactor >= WAD)), segment: v?.segment };
  };
  const healthyAt = (p: bigint) => at(p).healthy;
  const segmentAt = (p: bigint) => at(p).segment;
  const slack = descriptorOf(position.protocol).rules.ltSlack?.(position) ?? 0n;
  const bound = (adjust: bigint) => {
    const b = solveFor(position, asset, adjust);
    return b && b.side === s.side ? b.value : s.value;
  };
  const today = [...position.collateral, ...position.debt].find((l) => l.address === asset)?.price;
  const healthyToday = today !== undefined && today > 0n && healthyAt(today);

  if (s.side === 'fall') {
    // Healthy end: at or above the pessimistic solution, never further than today's price when healthy.
    const pessimistic = bound(-slack);
    let hi = pessimistic;
    for (let gap = hi / 1_000_000n + 1n; !healthyAt(hi); gap *= 2n) {
      if (hi > MAX_PRICE) return { fall: s.value, rise: null };
      hi += gap;
    }
    if (healthyToday && today < hi) hi = today;
    // Liquidatable end: at or below the optimistic solution.
    let lo = bound(slack);
    if (lo >= hi) lo = hi - 1n;
    for (let gap = hi - lo + hi / 1_000_000n + 1n; lo > 0n && healthyAt(lo); gap *= 2n) lo = lo > gap ? lo - gap : 0n;
    const u = lastUnhealthyBelow(healthyAt, segmentAt, hi, lo);
    // Today inside the band where the steps live: a tooth may also lie above today's price.
    const up = healthyToday && today < pessimistic ? firstUnhealthyAbove(healthyAt, segmentAt, today, pessimistic) : undefined;
    return { fall: u === undefined ? null : u + 1n, rise: up === undefined ? null : up - 1n };
  }
  const pessimistic = bound(-slack);
  let lo = pessimistic;
  for (let gap = lo / 1_000_000n + 1n; lo > 0n && !healthyAt(lo); gap *= 2n) lo = lo > gap ? lo - gap : 0n;
  if (!healthyAt(lo)) return { fall: null, rise: s.value };
  if (healthyToday && today > lo) lo = today;
  let hi = bound(slack);
  if (hi <= lo) hi = lo + 1n;
  for (let gap = hi - lo + hi / 1_000_000n + 1n; healthyAt(hi); gap *= 2n) {
    if (hi > MAX_PRICE) return { fall: null, rise: null };
    hi += gap;
  }
  const u = firstUnhealthyAbove(healthyAt, segmentAt, lo, hi);
  const down = healthyToday && today > pessimistic ? lastUnhealthyBelow(healthyAt, segmentAt, today, pessimistic) : undefined;
  return { fall: down === undefined ? null : down + 1n, rise: u === undefined ? null : u - 1n };
}

/** Beyond any oracle price (2^200 base units): the search gives up rather than loop. */
const MAX_PRICE = 1n << 200n;

type Probe = (p: bigint) => boolean;
type Segment = (p: bigint) => bigint | undefined;

/**
 * Largest liquidatable price in [lo, hi) below `hi` (healthy), segment by segment from the top: inside
 * one segment HF is monotone, so a segment whose ends are both healthy holds no liquidatable price.
 * `undefined` when there is none down to `lo`.
 */
function lastUnhealthyBelow(healthyAt: Probe, segmentAt: Segment, hi: bigint, lo: bigint): bigint | undefined {
  while (hi > lo) {
    const key = segmentAt(hi);
    // Lowest price of hi's segment (segments are monotone in the price).
    const m = key === segmentAt(lo) ? lo : smallestBounded((p) => segmentAt(p) === key, hi, lo)!;
    if (!healthyAt(m)) return smallestBounded(healthyAt, hi, m)! - 1n;
    if (m === lo) return undefined;
    hi = m - 1n;
    if (!healthyAt(hi)) return hi;
  }
  return undefined;
}

/** Smallest liquidatable price in (lo, hi] above `lo` (healthy), segment by segment; `undefined` if none. */
function firstUnhealthyAbove(healthyAt: Probe, segmentAt: Segment, lo: bigint, hi: bigint): bigint | undefined {
  while (hi > lo) {
    const key = segmentAt(lo);
    // Highest price of lo's segment.
    const m = key === segmentAt(hi) ? hi : smallestBounded((p) => segmentAt(p) !== key, hi, lo)! - 1n;
    if (!healthyAt(m)) return smallestBounded((p) => !healthyAt(p), m, lo)!;
    if (m === hi) return undefined;
    lo = m + 1n;
    if (!healthyAt(lo)) return lo;
  }
  return undefined;
}

/** The linear model's solution, with every counted LT moved by `ltAdjust` (WAD) to bound the protocol's steps. */
function solveFor(position: Position, asset: Address, ltAdjust = 0n): Solution | undefined {
  const adj = (lt: bigint) => (lt + ltAdjust > 0n ? lt + ltAdjust : 0n);
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
        lt = adj(leg.liquidationThreshold);
      }
      unit = leg.priceUnit;
      continue;
    }
    if (leg.liquidationThreshold === 0n) continue;
    const v = legValue(leg);
    if (v === undefined) return undefined;
    w0 += v * adj(leg.liquidationThreshold);
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

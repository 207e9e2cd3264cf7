import type { Address } from 'viem';
import { roundUnits } from '../format/number.ts';
import { healthFactor } from './health.ts';
import { mulDiv, WAD } from '../core/math.ts';
import { proposals, repaidBySale, TARGET_MARGIN_WAD } from './proposals.ts';
import { legValue } from '../core/value.ts';
import { simulate, simulateAll } from './simulate.ts';
import type { AssetRef, HealthFactor, Position } from '../core/types.ts';

/**
 * The proposals as a view shows them: amounts rounded to few significant digits for reading, each one
 * run through the engine again so that doing exactly what is shown still reaches the target. The views
 * only format what this returns; none of them rounds or re-checks a proposal itself.
 */

export interface ShownAmount extends AssetRef {
  /** Rounded for display; the number the user reads and would act on. */
  amount: bigint;
}

export type ShownProposal =
  | { kind: 'add-collateral'; add: ShownAmount; hfAfter: HealthFactor; reachesTarget: true }
  | { kind: 'repay'; repay: ShownAmount; all: boolean; hfAfter: HealthFactor; reachesTarget: boolean }
  | { kind: 'deleverage'; sell: ShownAmount; repay: ShownAmount; all: boolean; slippage: bigint; hfAfter: HealthFactor; reachesTarget: boolean };

export interface ShownProposals {
  target: bigint;
  /** The position's HF now: `undefined` (a price is missing) and `null` (no debt) leave nothing to propose. */
  healthFactor: HealthFactor;
  alreadySafe: boolean;
  /** The main way to add collateral first (the main collateral if it can take more), then the others. */
  addCollateral: Extract<ShownProposal, { kind: 'add-collateral' }>[];
  repay: Extract<ShownProposal, { kind: 'repay' }>[];
  deleverage: Extract<ShownProposal, { kind: 'deleverage' }>[];
}

/** Significant digits tried for shown amounts: few for reading, more only when the rounding would matter. */
const SIGNIFICANT = [2, 3, 4, 5, 6, 8, 10, 14, 20, 30, 80];
/** A shown amount may exceed the exact one by at most 1/200 (0.5 %): rounding must not waste much. */
const MAX_ROUNDING_OVER = 200n;

/** The exact amount rounded up to the fewest significant digits that stay close and pass `accept`. */
function roundedUp(exact: bigint, decimals: number, accept: (rounded: bigint) => boolean): bigint {
  for (const sig of SIGNIFICANT) {
    const r = roundUnits(exact, decimals, sig, 'up');
    if ((r - exact) * MAX_ROUNDING_OVER <= exact && accept(r)) return r;
  }
  return exact;
}

const reachesGoal = (p: Position, goal: bigint) => {
  const h = healthFactor(p);
  return h === null || (h !== undefined && h >= goal);
};

const shownRef = (a: AssetRef): AssetRef => ({ address: a.address, symbol: a.symbol, decimals: a.decimals });

/** The collateral that weighs most in the HF (its LT-weighted value); the first one if none has a price. */
export function mainCollateral(position: Position): Position['collateral'][number] | undefined {
  let best: Position['collateral'][number] | undefined;
  let bestWeight = -1n;
  for (const leg of position.collateral) {
    if (leg.amount === 0n) continue;
    const weight = (legValue(leg) ?? 0n) * leg.liquidationThreshold;
    if (weight > bestWeight) [best, bestWeight] = [leg, weight];
  }
  return best ?? position.collateral[0];
}

/**
 * The engine's proposals with rounded amounts, verified: adding and repaying round up (which can only
 * help) to the fewest digits that still reach the target plus the engine's margin for a block of
 * interest; deleveraging rounds the sale up and the repayment down to what the rounded sale surely
 * yields after slippage (the same `repaidBySale` the simulator uses), with more digits until the shown
 * pair still reaches the target. `hfAfter` is the HF after doing exactly what is shown.
 */
export function shownProposals(position: Position, target: bigint): ShownProposals {
  const base = proposals(position, { target });
  const goal = target + mulDiv(target, TARGET_MARGIN_WAD, WAD, 'up');
  const hf = healthFactor(position);
  const out: ShownProposals = { target, healthFactor: hf, alreadySafe: base.alreadySafe, addCollateral: [], repay: [], deleverage: [] };
  if (hf === undefined || hf === null || base.alreadySafe) return out;

  for (const p of base.addCollateral) {
    const supplied = (x: bigint) => simulate(position, { type: 'supply', asset: p.add.address, amount: x });
    const shown = roundedUp(p.add.amount, p.add.decimals, (x) => reachesGoal(supplied(x), goal));
    out.addCollateral.push({ kind: 'add-collateral', add: { ...shownRef(p.add), amount: shown }, hfAfter: healthFactor(supplied(shown)), reachesTarget: true });
  }
  const main = mainCollateral(position);
  out.addCollateral.sort((a, b) => {
    if (main && a.add.address === main.address) return -1;
    if (main && b.add.address === main.address) return 1;
    return cmpValue(position, a.add, b.add);
  });

  for (const p of base.repay) {
    const leg = position.debt.find((l) => l.address === p.repay.address)!;
    const repaid = (x: bigint) => simulate(position, { type: 'repay', asset: leg.address, amount: x });
    // Not reaching the target means "all of it": that amount stays exact.
    const shown = p.reachesTarget ? roundedUp(p.repay.amount, p.repay.decimals, (x) => x <= leg.amount && reachesGoal(repaid(x), goal)) : p.repay.amount;
    out.repay.push({
      kind: 'repay',
      repay: { ...shownRef(p.repay), amount: shown },
      all: shown === leg.amount,
      hfAfter: healthFactor(repaid(shown)),
      reachesTarget: p.reachesTarget,
    });
  }

  for (const p of base.deleverage) {
    const coll = position.collateral.find((l) => l.address === p.sell.address)!;
    const debtLeg = position.debt.find((l) => l.address === p.repay.address)!;
    const pair = (sold: bigint, repaid: bigint) =>
      simulateAll(position, [
        { type: 'withdraw', asset: coll.address, amount: sold },
        { type: 'repay', asset: debtLeg.address, amount: repaid },
      ]);
    const exactHf = healthFactor(pair(p.sell.amount, p.repay.amount)) ?? 0n;
    let sell = p.sell.amount;
    let repay = p.repay.amount;
    for (const sig of SIGNIFICANT) {
      const s = roundUnits(p.sell.amount, p.sell.decimals, sig, 'up');
      if ((s - p.sell.amount) * MAX_ROUNDING_OVER > p.sell.amount) continue;
      const sold = s > coll.amount ? coll.amount : s;
      const yielded = repaidBySale(coll, debtLeg, sold, p.slippage);
      // All of the debt stays "all" (exact); a part is rounded down to what the sale surely yields.
      // Two more digits on the repay side: rounding both to the same few digits can cost more HF than the
      // rounded-up sale buys back, and the pair would never be shown rounded.
      const r = yielded === debtLeg.amount ? yielded : roundUnits(yielded, p.repay.decimals, sig + 2, 'down');
      const h = healthFactor(pair(sold, r)) ?? 0n;
      // Reaching the target: the shown pair must reach it too. Not reaching it: within 0.01 % of the best.
      const ok = p.reachesTarget ? h >= goal : h * 10_000n >= exactHf * 9_999n;
      if (ok) {
        [sell, repay] = [sold, r];
        break;
      }
    }
    out.deleverage.push({
      kind: 'deleverage',
      sell: { ...shownRef(p.sell), amount: sell },
      repay: { ...shownRef(p.repay), amount: repay },
      all: repay === debtLeg.amount,
      slippage: p.slippage,
      hfAfter: healthFactor(pair(sell, repay)),
      reachesTarget: p.reachesTarget,
    });
  }
  // Most useful first: those that reach the target, then the smallest sale.
  out.deleverage.sort((a, b) => Number(b.reachesTarget) - Number(a.reachesTarget) || cmpValue(position, a.sell, b.sell));
  // A sale that falls short is only worth showing when none reaches the target.
  if (out.deleverage.some((d) => d.reachesTarget)) out.deleverage = out.deleverage.filter((d) => d.reachesTarget);
  out.repay.sort((a, b) => Number(b.reachesTarget) - Number(a.reachesTarget) || cmpValue(position, a.repay, b.repay));
  return out;
}

function valueOf(position: Position, a: { address: Address; amount: bigint }): bigint {
  const info = [...position.collateral, ...position.debt, ...position.assets].find((l) => l.address === a.address);
  return info?.price ? mulDiv(a.amount, info.price, info.priceUnit) : 0n;
}
function cmpValue(position: Position, a: ShownAmount, b: ShownAmount): number {
  const va = valueOf(position, a);
  const vb = valueOf(position, b);
  return va < vb ? -1 : va > vb ? 1 : 0;
}

/** The engine's proposals as the popup displays them: rounded for reading, and checked again. */
import type { Address } from 'viem';
import { healthFactor, mulDiv, proposals, simulate, simulateAll, TARGET_MARGIN_WAD, WAD, type HealthFactor, type Position } from '@/lib/risk/index.ts';
import { roundUnits } from '@/lib/format/index.ts';
import { assetRef, mainCollateral } from './assets.ts';
import { amountText } from './amounts.ts';
import { repaidFor, type PriceTarget, type SimInput } from './simulation.ts';

export interface ShownAmount {
  address: Address;
  symbol: string;
  decimals: number;
  /** Rounded for display; the number the user reads and would act on. */
  amount: bigint;
}

export type ShownProposal =
  | { kind: 'add-collateral'; add: ShownAmount; hfAfter: HealthFactor; reachesTarget: true }
  | { kind: 'repay'; repay: ShownAmount; all: boolean; hfAfter: HealthFactor; reachesTarget: boolean }
  | { kind: 'deleverage'; sell: ShownAmount; repay: ShownAmount; all: boolean; slippage: bigint; hfAfter: HealthFactor; reachesTarget: boolean };

export interface ShownProposals {
  target: bigint;
  alreadySafe: boolean;
  /** Why there is nothing to propose, when there is not. */
  note: string | null;
  /** The main way to add collateral first (the main collateral if it can take more), then the others. */
  addCollateral: Extract<ShownProposal, { kind: 'add-collateral' }>[];
  repay: Extract<ShownProposal, { kind: 'repay' }>[];
  deleverage: Extract<ShownProposal, { kind: 'deleverage' }>[];
}

/** Significant digits tried for displayed amounts: few for reading, more only when the rounding would matter. */
const SIGNIFICANT = [2, 3, 4, 5, 6, 8, 10, 14, 20, 30, 80];
/** A displayed amount may exceed the exact one by at most 1/200 (0.5 %): rounding must not waste much. */
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

/**
 * The engine's proposals, with amounts rounded to few significant digits for reading — and verified:
 * each displayed amount is run through the engine again and must still reach the target (plus the
 * engine's margin for a block of interest). Adding and repaying round up, which can only help; for
 * deleveraging (sell up, repay = what the sale yields after slippage, rounded down) more digits are used
 * until the displayed pair still reaches the target. So doing exactly what the popup says works.
 */
export function displayedProposals(position: Position, target: bigint): ShownProposals {
  const base = proposals(position, { target });
  const goal = target + mulDiv(target, TARGET_MARGIN_WAD, WAD, 'up');
  const hf = healthFactor(position);
  const out: ShownProposals = {
    target,
    alreadySafe: base.alreadySafe,
    note: null,
    addCollateral: [],
    repay: [],
    deleverage: [],
  };
  if (hf === undefined) return { ...out, note: 'A price is missing, so no amount can be computed.' };
  if (hf === null) return { ...out, note: 'No debt: nothing can be liquidated.' };
  if (base.alreadySafe) return out;

  for (const p of base.addCollateral) {
    const supplied = (x: bigint) => simulate(position, { type: 'supply', asset: p.add.address, amount: x });
    const shown = roundedUp(p.add.amount, p.add.decimals, (x) => reachesGoal(supplied(x), goal));
    out.addCollateral.push({ kind: 'add-collateral', add: { ...assetRef(p.add), amount: shown }, hfAfter: healthFactor(supplied(shown)), reachesTarget: true });
  }
  const main = mainCollateral(position);
  out.addCollateral.sort((a, b) => {
    if (main && a.add.address === main.address) return -1;
    if (main && b.add.address === main.address) return 1;
    const va = valueOf(position, a.add) ?? 0n;
    const vb = valueOf(position, b.add) ?? 0n;
    return va < vb ? -1 : va > vb ? 1 : 0;
  });

  for (const p of base.repay) {
    const leg = position.debt.find((l) => l.address === p.repay.address)!;
    const repaid = (x: bigint) => simulate(position, { type: 'repay', asset: leg.address, amount: x });
    // Not reaching the target means "all of it": that amount stays exact.
    const shown = p.reachesTarget ? roundedUp(p.repay.amount, p.repay.decimals, (x) => x <= leg.amount && reachesGoal(repaid(x), goal)) : p.repay.amount;
    out.repay.push({
      kind: 'repay',
      repay: { ...assetRef(p.repay), amount: shown },
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
      const yielded = repaidFor(position, coll.address, debtLeg.address, sold, p.slippage);
      // All of the debt stays "all" (exact); a part is rounded down to what the sale surely yields.
      // Two more digits on the repay side: rounding both to the same few digits can cost more HF than the
      // rounded-up sale buys back, and the pair would never be shown rounded.
      const r = yielded === debtLeg.amount ? yielded : roundUnits(yielded, p.repay.decimals, sig + 2, 'down');
      const h = healthFactor(pair(sold, r)) ?? 0n;
      // Reaching the target: the displayed pair must reach it too. Not reaching it: within 0.01 % of the best.
      const ok = p.reachesTarget ? h >= goal : h * 10_000n >= exactHf * 9_999n;
      if (ok) {
        [sell, repay] = [sold, r];
        break;
      }
    }
    out.deleverage.push({
      kind: 'deleverage',
      sell: { ...assetRef(p.sell), amount: sell },
      repay: { ...assetRef(p.repay), amount: repay },
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

function valueOf(position: Position, a: ShownAmount): bigint | undefined {
  const info = [...position.collateral, ...position.debt, ...position.assets].find((l) => l.address === a.address);
  if (!info?.price) return undefined;
  return mulDiv(a.amount, info.price, info.priceUnit);
}
function cmpValue(position: Position, a: ShownAmount, b: ShownAmount): number {
  const va = valueOf(position, a) ?? 0n;
  const vb = valueOf(position, b) ?? 0n;
  return va < vb ? -1 : va > vb ? 1 : 0;
}

/** The simulator input that reproduces a displayed proposal. */
export function proposalInput(p: ShownProposal, priceTarget: PriceTarget | null, locale?: string): SimInput {
  const common = { priceMovePct: 0, priceTarget };
  switch (p.kind) {
    case 'add-collateral':
      return { ...common, action: 'supply', asset: p.add.address, repayAsset: null, amountText: amountText(p.add.amount, p.add.decimals, locale) };
    case 'repay':
      return { ...common, action: 'repay', asset: p.repay.address, repayAsset: null, amountText: amountText(p.repay.amount, p.repay.decimals, locale) };
    case 'deleverage':
      return {
        ...common,
        action: 'deleverage',
        asset: p.sell.address,
        repayAsset: p.repay.address,
        amountText: amountText(p.sell.amount, p.sell.decimals, locale),
      };
  }
}

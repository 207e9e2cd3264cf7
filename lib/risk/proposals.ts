import { WAD, mulDiv } from '../core/math.ts';
import { healthFactor } from './health.ts';
import { legValue } from '../core/value.ts';
import { simulate, simulateAll } from './simulate.ts';
import { smallestBounded, smallestUnbounded } from './search.ts';
import type { AssetRef, Position } from '../core/types.ts';

/**
 * Ways to bring a position to a target health factor: add collateral (per asset), repay debt (per
 * asset), or deleverage (sell collateral, repay debt with the proceeds minus a slippage allowance).
 *
 * Every amount is the smallest one for which the protocol's own integer HF (see `rules/`) reaches the
 * target plus `TARGET_MARGIN`, found by bisection on the exact computation — not by the algebraic
 * estimate, which can fall a unit short. The margin keeps one block of accrued interest between reading
 * and acting from undercutting the target.
 */
export const TARGET_MARGIN_WAD = 10n ** 13n; // 0.001 % above the target
export const DEFAULT_SLIPPAGE_WAD = 5n * 10n ** 15n; // 0.5 %

type PricedLeg = { amount: bigint; price?: bigint | undefined; priceUnit: bigint };

/**
 * Sell to repay: the debt repaid with the proceeds of selling `sold` of collateral `coll`, after
 * `slippage` (WAD), never more than the debt. The one conversion both the proposals and the popup's
 * simulator use, so doing what the popup shows does what the proposal computed. 0 without both prices.
 */
export function repaidBySale(coll: PricedLeg, debt: PricedLeg, sold: bigint, slippage: bigint = DEFAULT_SLIPPAGE_WAD): bigint {
  if (!coll.price || !debt.price) return 0n;
  // Proceeds in quote units after slippage, converted to the debt token, rounded down.
  const proceeds = mulDiv(mulDiv(sold, coll.price, coll.priceUnit), WAD - slippage, WAD);
  const repaid = mulDiv(proceeds, debt.priceUnit, debt.price);
  return repaid > debt.amount ? debt.amount : repaid;
}

export interface Amount extends AssetRef {
  amount: bigint;
  /** Value in quote base units at the current price. */
  value: bigint;
}

export interface AddCollateralProposal {
  kind: 'add-collateral';
  add: Amount;
}
export interface RepayProposal {
  kind: 'repay';
  repay: Amount;
  /** False when repaying all of this debt still leaves the HF below target (`repay` is then the whole debt). */
  reachesTarget: boolean;
}
export interface DeleverageProposal {
  kind: 'deleverage';
  sell: Amount;
  repay: Amount;
  slippage: bigint;
  reachesTarget: boolean;
}

export interface Proposals {
  target: bigint;
  /** True when the HF is already at or above target (or there is no debt): nothing to propose. */
  alreadySafe: boolean;
  addCollateral: AddCollateralProposal[];
  repay: RepayProposal[];
  deleverage: DeleverageProposal[];
}

export interface ProposalOptions {
  /** Target health factor, WAD (e.g. 1.5e18). */
  target: bigint;
  /** Slippage allowed when selling collateral, WAD (default 0.5 %). */
  slippage?: bigint;
}

export function proposals(position: Position, options: ProposalOptions): Proposals {
  const { target } = options;
  const slippage = options.slippage ?? DEFAULT_SLIPPAGE_WAD;
  if (target <= WAD) throw new RangeError('The target health factor must be above 1.');
  if (slippage < 0n || slippage >= WAD) throw new RangeError('Slippage must be between 0 and 100 %.');
  const goal = target + mulDiv(target, TARGET_MARGIN_WAD, WAD, 'up');
  const hf = healthFactor(position);
  const empty: Proposals = { target, alreadySafe: true, addCollateral: [], repay: [], deleverage: [] };
  if (hf === null) return empty;
  if (hf === undefined) return { ...empty, alreadySafe: false };
  if (hf >= target) return empty;

  const reaches = (p: Position) => {
    const h = healthFactor(p);
    return h === null || (h !== undefined && h >= goal);
  };

  const addCollateral: AddCollateralProposal[] = [];
  for (const asset of position.assets) {
    if (!asset.canBeCollateral || asset.liquidationThreshold === 0n || !asset.price) continue;
    const test = (x: bigint) => reaches(simulate(position, { type: 'supply', asset: asset.address, amount: x }));
    const amount = smallestUnbounded(test);
    if (amount === undefined) continue;
    const value = mulDiv(amount, asset.price, asset.priceUnit, 'up');
    addCollateral.push({ kind: 'add-collateral', add: { ...ref(asset), amount, value } });
  }

  const repay: RepayProposal[] = [];
  for (const leg of position.debt) {
    if (leg.amount === 0n || !leg.price) continue;
    const test = (x: bigint) => reaches(simulate(position, { type: 'repay', asset: leg.address, amount: x }));
    const found = smallestBounded(test, leg.amount);
    const amount = found ?? leg.amount;
    repay.push({
      kind: 'repay',
      repay: { ...ref(leg), amount, value: legValue({ ...leg, amount }) ?? 0n },
      reachesTarget: found !== undefined,
    });
  }

  const deleverage: DeleverageProposal[] = [];
  for (const coll of position.collateral) {
    if (coll.amount === 0n || !coll.price) continue;
    for (const debt of position.debt) {
      if (debt.amount === 0n || !debt.price || debt.address === coll.address) continue;
      const repaidFor = (sold: bigint) => repaidBySale(coll, debt, sold, slippage);
      const after = (sold: bigint) =>
        simulateAll(position, [
          { type: 'withdraw', asset: coll.address, amount: sold },
          { type: 'repay', asset: debt.address, amount: repaidFor(sold) },
        ]);
      // Selling more than what repays the whole debt gains nothing: bound the search there.
      const maxSell = smallestBounded((x) => repaidFor(x) >= debt.amount, coll.amount) ?? coll.amount;
      const found = smallestBounded((x) => reaches(after(x)), maxSell);
      const sold = found ?? maxSell;
      if (found === undefined && !(healthFactor(after(sold))! > hf)) continue; // selling only hurts
      const repaid = repaidFor(sold);
      deleverage.push({
        kind: 'deleverage',
        sell: { ...ref(coll), amount: sold, value: legValue({ ...coll, amount: sold }) ?? 0n },
        repay: { ...ref(debt), amount: repaid, value: legValue({ ...debt, amount: repaid }) ?? 0n },
        slippage,
        reachesTarget: found !== undefined,
      });
    }
  }
  return { target, alreadySafe: false, addCollateral, repay, deleverage };
}

const ref = (a: AssetRef): AssetRef => ({ address: a.address, symbol: a.symbol, decimals: a.decimals });



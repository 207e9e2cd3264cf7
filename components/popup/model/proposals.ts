/** The proposals as the popup displays them: `lib/risk` rounds and re-verifies them; this only words them. */
import { shownProposals, type ShownProposal, type ShownProposals as RiskShownProposals } from '@/lib/risk/shown-proposals.ts';
import type { Position } from '@/lib/risk/index.ts';
import { amountText } from './amounts.ts';
import type { PriceTarget, SimInput } from './simulation.ts';

export type { ShownAmount, ShownProposal } from '@/lib/risk/shown-proposals.ts';

export interface ShownProposals extends RiskShownProposals {
  /** Why there is nothing to propose, when there is not. */
  note: string | null;
}

/**
 * The proposals to show for reaching `target`, exactly as `lib/risk` rounded and verified them (doing
 * what is shown reaches the target: one code path for the numbers), with the sentence for when there
 * is nothing to propose.
 */
export function displayedProposals(position: Position, target: bigint): ShownProposals {
  const shown = shownProposals(position, target);
  const note =
    shown.healthFactor === undefined ? 'A price is missing, so no amount can be computed.' : shown.healthFactor === null ? 'No debt: nothing can be liquidated.' : null;
  return { ...shown, note };
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

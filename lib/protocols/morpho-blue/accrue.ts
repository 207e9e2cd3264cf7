import type { Position } from '../../core/types.ts';
import { accrueInterest, borrowAssets } from './math.ts';

/**
 * Morpho Blue in time: `_accrueInterest` from the stored market with the IRM's current rate over the whole
 * elapsed time (one `wTaylorCompounded` step, as the contract does at the next interaction), then
 * `borrowShares.toAssetsUp`. Collateral earns nothing in Morpho Blue.
 */
export function accrueMorpho(position: Position, seconds: bigint): Position | undefined {
  const state = position.interest;
  if (state?.protocol !== 'morpho-blue') return undefined;
  const t = position.timestamp + seconds;
  const market = accrueInterest(state.stored, state.borrowRate, t);
  return {
    ...position,
    timestamp: t,
    debt: position.debt.map((leg) => ({ ...leg, amount: borrowAssets(state.borrowShares, market) })),
  };
}

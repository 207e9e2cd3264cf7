import type { Position } from '../../core/types.ts';
import type { CometInterestState } from './config.ts';
import { sameAddress } from '../../core/address.ts';

const FACTOR_SCALE = 10n ** 18n;
export const BASE_INDEX_SCALE = 10n ** 15n;

/**
 * Comet's `accruedInterestIndices(timeElapsed)`: each index grows by `mulFactor(index, rate · elapsed)`
 * from the last accrual, simple interest at the rate of the current utilization (which no time passing
 * changes: utilization is computed at the stored indices).
 */
export function cometIndices(s: CometInterestState, t: bigint): { supplyIndex: bigint; borrowIndex: bigint } {
  const elapsed = t > s.lastAccrualTime ? t - s.lastAccrualTime : 0n;
  return {
    supplyIndex: s.baseSupplyIndex + (s.baseSupplyIndex * (s.supplyRate * elapsed)) / FACTOR_SCALE,
    borrowIndex: s.baseBorrowIndex + (s.baseBorrowIndex * (s.borrowRate * elapsed)) / FACTOR_SCALE,
  };
}

/** The position `seconds` after its block: `presentValue` of the base principal at the accrued indices. */
export function accrueComet(position: Position, seconds: bigint): Position | undefined {
  const state = position.interest;
  if (state?.protocol !== 'compound-v3' || position.details.protocol !== 'compound-v3') return undefined;
  const t = position.timestamp + seconds;
  const { supplyIndex, borrowIndex } = cometIndices(state, t);
  const base = position.details.baseToken;
  const p = state.principal;
  return {
    ...position,
    timestamp: t,
    collateral: position.collateral.map((leg) =>
      sameAddress(leg.address, base) && p > 0n ? { ...leg, amount: (p * supplyIndex) / BASE_INDEX_SCALE } : leg,
    ),
    debt: position.debt.map((leg) =>
      sameAddress(leg.address, base) && p < 0n ? { ...leg, amount: (-p * borrowIndex) / BASE_INDEX_SCALE } : leg,
    ),
  };
}

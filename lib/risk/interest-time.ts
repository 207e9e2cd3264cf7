import { accrue } from './accrue.ts';
import { healthFactor, isLiquidatable } from './health.ts';
import type { Position } from '../core/types.ts';

/** Beyond this the answer is "not by interest alone" (`null`), as the CLI contract says. */
export const INTEREST_HORIZON_SECONDS = 10n * 365n * 86_400n;

/**
 * A coarse scan first, because health need not fall monotonically (collateral can earn more than the debt
 * costs for a while); then bisection to the second inside the first interval that ends liquidatable.
 */
const SCAN_POINTS = 32;

/**
 * When interest alone makes the position liquidatable, prices and rates held at today's values:
 * the first unix second at which the engine's own health factor of the accrued position is below 1.
 * - `position.timestamp` (or earlier) when it is liquidatable already;
 * - `null` when it has no debt, a price is missing, the reader gave no interest state, or it stays safe
 *   for `INTEREST_HORIZON_SECONDS`.
 */
export function liquidationTime(position: Position, horizon = INTEREST_HORIZON_SECONDS): bigint | null {
  const hf = healthFactor(position);
  if (typeof hf !== 'bigint') return null;
  if (isLiquidatable(hf)) return position.timestamp;
  const liquidatableAt = (s: bigint): boolean => {
    const p = accrue(position, s);
    return p !== undefined && isLiquidatable(healthFactor(p));
  };
  if (accrue(position, 0n) === undefined) return null;
  // Geometric grid from one minute to the horizon: dense where positions usually cross (days to months).
  const ratio = Math.pow(Number(horizon) / 60, 1 / (SCAN_POINTS - 1));
  let lo = 0n;
  let found: bigint | undefined;
  for (let k = 0; k < SCAN_POINTS; k++) {
    const s = k === SCAN_POINTS - 1 ? horizon : BigInt(Math.round(60 * Math.pow(ratio, k)));
    if (s <= lo) continue;
    if (liquidatableAt(s)) {
      found = s;
      break;
    }
    lo = s;
  }
  if (found === undefined) return null;
  let hi: bigint = found;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (liquidatableAt(mid)) hi = mid;
    else lo = mid;
  }
  return position.timestamp + hi;
}

import { healthFactor } from '../risk/health.ts';
import { toWad, type Thresholds } from '../alerts/index.ts';
import type { Snapshot } from '../snapshot/index.ts';

/** The usual poll: a minute is quick next to how fast most prices move, and cheap on public RPCs. */
export const POLL_MINUTES = 1;
/** Near a threshold: Chrome's smallest alarm period (30 s); Firefox allows less, but we keep one rule. */
export const FAST_POLL_MINUTES = 0.5;
/** "Near": within 10 % above the warning threshold (HF 1.375 with the default 1.25). */
export const NEAR_THRESHOLD_FACTOR = 1.1;

/** How often to poll given the last snapshot: faster while any position is near or below the warning line. */
export function pollIntervalMinutes(snapshot: Snapshot | null, thresholds: Thresholds): number {
  if (!snapshot) return POLL_MINUTES;
  const near = toWad(thresholds.warnBelow * NEAR_THRESHOLD_FACTOR);
  const anyNear = snapshot.positions.some((e) => {
    const hf = healthFactor(e.position);
    return typeof hf === 'bigint' && hf < near;
  });
  return anyNear ? FAST_POLL_MINUTES : POLL_MINUTES;
}

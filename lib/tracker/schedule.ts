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

/**
 * A chain where no watched account has a position is read for discovery only (a position opened there
 * elsewhere, a new market): every 30 minutes rather than every minute. Sixteen built-in chains polled every
 * minute would be ~23,000 reads a day per chain set, mostly to rate-limited public RPCs, for nothing.
 */
export const IDLE_CHAIN_INTERVAL_MS = 30 * 60_000;
/** A chain asked for at once (its dapp opened) is not read again sooner than this. */
export const ON_DEMAND_MIN_INTERVAL_MS = 60_000;
/** Alarms fire a little early or late; a chain due "now-ish" is due. */
const SLACK_MS = 30_000;

/**
 * What a refresh reads:
 * - `'all'`: every chain (the user asked, a setting changed, the browser started);
 * - `'scheduled'`: the poll — chains with a position (or a stale one) every time, the others every
 *   `IDLE_CHAIN_INTERVAL_MS`, any chain never read, and every chain when an account is new to the snapshot;
 * - `{ chainIds, poll? }`: these chains now (the user opened that chain's dapp), unless read in the last
 *   `ON_DEMAND_MIN_INTERVAL_MS` (a page cannot make us hammer an RPC); with `poll`, what the poll reads too.
 */
export type RefreshScope = 'all' | 'scheduled' | { chainIds: readonly number[]; poll?: boolean };

/** Join two requests for the same refresh: the wider wins. */
export function joinScopes(a: RefreshScope, b: RefreshScope): RefreshScope {
  if (a === 'all' || b === 'all') return 'all';
  const parts = [a, b].map((s) => (s === 'scheduled' ? { chainIds: [], poll: true } : s));
  return { chainIds: [...new Set(parts.flatMap((p) => p.chainIds))], poll: parts.some((p) => p.poll === true) };
}

/** The chain ids of `chainIds` that `scope` makes this refresh read. */
export function chainsDue(
  chainIds: readonly number[],
  previous: Snapshot | null,
  accounts: readonly string[],
  now: number,
  scope: RefreshScope,
): number[] {
  if (scope === 'all' || !previous) return [...chainIds];
  const known = new Set(previous.accounts.map((a) => a.toLowerCase()));
  if (accounts.some((a) => !known.has(a.toLowerCase()))) return [...chainIds];
  const withPositions = new Set(previous.positions.map((e) => e.position.chainId));
  const { chainIds: asked, poll } = scope === 'scheduled' ? { chainIds: [], poll: true } : scope;
  return chainIds.filter((id) => {
    const status = previous.chains[id];
    const since = status ? now - status.lastAttemptAt : Infinity;
    if (asked.includes(id) && since >= ON_DEMAND_MIN_INTERVAL_MS) return true;
    if (!poll) return false;
    return !status || withPositions.has(id) || since >= IDLE_CHAIN_INTERVAL_MS - SLACK_MS;
  });
}

import type { Address } from 'viem';
import type { GuardErrorCode } from '../errors.ts';
import type { Position, ProtocolId } from '../core/types.ts';

/** Bump with a migration in `migrations.ts` whenever the stored shape changes. */
export const SNAPSHOT_VERSION = 1;

/**
 * A position older than this is shown as stale even when nothing reported an error, e.g. because the
 * browser slept or the worker could not run: the poll is every minute, so three missed polls is not
 * "a bit late" any more.
 */
export const STALE_AFTER_MS = 3 * 60_000;

/**
 * Why a chain could not be read: the typed error's code, carried from the reader (see `lib/errors.ts`),
 * in categories a user can act on (fix a URL, wait out a rate limit, a contract misbehaves).
 */
export type ChainErrorKind = GuardErrorCode;

export interface ChainError {
  kind: ChainErrorKind;
  /** One line, shown as is. */
  message: string;
  /** The market that failed; absent when the whole chain failed. */
  market?: string;
  /**
   * The failed market's protocol (two protocols' markets may share a name on one chain). Absent in errors
   * stored before it was recorded.
   */
  protocol?: ProtocolId;
  /** Within `market`, the one sub-market that failed (a Morpho market id); its other markets were read. */
  marketId?: string;
}

export interface ChainStatus {
  chainId: number;
  name: string;
  /** True when the latest refresh read every market of this chain. */
  ok: boolean;
  /** The latest refresh's failures (empty when ok). */
  errors: ChainError[];
  /** The endpoint the latest refresh used (the one that answered), or null when none did. */
  rpcUrl: string | null;
  /** Milliseconds since epoch. */
  lastAttemptAt: number;
  /** Milliseconds since epoch of the latest refresh that read the chain fully; null = never. */
  lastSuccessAt: number | null;
  /** The block the latest successful read was at. */
  blockNumber: bigint | null;
  /**
   * Unix seconds of that block. A later read of an older block (an endpoint that lags or is pinned to the
   * past) is refused as stale. Absent in snapshots written before it was kept.
   */
  blockTimestamp?: bigint | null;
}

/** The background's estimate of how likely a liquidation is (lib/risk/chance), per refresh. */
export interface PositionOutlook {
  /** Probabilities 0–1 within 1 and 7 days; null with no debt (or a missing price). */
  chance: { '1d': number; '7d': number } | null;
  /** Per leg asset: annualised diffusion volatility and where it comes from. */
  legs: { asset: Address; volatility: number; source: 'history' | 'assumed' }[];
}

export interface PositionEntry {
  position: Position;
  /** Absent until computed (or when stored by an older version). */
  outlook?: PositionOutlook;
  /** Milliseconds since epoch when this position was read from the chain. */
  readAt: number;
  /**
   * True when the latest refresh could not read this position again (its chain or market failed): the
   * numbers are those of `position.blockNumber`, `readAt`, kept so the user still sees them, marked old.
   */
  stale: boolean;
}

/**
 * What the background last read: the single source the views (toolbar badge, popup, in-page badges)
 * show. Views never read the chain; the popup runs `lib/risk` on `positions` for reports and simulations,
 * the dapp pages show the view the background builds from it (lib/sites/page-view.ts).
 */
export interface Snapshot {
  version: typeof SNAPSHOT_VERSION;
  /** Milliseconds since epoch when the latest refresh finished; 0 = never refreshed. */
  updatedAt: number;
  /** The accounts the latest refresh covered (an account with no position is here but has no entry). */
  accounts: Address[];
  /** Per chain id. */
  chains: Record<number, ChainStatus>;
  positions: PositionEntry[];
}

/** Stale when the latest refresh could not re-read it, or when no refresh has re-read it for a while. */
export function isStale(entry: Pick<PositionEntry, 'stale' | 'readAt'>, now: number): boolean {
  return entry.stale || now - entry.readAt > STALE_AFTER_MS;
}

/** Age of the data in milliseconds (for "as of 4 min ago"). */
export function ageMs(entry: Pick<PositionEntry, 'readAt'>, now: number): number {
  return Math.max(0, now - entry.readAt);
}

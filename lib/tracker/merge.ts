import type { Address } from 'viem';
import { descriptorOf } from '../protocols/registry.ts';
import type { Position } from '../core/types.ts';
import {
  SNAPSHOT_VERSION,
  type ChainError,
  type ChainStatus,
  type PositionEntry,
  type Snapshot,
} from '../snapshot/index.ts';

/** What reading one chain gave. */
export interface ChainReadResult {
  chainId: number;
  name: string;
  /** The endpoint that was used (answered the chain-id check), or null when none did. */
  rpcUrl: string | null;
  /** Positions read now (from the markets that did not fail). */
  positions: Position[];
  /** Whole-chain failure (nothing read) or per-market failures. */
  errors: ChainError[];
  /** The chain's latest block as read (fresh), when the endpoint answered. */
  block?: { blockNumber: bigint; timestamp: bigint };
}

/**
 * The next snapshot from the previous one and this refresh's results. Rules:
 * - a chain read without errors replaces everything it had: positions not returned are gone (repaid);
 * - a chain that failed keeps its previous positions, marked stale with their old `readAt`, so the user
 *   still sees the last known numbers but never as current ones; a failed market does the same for its
 *   positions only;
 * - positions of accounts no longer watched, and chains no longer read, are dropped;
 * - `carried` chains were not due this time (see `chainsDue`): their status and positions stay as they were.
 */
export function mergeSnapshot(
  previous: Snapshot | null,
  accounts: Address[],
  results: ChainReadResult[],
  now: number,
  carried: readonly number[] = [],
): Snapshot {
  const watched = new Set(accounts);
  const positions: PositionEntry[] = [];
  const chains: Record<number, ChainStatus> = {};
  for (const result of results) {
    const wholeChainFailed = result.errors.some((e) => e.market === undefined);
    // A failed market keeps its old positions (stale); a failed Morpho market id only its own.
    const failed = result.errors.filter((e) => e.market !== undefined);
    // A market is its protocol and name on the chain (another protocol's market may bear the same name),
    // and the sub-market a position belongs to is what its protocol keys it by (Morpho: the market id).
    const inFailedMarket = (p: Position) =>
      failed.some(
        (e) =>
          e.market === p.market &&
          (e.protocol === undefined || e.protocol === p.protocol) &&
          (e.marketId === undefined || descriptorOf(p.protocol).positionKeySuffix?.(p.details) === e.marketId),
      );
    const old = (previous?.positions ?? []).filter((e) => e.position.chainId === result.chainId && watched.has(e.position.account));
    if (wholeChainFailed) {
      positions.push(...old.map((e) => ({ ...e, stale: true })));
    } else {
      positions.push(
        ...result.positions
          .filter((p) => watched.has(p.account))
          .map((position) => ({ position, readAt: now, stale: false })),
      );
      positions.push(...old.filter((e) => inFailedMarket(e.position)).map((e) => ({ ...e, stale: true })));
    }
    const ok = result.errors.length === 0;
    const prev = previous?.chains[result.chainId];
    const blocks = result.positions.map((p) => p.blockNumber);
    const blockNumber = blocks.length > 0 ? blocks.reduce((a, b) => (b > a ? b : a)) : (prev?.blockNumber ?? null);
    chains[result.chainId] = {
      chainId: result.chainId,
      name: result.name,
      ok,
      errors: result.errors,
      rpcUrl: result.rpcUrl,
      lastAttemptAt: now,
      lastSuccessAt: ok ? now : (prev?.lastSuccessAt ?? null),
      blockNumber: result.block?.blockNumber ?? (ok ? blockNumber : (prev?.blockNumber ?? null)),
      // What the next read must not go back before (see lib/scan/freshness.ts).
      blockTimestamp: result.block?.timestamp ?? prev?.blockTimestamp ?? null,
    };
  }
  for (const id of carried) {
    const prev = previous?.chains[id];
    if (prev) chains[id] = prev;
    positions.push(...(previous?.positions ?? []).filter((e) => e.position.chainId === id && watched.has(e.position.account)));
  }
  return { version: SNAPSHOT_VERSION, updatedAt: now, accounts: [...accounts], chains, positions };
}

import { createClient, http, type Address } from 'viem';
import { HistoryBook, feedsOf, readFeedHistories } from '../oracle/history.ts';
import { historyDue, type FeedHistoryCache } from '../oracle/store.ts';
import { isQuoteUnit, liquidationChance } from '../risk/chance.ts';
import type { Position } from '../core/types.ts';
import type { PositionOutlook, Snapshot } from '../snapshot/index.ts';

/** Each entry's chance of liquidation and its legs' volatility, from the cached feed histories. */
export function withOutlook(snapshot: Snapshot, cache: FeedHistoryCache): Snapshot {
  const books = new Map<number, HistoryBook>();
  const bookFor = (chainId: number) => {
    let book = books.get(chainId);
    if (!book) {
      const feeds = cache.chains[chainId]?.feeds ?? {};
      books.set(chainId, (book = new HistoryBook(new Map(Object.entries(feeds)))));
    }
    return book;
  };
  return {
    ...snapshot,
    positions: snapshot.positions.map((entry) => ({ ...entry, outlook: outlookOf(entry.position, bookFor(entry.position.chainId)) })),
  };
}

export function outlookOf(position: Position, book: HistoryBook): PositionOutlook {
  const model = book.modelFor(position);
  const seen = new Set<string>();
  const legs: PositionOutlook['legs'] = [];
  for (const leg of [...position.collateral, ...position.debt]) {
    if (seen.has(leg.address.toLowerCase())) continue;
    seen.add(leg.address.toLowerCase());
    const m = isQuoteUnit(position, leg) ? undefined : model.asset(leg.address, leg.symbol);
    legs.push({ asset: leg.address, volatility: m?.sigma ?? 0, source: m?.source ?? 'assumed' });
  }
  return { chance: liquidationChance(position, model) ?? null, legs };
}

/**
 * Read the feed histories of the chains that are due (never read, over an hour old, or a new feed), one
 * chain at a time through the endpoint the refresh verified. Meant to run after a refresh, not awaited by
 * it; a chain that fails keeps what it had and is tried again at the next refresh.
 */
export async function refreshFeedHistories(
  snapshot: Snapshot,
  cache: FeedHistoryCache,
  now: number,
  opts: { rpcTimeoutMs: number; fetchOptions?: RequestInit } = { rpcTimeoutMs: 10_000 },
): Promise<FeedHistoryCache | undefined> {
  const byChain = new Map<number, Position[]>();
  for (const e of snapshot.positions) {
    if (e.stale) continue;
    byChain.set(e.position.chainId, [...(byChain.get(e.position.chainId) ?? []), e.position]);
  }
  let next: FeedHistoryCache | undefined;
  for (const [chainId, positions] of byChain) {
    const feeds: Address[] = feedsOf(positions);
    const url = snapshot.chains[chainId]?.rpcUrl;
    if (!url || !historyDue(next ?? cache, chainId, feeds, now)) continue;
    try {
      const client = createClient({
        transport: http(url, { batch: true, timeout: opts.rpcTimeoutMs, retryCount: 0, ...(opts.fetchOptions ? { fetchOptions: opts.fetchOptions } : {}) }),
      });
      const histories = await readFeedHistories(client, feeds);
      const base = next ?? cache;
      next = { ...base, chains: { ...base.chains, [chainId]: { readAt: now, feeds: Object.fromEntries(histories) } } };
    } catch {
      // Kept as it was; assumed classes stand in meanwhile, labelled as such.
    }
  }
  return next;
}

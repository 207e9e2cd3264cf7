import type { PricePoint } from './estimate.ts';

/**
 * Feed histories as the extension keeps them (storage item `local:feed-history`): per chain, when it was
 * read and each feed's points as [unix seconds, price] pairs. Read back defensively: anything malformed is
 * dropped (it is a cache, re-read within the hour), never trusted.
 */
export interface FeedHistoryCache {
  version: 1;
  chains: Record<number, { readAt: number; feeds: Record<string, PricePoint[]> }>;
}

export type EncodedFeedHistoryCache = { version: 1; chains: Record<string, { readAt: number; feeds: Record<string, [number, number][]> }> };

/**
 * History is read at most this often per chain: it moves slowly and costs a large read. (Here, not in
 * ./history.ts, so the views that decode storage do not bundle the chain reads and the chance model.)
 */
export const HISTORY_TTL_MS = 60 * 60_000;

const MAX_FEEDS = 500;
const MAX_POINTS = 2_000;

export const emptyFeedHistory = (): FeedHistoryCache => ({ version: 1, chains: {} });

export function encodeFeedHistory(cache: FeedHistoryCache): EncodedFeedHistoryCache {
  const chains: EncodedFeedHistoryCache['chains'] = {};
  for (const [id, c] of Object.entries(cache.chains)) {
    const feeds: Record<string, [number, number][]> = {};
    for (const [feed, points] of Object.entries(c.feeds)) feeds[feed] = points.map((p) => [p.t, p.p]);
    chains[id] = { readAt: c.readAt, feeds };
  }
  return { version: 1, chains };
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

export function decodeFeedHistory(raw: unknown): FeedHistoryCache {
  const out = emptyFeedHistory();
  if (!raw || typeof raw !== 'object' || (raw as { version?: unknown }).version !== 1) return out;
  const chains = (raw as { chains?: unknown }).chains;
  if (!chains || typeof chains !== 'object') return out;
  for (const [id, c] of Object.entries(chains as Record<string, unknown>)) {
    const chainId = Number(id);
    if (!Number.isSafeInteger(chainId) || chainId <= 0 || !c || typeof c !== 'object') continue;
    const { readAt, feeds } = c as { readAt?: unknown; feeds?: unknown };
    if (!finite(readAt) || !feeds || typeof feeds !== 'object') continue;
    const decoded: Record<string, PricePoint[]> = {};
    for (const [feed, points] of Object.entries(feeds as Record<string, unknown>).slice(0, MAX_FEEDS)) {
      if (!/^0x[0-9a-f]{40}$/.test(feed) || !Array.isArray(points)) continue;
      decoded[feed] = points
        .slice(0, MAX_POINTS)
        .filter((p): p is [number, number] => Array.isArray(p) && finite(p[0]) && finite(p[1]) && p[1] > 0)
        .map(([t, p]) => ({ t, p }));
    }
    out.chains[chainId] = { readAt, feeds: decoded };
  }
  return out;
}

/** A chain's history is due when never read, older than the TTL, or missing a feed now in use. */
export function historyDue(cache: FeedHistoryCache, chainId: number, feeds: readonly string[], now: number): boolean {
  const c = cache.chains[chainId];
  if (!c) return feeds.length > 0;
  if (now - c.readAt >= HISTORY_TTL_MS) return true;
  return feeds.some((f) => !(f.toLowerCase() in c.feeds)) && now - c.readAt >= 5 * 60_000;
}

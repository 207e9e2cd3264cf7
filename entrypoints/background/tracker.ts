import { browser } from 'wxt/browser';
import { activeAccounts } from '@/lib/settings/index.ts';
import { chainsToRead, resolveChains } from '@/lib/settings/chains.ts';
import type { Snapshot } from '@/lib/snapshot/index.ts';
import { refreshSnapshot } from '@/lib/tracker/refresh.ts';
import { joinScopes, pollIntervalMinutes, POLL_MINUTES, type RefreshScope } from '@/lib/tracker/schedule.ts';
import { decodeMarketCache, encodeMarketCache, type StoredMarketCache } from '@/lib/tracker/market-cache.ts';
import { buildMarkets } from '@/utils/build-markets.ts';
import { marketCacheItem, readAccounts, readFeedHistory, readSettings, readSnapshot, writeFeedHistory, writeSnapshot } from '@/utils/storage.ts';
import { refreshFeedHistories, withOutlook } from '@/lib/tracker/outlook.ts';
import type { FeedHistoryCache } from '@/lib/oracle/store.ts';
import { notifyForSnapshot } from './alerts.ts';
import { updateBadge } from './toolbar-badge.ts';

export const POLL_ALARM = 'refresh';

/** Requests within this window share one refresh (a page load reports several times; a user double-clicks). */
export const REFRESH_DEBOUNCE_MS = 500;

/**
 * Static market data (reserve lists, symbols, Morpho discovery) kept while the worker lives, and in storage
 * between its lives (`marketCacheItem`), validated when read back.
 */
const marketCache = new Map<string, unknown>();
let storedCache: StoredMarketCache | undefined;

async function loadMarketCache(): Promise<void> {
  if (storedCache) return;
  const { cache, stored, dropped } = decodeMarketCache(await marketCacheItem.getValue(), Date.now());
  if (dropped.length > 0) console.warn('[liquidation-guard] market cache entries dropped on read:', dropped);
  for (const [key, value] of cache) if (!marketCache.has(key)) marketCache.set(key, value);
  storedCache = stored;
}

async function saveMarketCache(): Promise<void> {
  const next = encodeMarketCache(marketCache, Date.now(), storedCache);
  if (JSON.stringify(next.entries) === JSON.stringify(storedCache?.entries)) return;
  storedCache = next;
  await marketCacheItem.setValue(next);
}

let running: Promise<Snapshot> | null = null;
let queued: Promise<Snapshot> | null = null;
let queuedScope: RefreshScope = 'scheduled';

/**
 * Ask for a refresh. Requests while one is waiting share it (the widest scope wins); a request while one
 * runs gets the next one (its data may be newer than what the running one reads). Resolves with the snapshot
 * that covers it. `scope`: everything (default: the user or a setting asked), the poll (`'scheduled'`: idle
 * chains only every 30 min), or the poll plus some chains now (a dapp of that chain was opened).
 */
export function requestRefresh(scope: RefreshScope = 'all'): Promise<Snapshot> {
  queuedScope = queued ? joinScopes(queuedScope, scope) : scope;
  if (queued) return queued;
  const after = running ?? Promise.resolve();
  queued = after
    .catch(() => undefined)
    .then(() => new Promise((resolve) => setTimeout(resolve, REFRESH_DEBOUNCE_MS)))
    .then(() => {
      const run = runRefresh(queuedScope);
      running = run;
      queued = null;
      return run.finally(() => {
        if (running === run) running = null;
      });
    });
  return queued;
}

async function runRefresh(scope: RefreshScope): Promise<Snapshot> {
  const [settings, accounts, previous, history] = await Promise.all([readSettings(), readAccounts(), readSnapshot(), readFeedHistory(), loadMarketCache()]);
  const chains = chainsToRead(resolveChains(settings, buildMarkets));
  const read = await refreshSnapshot({
    chains,
    accounts: activeAccounts(accounts),
    previous,
    rpcTimeoutMs: settings.rpcTimeoutMs,
    cache: marketCache,
    scope,
  });
  const snapshot = withOutlook(read, history);
  await Promise.all([writeSnapshot(snapshot), saveMarketCache()]);
  // Feed histories (volatility) never hold up a refresh: read after it, at most hourly per chain.
  void updateHistories(snapshot, history, settings.rpcTimeoutMs);
  await Promise.all([updateBadge(), notifyForSnapshot(snapshot, settings), schedule(pollIntervalMinutes(snapshot, settings))]);
  return snapshot;
}

let historyRun: Promise<void> | null = null;

async function updateHistories(snapshot: Snapshot, history: FeedHistoryCache, rpcTimeoutMs: number): Promise<void> {
  if (historyRun) return;
  historyRun = (async () => {
    const next = await refreshFeedHistories(snapshot, history, Date.now(), { rpcTimeoutMs, fetchOptions: { credentials: 'omit' } });
    if (!next) return;
    await writeFeedHistory(next);
    // Re-estimate on the snapshot just written, unless a newer refresh has replaced it meanwhile.
    const latest = await readSnapshot();
    if (latest && latest.updatedAt === snapshot.updatedAt) await writeSnapshot(withOutlook(latest, next));
  })()
    .catch((error: unknown) => console.warn('[liquidation-guard] feed history read failed:', error))
    .finally(() => {
      historyRun = null;
    });
  return historyRun;
}

/** Make sure the poll alarm exists with the wanted period (recreating it resets its phase, so only on change). */
export async function schedule(periodInMinutes = POLL_MINUTES): Promise<void> {
  const existing = await browser.alarms.get(POLL_ALARM);
  if (existing && existing.periodInMinutes === periodInMinutes) return;
  await browser.alarms.create(POLL_ALARM, { periodInMinutes, delayInMinutes: periodInMinutes });
}

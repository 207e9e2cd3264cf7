import { browser } from 'wxt/browser';
import { activeAccounts } from '@/lib/settings/index.ts';
import { chainsToRead, resolveChains } from '@/lib/settings/chains.ts';
import type { Snapshot } from '@/lib/snapshot/index.ts';
import { refreshSnapshot } from '@/lib/tracker/refresh.ts';
import { pollIntervalMinutes, POLL_MINUTES } from '@/lib/tracker/schedule.ts';
import { buildMarkets } from '@/utils/build-markets.ts';
import { readAccounts, readFeedHistory, readSettings, readSnapshot, writeFeedHistory, writeSnapshot } from '@/utils/storage.ts';
import { refreshFeedHistories, withOutlook } from '@/lib/tracker/outlook.ts';
import type { FeedHistoryCache } from '@/lib/oracle/store.ts';
import { notifyForSnapshot } from './alerts.ts';
import { updateBadge } from './badge.ts';

export const POLL_ALARM = 'refresh';

/** Requests within this window share one refresh (a page load reports several times; a user double-clicks). */
export const REFRESH_DEBOUNCE_MS = 500;

/** Static market data (reserve lists, symbols) kept while the worker lives; rebuilt after a restart. */
const marketCache = new Map<string, unknown>();

let running: Promise<Snapshot> | null = null;
let queued: Promise<Snapshot> | null = null;

/**
 * Ask for a refresh. Requests while one is waiting share it; a request while one runs gets the next one
 * (its data may be newer than what the running one reads). Resolves with the snapshot that covers it.
 */
export function requestRefresh(): Promise<Snapshot> {
  if (queued) return queued;
  const after = running ?? Promise.resolve();
  queued = after
    .catch(() => undefined)
    .then(() => new Promise((resolve) => setTimeout(resolve, REFRESH_DEBOUNCE_MS)))
    .then(() => {
      const run = runRefresh();
      running = run;
      queued = null;
      return run.finally(() => {
        if (running === run) running = null;
      });
    });
  return queued;
}

async function runRefresh(): Promise<Snapshot> {
  const [settings, accounts, previous, history] = await Promise.all([readSettings(), readAccounts(), readSnapshot(), readFeedHistory()]);
  const chains = chainsToRead(resolveChains(settings, buildMarkets));
  const read = await refreshSnapshot({
    chains,
    accounts: activeAccounts(accounts),
    previous,
    rpcTimeoutMs: settings.rpcTimeoutMs,
    cache: marketCache,
  });
  const snapshot = withOutlook(read, history);
  await writeSnapshot(snapshot);
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

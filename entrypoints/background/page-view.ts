import { browser } from 'wxt/browser';
import { buildPageView, newPageReportCache } from '@/lib/sites/page-view-build.ts';
import { encodePageView } from '@/lib/sites/page-view.ts';
import { STORAGE_KEYS } from '@/lib/storage-keys.ts';
import { pageViewItem, readAccounts, readSettings, readSnapshot } from '@/utils/storage.ts';
import { createSerializer } from './serial.ts';

/**
 * Keeps the dapp pages' view (lib/sites/page-view.ts) in step with what it is built from. Driven by
 * storage changes rather than by the writers, so every way the snapshot, settings or accounts change (a
 * refresh, the options page, a migration, a test seeding storage) reaches the pages the same way.
 */

/** The keys the view is built from: a change to any of them rebuilds it. */
const SOURCES: readonly string[] = [STORAGE_KEYS.snapshot, STORAGE_KEYS.settings, STORAGE_KEYS.accounts];

const cache = newPageReportCache();
const run = createSerializer();
/** The rebuild queued and not started yet: it reads storage when it starts, so it serves every later call. */
let waiting: Promise<void> | null = null;

/** Rebuild and store the view; resolves once a rebuild that saw every change made before the call is done. */
export function updatePageView(): Promise<void> {
  waiting ??= run(async () => {
    waiting = null;
    const [snapshot, settings, accounts, stored] = await Promise.all([readSnapshot(), readSettings(), readAccounts(), pageViewItem.getValue()]);
    const encoded = encodePageView(buildPageView({ snapshot, settings, accounts }, cache));
    // Unchanged (a settings change the pages do not show): no write, so no storage event and no re-render.
    if (JSON.stringify(encoded) === JSON.stringify(stored)) return;
    await pageViewItem.setValue(encoded);
  }).catch((error: unknown) => {
    // The pages keep the previous view; the next change tries again.
    console.warn('[liquidation-guard] page view not updated:', error);
  });
  return waiting;
}

/** Rebuild the view whenever one of its sources changes (registered synchronously by the background). */
export function followPageViewSources(): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SOURCES.some((key) => key in changes)) void updatePageView();
  });
}

import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ValidPageReport } from '@/lib/messages.ts';
import { accountsForPage } from '@/lib/sites/page-accounts.ts';
import { hintsFor, planPage, selectPositions, type PagePlan } from '@/lib/sites/plan.ts';
import { decodePageView, type PageView } from '@/lib/sites/page-view.ts';
import type { HealthAnchor, RowAnchor, SiteModule } from '@/lib/sites/types.ts';
import { decodePanelState } from '@/lib/sites/panel-state.ts';
import { send } from '@/utils/messaging.ts';
import { readStored, watchStored, writePlacement, type Stored } from './storage.ts';
import { createRenderer } from './ui.ts';

/**
 * The badges' life on one dapp page: reads the page view from extension storage (built by the background
 * from the snapshot, settings and accounts, numbers display-ready: lib/sites/page-view.ts; never the
 * chain), follows its changes, finds the page's anchors, and re-renders — on storage change, on the page's
 * own DOM changes (debounced), on SPA navigation. Stops and removes everything when `ctx` is invalidated
 * (the extension went away: ./orphan.ts).
 */

/** DOM changes are gathered this long before a rescan… */
const RESCAN_DEBOUNCE_MS = 120;
/** …but a page that never stops mutating (price tickers) still gets a rescan this often. */
const RESCAN_MAX_WAIT_MS = 600;

/** What the controller uses of WXT's content script context (a test passes a stand-in). */
export type ControllerContext = Pick<ContentScriptContext, 'isInvalid' | 'setTimeout' | 'addEventListener' | 'onInvalidated'>;

export interface Controller {
  /** Scan and render now (tests, benchmarks). */
  scanNow(): PagePlan | null;
  /** What the page's wallet reports now, validated and rate-limited by the wallet relay (./wallet-relay.ts). */
  pageWallet(report: ValidPageReport): void;
}

export function startController(ctx: ControllerContext, site: SiteModule): Controller {
  /** null until read, or when the stored view cannot be read (then nothing is shown). */
  let view: PageView | null = null;
  let pageAccounts: string[] = [];
  let walletChainId: number | null = null;
  let domReady = document.readyState !== 'loading';

  // The page's anchors are found again only when the page changed (DOM mutation, navigation) or the
  // symbols looked for changed; a snapshot update alone reuses them.
  let domDirty = true;
  let anchors: { hints: string; rows: RowAnchor[]; health: HealthAnchor | null } | null = null;

  const renderer = createRenderer({
    doc: document,
    onOpen: (key) => {
      if (ctx.isInvalid) return;
      send('open-position', { key }).catch(() => {
        // Background restarting or rate-limited: the user can click again.
      });
    },
    onPlacement: (p) => void writePlacement(site.id, p).catch(() => {}),
  });

  // ——— Scanning ———
  let observer: MutationObserver | null = null;
  let timer: ReturnType<typeof ctx.setTimeout> | null = null;
  let firstPending = 0;

  const scanNow = (): PagePlan | null => {
    if (ctx.isInvalid || !domReady) return null;
    const page = site.pageMarket({
      url: location.href,
      getItem: (k) => window.localStorage.getItem(k),
      walletChainId,
    });
    const selection = view && selectPositions(site, page, view.positions, accountsForPage(page, pageAccounts, view.remembered, location.host, view.showRemembered));
    let plan: PagePlan;
    if (!view || !selection || selection.candidates.length === 0) {
      plan = { rows: [], summary: null, panel: null, primaryKey: null };
    } else {
      const hints = hintsFor(selection);
      const key = JSON.stringify(hints);
      if (domDirty || !anchors || anchors.hints !== key || !anchors.rows.every((r) => r.row.isConnected) || (anchors.health && !anchors.health.element.isConnected)) {
        anchors = { hints: key, rows: site.findRows(document, hints), health: site.findHealthFactor(document) };
        domDirty = false;
      }
      plan = planPage({ site, selection, rows: anchors.rows, health: anchors.health, thresholds: view.thresholds, now: Date.now() });
    }
    renderer.render(plan);
    // Our own insertions are not the page's changes: drop the records they produced.
    observer?.takeRecords();
    return plan;
  };

  const schedule = (delay: number) => {
    const now = Date.now();
    if (timer !== null) {
      if (delay > 0 && now - firstPending < RESCAN_MAX_WAIT_MS) clearTimeout(timer);
      else if (delay > 0) return; // max wait reached: let the pending scan run
      else clearTimeout(timer);
    } else {
      firstPending = now;
    }
    timer = ctx.setTimeout(() => {
      timer = null;
      scanNow();
    }, delay);
  };

  const startDom = () => {
    domReady = true;
    observer = new MutationObserver(() => {
      domDirty = true;
      schedule(RESCAN_DEBOUNCE_MS);
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
    scanNow();
  };
  if (domReady) startDom();
  else ctx.addEventListener(document, 'DOMContentLoaded', startDom, { once: true });

  // SPA navigation (history API / Navigation API): the URL may change the market without a DOM change.
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    domDirty = true;
    schedule(0);
  });

  // ——— Data from extension storage (validated on every read) ———
  const apply = (stored: Stored) => {
    if ('view' in stored) view = decodePageView(stored.view);
    if ('panel' in stored) renderer.setPlacement(decodePanelState(stored.panel).sites[site.id]);
    schedule(0);
  };
  // A change seen before the first read answered is newer than what that read returns: keep it.
  const changedEarly = new Set<string>();
  const unwatch = watchStored((changed) => {
    for (const k of Object.keys(changed)) changedEarly.add(k);
    apply(changed);
  });
  void readStored().then((stored) => {
    const initial: Stored = { view: null, panel: null, ...stored };
    for (const k of changedEarly) delete initial[k as keyof Stored];
    apply(initial);
  });

  // ——— The page's wallet (reported by the relay, which alone listens to the page's messages) ———
  const pageWallet = (reported: ValidPageReport) => {
    if (ctx.isInvalid) return;
    pageAccounts = reported.accounts;
    walletChainId = reported.chainId;
    schedule(0);
  };

  // ——— Cleanup ———
  ctx.onInvalidated(() => {
    observer?.disconnect();
    observer = null;
    if (timer !== null) clearTimeout(timer);
    unwatch();
    renderer.destroy();
  });

  return { scanNow, pageWallet };
}

/**
 * Dapp page badges (issue 5): the size of what the extension injects into a dapp page, and the page's
 * main-thread time per snapshot update, in Debian Chromium with the built extension.
 *
 * - `injectedGzipBytes`: every content script the manifest injects into https://app.aave.com/*, each file
 *   minified (WXT's production build) and gzipped (level 9), summed. Goal <= 30 KB. The badges' own script
 *   is reported apart (`dappScriptGzipBytes`).
 * - `msPerUpdate`: an Aave dashboard fixture with 200 rows (the user's 8 position rows among 192 "Assets
 *   to supply" rows) shows a position's badges; the snapshot in extension storage is rewritten 20 times
 *   with a new price of the first collateral (every badge's text changes), three rounds, median round.
 *   Main-thread time is the renderer's own account (CDP `Performance.getMetrics` TaskDuration) over the
 *   updates, minus the same page idle for as long, divided by the number of updates: the storage event of
 *   the page view the background rebuilt, its decode, the scan of the 200 rows, DOM writes, style and
 *   layout. Goal <= 5 ms. Long tasks (>= 50 ms) seen by a PerformanceObserver in the page are counted too.
 * - `allBadgedMsPerUpdate`: the same with all 200 rows badged (one position with 100 collateral and 100
 *   debt legs): a stress case.
 * - `viewBuildMs` / `allBadgedViewBuildMs`: the background's side of one update, timed here in Node (the
 *   same code the worker runs): building the page view (lib/sites/page-view-build.ts) for a changed
 *   position, i.e. the engine's report, which the page no longer runs. Median of 20.
 *
 * Runs under plain Node (`npm run bench`, type stripping), so only relative imports here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { getAddress, type Address } from 'viem';
import type { Page } from 'playwright-core';
import { report } from '../../lib/risk/report.ts';
import type { Position } from '../../lib/core/types.ts';
import { legBadge } from '../../lib/sites/page-badge.ts';
import { encodeSnapshot, type Snapshot } from '../../lib/snapshot/index.ts';
import { buildPageView } from '../../lib/sites/page-view-build.ts';
import { encodePageView } from '../../lib/sites/page-view.ts';
import { asset, collateral, debt, position, type AssetSpec } from '../helpers/positions.ts';
import { buildExtension, removeBuild } from '../e2e/helpers/build.ts';
import { launchWithExtension, waitFor, type ExtensionBrowser } from '../e2e/helpers/chromium.ts';
import { aavePage, type AaveFixture } from '../fixtures/sites/aave.ts';
import { startSiteServer } from '../fixtures/sites/serve.ts';

/** `chrome` inside the extension's worker (code given to `evaluate`). */
declare const chrome: {
  storage: { local: { set(items: Record<string, unknown>): Promise<void>; get(keys: null | string): Promise<Record<string, unknown>> } };
  alarms: { clearAll(): Promise<boolean> };
};

const ROWS = 200;
const UPDATES = 20;
/** Rounds of UPDATES; the median round is reported (the page shares the machine with everything else). */
const ROUNDS = 3;
/** Time given to each update to be handled (the content script reacts in well under this). */
const SETTLE_MS = 250;
const ACCOUNT: Address = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const HOST = 'app.aave.com';

export interface PageBenchResult {
  injectedGzipBytes: number;
  msPerUpdate: number;
  dappScriptGzipBytes: number;
  allBadgedMsPerUpdate: number;
  longTasks: number;
  viewBuildMs: number;
  allBadgedViewBuildMs: number;
}

/** The background's work for one update of `s` (a new price each time, so no cached report is reused). */
function viewBuildMs(s: Scenario): number {
  const settings = { warnBelow: 1.25, urgentBelow: 1.1, rememberedBadges: true };
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const snapshot = snapshotOf(s.position(2000 - i), 1_000 + i);
    const t0 = performance.now();
    encodePageView(buildPageView({ snapshot, settings, accounts: null }));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[times.length >> 1]! * 100) / 100;
}

const addressOf = (i: number): Address => getAddress(`0x${(0xbe000000 + i).toString(16).padStart(40, '0')}`);

function tokens(count: number, prefix: string, spec: Omit<AssetSpec, 'symbol' | 'address'>, offset: number) {
  return Array.from({ length: count }, (_, i) => asset({ ...spec, symbol: `${prefix}${i}`, address: addressOf(offset + i) }));
}

interface Scenario {
  position: (price: number) => Position;
  fixture: AaveFixture;
}

/** A position and a 200-row Aave dashboard where `badged` rows are the position's own. */
function scenario(collaterals: number, debts: number): Scenario {
  const coll = tokens(collaterals, 'C', { decimals: 18, price: 2000, lt: 0.8, bonus: 1.05 }, 0);
  const owed = tokens(debts, 'D', { decimals: 6, price: 1, lt: 0.75, bonus: 1.05 }, 1000);
  const offers = tokens(ROWS - collaterals - debts, 'O', { decimals: 18, price: 1 }, 2000);
  const build = (price: number): Position => {
    // The first collateral carries most of the value (it alone can liquidate); the others are small.
    const amount = (i: number) => (i === 0 ? 10 * collaterals : 2);
    const legs = coll.map((a, i) => collateral({ ...a, price: i === 0 ? price : a.price }, String(amount(i))));
    const value = coll.reduce((sum, _a, i) => sum + amount(i) * 2000 * 0.8, 0);
    const p = position({ collateral: legs, debt: owed.map((a) => debt(a, (value / 1.6 / debts).toFixed(6))), assets: [...coll, ...owed] });
    return { ...p, account: ACCOUNT, chainId: 31337, market: 'Bench Aave', blockNumber: 1n, timestamp: 1_700_000_000n };
  };
  const row = (a: { symbol: string; address: string }) => ({ symbol: a.symbol, address: a.address, amount: '10.00' });
  return {
    position: build,
    fixture: { marketName: 'proto_mainnet_v3', healthFactor: '1.60', supplies: coll.map(row), borrows: owed.map(row), offers: offers.map(row) },
  };
}

function snapshotOf(p: Position, now: number): Snapshot {
  return {
    version: 1,
    updatedAt: now,
    accounts: [ACCOUNT],
    chains: { 31337: { chainId: 31337, name: 'Bench', ok: true, errors: [], rpcUrl: 'http://127.0.0.1:1', lastAttemptAt: now, lastSuccessAt: now, blockNumber: 1n } },
    positions: [{ position: p, readAt: now, stale: false }],
  };
}

/** The extension's content scripts for the dapp host, gzipped one by one. */
export function injectedSizes(extensionDir: string): { total: number; files: Record<string, number> } {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { content_scripts?: { matches: string[]; js?: string[] }[] };
  const files: Record<string, number> = {};
  for (const cs of manifest.content_scripts ?? []) {
    if (!cs.matches.some((m) => m === `https://${HOST}/*` || m === '<all_urls>')) continue;
    for (const js of cs.js ?? []) files[js] = gzipSync(readFileSync(join(extensionDir, js)), { level: 9 }).length;
  }
  return { total: Object.values(files).reduce((a, b) => a + b, 0), files };
}

/** The renderer main thread's busy time so far, in seconds (one CDP session per page: metrics count from `enable`). */
async function taskMeter(page: Page): Promise<{ read(): Promise<number>; close(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    async read() {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      return metrics.find((m) => m.name === 'TaskDuration')!.value;
    },
    close: () => cdp.detach(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(browser: ExtensionBrowser, serverSet: (html: string) => void, s: Scenario): Promise<{ msPerUpdate: number; longTasks: number }> {
  const worker = await browser.worker();
  const now = Date.now();
  await worker.evaluate((snap) => chrome.storage.local.set({ snapshot: snap }), encodeSnapshot(snapshotOf(s.position(2000), now)) as unknown);
  serverSet(aavePage(s.fixture));
  const page = await browser.context.newPage();
  await page.goto(`https://${HOST}/dashboard`);
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
  });
  // Wait for the badges (the page's own view: host elements in the row cells).
  const expected = s.fixture.supplies.length + s.fixture.borrows.length;
  await waitFor(() => page.evaluate(() => document.querySelectorAll('[data-cy] liquidation-guard').length), (n) => n === expected, 20_000, 'the badges');
  await sleep(500);

  const meter = await taskMeter(page);
  const perUpdate: number[] = [];
  let price = 2000;
  for (let round = 0; round < ROUNDS; round++) {
    // Idle baseline over the same wall time as the updates.
    const idle0 = await meter.read();
    await sleep(UPDATES * SETTLE_MS);
    const idle = (await meter.read()) - idle0;
    const t0 = await meter.read();
    for (let i = 1; i <= UPDATES; i++) {
      price -= 3;
      await worker.evaluate((x) => chrome.storage.local.set({ snapshot: x }), encodeSnapshot(snapshotOf(s.position(price), now + price)) as unknown);
      await sleep(SETTLE_MS);
    }
    perUpdate.push(Math.max(0, (((await meter.read()) - t0 - idle) * 1000) / UPDATES));
  }
  await meter.close();
  // The updates reached the badges: the first collateral row shows the last price's numbers.
  const r = report(s.position(price));
  const pageLocale = await page.evaluate(() => new Intl.NumberFormat().resolvedOptions().locale);
  const want = legBadge(r.collateral[0]!, 'collateral', r, { thresholds: { warnBelow: 1.25, urgentBelow: 1.1 }, stale: false, ageMs: 0, locale: pageLocale }).text;
  if (!want.startsWith('Liq. $')) throw new Error(`the bench position should have a liquidation price on its first collateral, not "${want}"`);
  const shown = await firstBadgeText(page);
  if (shown !== want) throw new Error(`the badge shows "${shown}", expected "${want}"`);
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.length);
  await page.close();
  perUpdate.sort((x, y) => x - y);
  return { msPerUpdate: perUpdate[Math.floor(perUpdate.length / 2)]!, longTasks };
}

/** The text of the first supplied row's badge, read through CDP (the shadow roots are closed to the page). */
async function firstBadgeText(page: Page): Promise<string> {
  type Node = { localName?: string; nodeType: number; nodeValue?: string; attributes?: string[]; children?: Node[]; shadowRoots?: Node[] };
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
    // The badge's text is painted on a canvas named by its aria-label (entrypoints/dapp.content/paint.ts).
    const label = (n: Node) => (n.attributes ?? []).find((_, i, a) => i % 2 === 1 && a[i - 1] === 'aria-label') ?? '';
    const text = (n: Node): string =>
      n.nodeType === 3 ? (n.nodeValue ?? '') : n.localName === 'style' ? '' : n.localName === 'canvas' ? label(n) : (n.children ?? []).map(text).join('');
    const find = (n: Node, inRow: boolean): Node | undefined => {
      if (n.localName === 'liquidation-guard') return inRow ? n : undefined;
      const row = inRow || (n.attributes ?? []).some((a) => a.startsWith('dashboardSuppliedListItem_'));
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
        const hit = find(c, row);
        if (hit) return hit;
      }
      return undefined;
    };
    const host = find(root, false);
    return host?.shadowRoots?.[0] ? text(host.shadowRoots[0]) : '';
  } finally {
    await cdp.detach();
  }
}

export async function benchPage(): Promise<PageBenchResult> {
  const extensionDir = await buildExtension('chrome');
  const server = await startSiteServer([HOST]);
  let browser: ExtensionBrowser | undefined;
  try {
    const sizes = injectedSizes(extensionDir);
    browser = await launchWithExtension(extensionDir, { resolverRules: server.resolverRules });
    const worker = await browser.worker();
    // Let the install-time refresh finish, then stop polling and say which account the page shows
    // (the one last seen on this host): the bench owns the snapshot from here on.
    await waitFor(() => worker.evaluate(() => chrome.storage.local.get('snapshot')), (v) => v.snapshot !== undefined, 15_000, 'the first snapshot');
    await worker.evaluate(() => chrome.alarms.clearAll());
    await worker.evaluate(
      (a) =>
        chrome.storage.local.set({
          accounts: { version: 1, accounts: [{ address: a, source: 'detected', hidden: false, addedAt: 1, lastSeenAt: 2, lastSeenOn: 'app.aave.com' }] },
          // Badges for the account last seen on the page are opt-in (issue 11): the bench opts in.
          settings: { version: 1, rememberedBadges: true },
        }),
      ACCOUNT,
    );
    const set = (html: string) => server.set(HOST, html);
    const realistic = await measure(browser, set, scenario(6, 2));
    const stress = await measure(browser, set, scenario(100, 100));
    return {
      injectedGzipBytes: sizes.total,
      msPerUpdate: Math.round(realistic.msPerUpdate * 100) / 100,
      dappScriptGzipBytes: sizes.files['content-scripts/dapp.js'] ?? 0,
      allBadgedMsPerUpdate: Math.round(stress.msPerUpdate * 100) / 100,
      longTasks: realistic.longTasks,
      viewBuildMs: viewBuildMs(scenario(6, 2)),
      allBadgedViewBuildMs: viewBuildMs(scenario(100, 100)),
    };
  } finally {
    await browser?.close();
    await server.close();
    removeBuild(extensionDir);
  }
}

// `node --experimental-strip-types tests/bench/page.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchPage();
  console.table([result]);
  console.log(`  goals: injected <= 30 KB gz (${(result.injectedGzipBytes / 1024).toFixed(1)} KB), <= 5 ms per update (${result.msPerUpdate} ms)`);
}

// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { followPageViewSources } from '../../../../entrypoints/background/page-view.ts';
import { startController } from '../../../../entrypoints/dapp.content/controller.ts';
import { invalidateWhenOrphaned, ORPHAN_CHECK_MS } from '../../../../entrypoints/dapp.content/orphan.ts';
import { HOST_TAG } from '../../../../entrypoints/dapp.content/ui.ts';
import { startWalletRelay } from '../../../../entrypoints/dapp.content/wallet-relay.ts';
import { PAGE_MESSAGE_SOURCE } from '../../../../lib/messages.ts';
import { aave } from '../../../../lib/sites/aave.ts';
import { decodeSnapshot, encodeSnapshot } from '../../../../lib/snapshot/index.ts';
import * as storageItems from '../../../../utils/storage.ts';
import { aaveApp } from '../../../fixtures/sites/aave.ts';
import { ALICE, alicePosition, BOB, entry, mount, paintedText, USDC, WETH } from '../../fixtures/sites.ts';

type Ctx = ContentScriptContext;

let roots: ShadowRoot[] = [];
const original = Element.prototype.attachShadow;
let ctx: Ctx;

function snapshotWith(positions: ReturnType<typeof alicePosition>[], readAt = Date.now()) {
  return encodeSnapshot({
    version: 1,
    updatedAt: readAt,
    accounts: [...new Set(positions.map((p) => p.account))],
    chains: { 31337: { chainId: 31337, name: 'Devnet', ok: true, errors: [], rpcUrl: 'http://127.0.0.1:8545', lastAttemptAt: readAt, lastSuccessAt: readAt, blockNumber: 100n } },
    positions: positions.map((p) => entry(p, readAt)),
  });
}
/** The user opted in to badges for the account last seen on a page (off by default, issue 11 item 6). */
const OPTED_IN = { version: 1, rememberedBadges: true };
const detected = (address: string) => ({ version: 1, accounts: [{ address, source: 'detected', hidden: false, addedAt: 1, lastSeenAt: 2, lastSeenOn: location.host }] });
const badgeTexts = () =>
  [...document.querySelectorAll(HOST_TAG)].map((h) => paintedText(roots.find((r) => r.host === h)?.querySelector('button')) || '?');
const fixture = () => ({
  marketName: 'proto_mainnet_v3',
  healthFactor: '1.37',
  supplies: [{ symbol: 'WETH', address: WETH.address, amount: '10' }],
  borrows: [{ symbol: 'USDC', address: USDC.address, amount: '12000' }],
  offers: [{ symbol: 'WETH', address: WETH.address, amount: '0' }],
});

beforeEach(async () => {
  fakeBrowser.reset();
  // The background's part: the page view follows snapshot, settings and accounts (entrypoints/background/page-view.ts).
  followPageViewSources();
  roots = [];
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    const root = original.call(this, init);
    roots.push(root);
    return root;
  });
  mount(aaveApp, fixture(), '/dashboard');
  // As the built content script gets it (entrypoints/dapp.content/index.ts sets noScriptStartedPostMessage).
  ctx = new ContentScriptContext('dapp', { noScriptStartedPostMessage: true });
});
afterEach(() => {
  ctx.notifyInvalidated();
  vi.restoreAllMocks();
});

describe('dapp content script (controller) with the extension storage', () => {
  it('reads the view the background builds from what it writes through its storage items (utils/storage.ts)', async () => {
    await storageItems.writeSnapshot(decodeSnapshot(snapshotWith([alicePosition()])).snapshot!);
    await storageItems.accountsItem.setValue(detected(ALICE));
    await storageItems.settingsItem.setValue(OPTED_IN);
    startController(ctx, aave);
    await vi.waitFor(() => expect(document.querySelectorAll(HOST_TAG)).toHaveLength(3));
    // A change written later through the item reaches the badges too.
    await storageItems.settingsItem.setValue({ version: 1, rememberedBadges: false });
    await vi.waitFor(() => expect(document.querySelectorAll(HOST_TAG)).toHaveLength(0));
  });

  it('badges the rows of the account last seen on this host; follows snapshot changes live', async () => {
    await fakeBrowser.storage.local.set({ snapshot: snapshotWith([alicePosition()]), accounts: detected(ALICE), settings: OPTED_IN });
    startController(ctx, aave);
    await vi.waitFor(() => expect(badgeTexts()).toEqual(['Liq. $1,455 \u00b7 \u221227.2%', 'Liq. $1.37 \u00b7 +37.5%', 'Guard: nearest WETH Liq. $1,455 \u00b7 \u221227.2%'].sort((a, b) => order(a) - order(b))));

    // The background writes a new snapshot: more debt → closer liquidation.
    const p = alicePosition();
    await fakeBrowser.storage.local.set({ snapshot: snapshotWith([{ ...p, debt: [{ ...p.debt[0]!, amount: 15_000n * 10n ** 6n }] }]) });
    await vi.waitFor(() => expect(badgeTexts()).toContain('Liq. $1,819 \u00b7 \u22129.0%'));
  });

  it('puts badges back after the page re-renders its rows, and follows SPA navigation', async () => {
    await fakeBrowser.storage.local.set({ snapshot: snapshotWith([alicePosition()]), accounts: detected(ALICE), settings: OPTED_IN });
    startController(ctx, aave);
    await vi.waitFor(() => expect(document.querySelectorAll(HOST_TAG)).toHaveLength(3));
    (window as unknown as { __fixture: { rerender(): void } }).__fixture.rerender();
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(0);
    await vi.waitFor(() => expect(document.querySelectorAll(HOST_TAG)).toHaveLength(3));

    (document.querySelector('a[href="/markets"]') as HTMLAnchorElement).click();
    await vi.waitFor(() => {
      const hosts = [...document.querySelectorAll(HOST_TAG)];
      expect(hosts).toHaveLength(1); // only the floating panel: no anchors on the markets page
      expect(paintedText(roots.find((r) => r.host === hosts[0])?.querySelector('.pt'))).toMatch(/^Devnet Aave/);
    });
    (document.querySelector('a[href="/dashboard"]') as HTMLAnchorElement).click();
    await vi.waitFor(() => expect(document.querySelectorAll(`[data-cy] ${HOST_TAG}`)).toHaveLength(2));
  });

  it('the page wallet report (through the relay) decides the account; forged or malformed reports change nothing', async () => {
    await fakeBrowser.storage.local.set({ snapshot: snapshotWith([alicePosition(), alicePosition({ account: BOB, debt: [] })]), accounts: detected(ALICE), settings: OPTED_IN });
    const toBackground: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
      toBackground.push(message);
      return Promise.resolve({ ok: true, value: null });
    });
    const c = startController(ctx, aave);
    startWalletRelay(ctx, (r) => c.pageWallet(r));
    await vi.waitFor(() => expect(document.querySelectorAll(HOST_TAG)).toHaveLength(3));
    const post = (data: unknown, source: unknown = window) => window.dispatchEvent(new MessageEvent('message', { data, origin: location.origin, source: source as Window }));
    const bob = { source: PAGE_MESSAGE_SOURCE, version: 1, kind: 'accounts', accounts: [BOB.toLowerCase()], chainId: '0x7a69' };
    post({ ...bob, extra: 1 }); // unknown key
    post(bob, null); // not from this window
    // A flood of other namespaces' messages (the page's own traffic) does not use up the wallet's rate.
    for (let i = 0; i < 100; i++) post({ source: 'some-other-library', i });
    await new Promise((r) => setTimeout(r, 50));
    expect(badgeTexts()).toContain('Liq. $1.37 \u00b7 +37.5%');
    expect(toBackground).toEqual([]);
    post(bob);
    post(bob); // a repeat: the badges take it, the background already has it
    await vi.waitFor(() => expect(badgeTexts()).toEqual(['Guard: No debt', 'No debt'])); // Bob's WETH, nothing borrowed
    await vi.waitFor(() => expect(toBackground).toEqual([{ type: 'wallet-detected', accounts: [BOB], chainId: 31337, origin: location.origin }]));
    // The wallet disconnects: the page's badges follow (only the remembered account is left), nothing is forwarded.
    post({ ...bob, accounts: [] });
    await vi.waitFor(() => expect(document.querySelectorAll(HOST_TAG)).toHaveLength(3));
    expect(toBackground).toHaveLength(1);
  });

  it('removes everything when the extension context goes away', async () => {
    await fakeBrowser.storage.local.set({ snapshot: snapshotWith([alicePosition()]), accounts: detected(ALICE), settings: OPTED_IN });
    startController(ctx, aave);
    await vi.waitFor(() => expect(document.querySelectorAll(HOST_TAG)).toHaveLength(3));
    ctx.notifyInvalidated();
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(0);
    (window as unknown as { __fixture: { rerender(): void } }).__fixture.rerender();
    await new Promise((r) => setTimeout(r, 200));
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(0);
  });

  it('notices on its own that the extension went away (reloaded, removed) and removes everything', async () => {
    await fakeBrowser.storage.local.set({ snapshot: snapshotWith([alicePosition()]), accounts: detected(ALICE), settings: OPTED_IN });
    startController(ctx, aave);
    await vi.waitFor(() => expect(document.querySelectorAll(HOST_TAG)).toHaveLength(3));
    const runtime = fakeBrowser.runtime as { id?: string };
    const id = runtime.id;
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      invalidateWhenOrphaned(ctx);
      vi.advanceTimersByTime(ORPHAN_CHECK_MS * 3);
      expect(ctx.signal.aborted).toBe(false); // still installed: nothing happens
      expect(document.querySelectorAll(HOST_TAG)).toHaveLength(3);
      (fakeBrowser.runtime as { id?: string }).id = undefined;
      console.log("same", fakeBrowser.runtime === (await import("wxt/browser")).browser.runtime); // what an orphaned script sees
      vi.advanceTimersByTime(ORPHAN_CHECK_MS);
      expect(ctx.signal.aborted).toBe(true);
      expect(document.querySelectorAll(HOST_TAG)).toHaveLength(0);
    } finally {
      vi.useRealTimers();
      runtime.id = id; // fakeBrowser.reset() does not put it back
    }
  });

  it('a remembered account (wallet locked) gets no badges unless the user opted in', async () => {
    await fakeBrowser.storage.local.set({ snapshot: snapshotWith([alicePosition()]), accounts: detected(ALICE) });
    const c = startController(ctx, aave);
    await new Promise((r) => setTimeout(r, 50));
    expect(c.scanNow()).toEqual({ rows: [], summary: null, panel: null, primaryKey: null });
    await fakeBrowser.storage.local.set({ settings: OPTED_IN });
    await vi.waitFor(() => expect(document.querySelectorAll(HOST_TAG)).toHaveLength(3));
  });

  it('shows nothing without an account for this page', async () => {
    await fakeBrowser.storage.local.set({ snapshot: snapshotWith([alicePosition()]) });
    const c = startController(ctx, aave);
    await new Promise((r) => setTimeout(r, 50));
    expect(c.scanNow()).toEqual({ rows: [], summary: null, panel: null, primaryKey: null });
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(0);
  });
});

/** Document order of the three hosts: WETH row, USDC row come after the top panel's summary. */
function order(text: string): number {
  return text.startsWith('Guard') ? 0 : text.includes('\u2212') ? 1 : 2;
}

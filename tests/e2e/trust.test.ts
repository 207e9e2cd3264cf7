/**
 * Issue 11, extension side, in Debian Chromium with the built extension (one browser, one devnet, in order):
 * - item 5: a wallet a page reports changes nothing the user sees (toolbar badge, page badges, popup
 *   positions) until "Watch" in the popup; a page posting junk addresses fills the pending slots and the
 *   popup says detection is full; "Ignore" frees a slot;
 * - item 6: the page badges' numbers are no text `window.find()` matches (while it does match text the
 *   page itself put in a closed shadow root); a locked wallet's remembered account gets badges only after
 *   the options page's opt-in;
 * - item 3: a market imported on a built-in chain through the options page is listed and survives a
 *   later settings change;
 * - item 9: an import replacing Ethereum's RPCs asks first (Cancel writes nothing, "Replace and import" does);
 * - item 4: accounts stored by a newer version are shown as not loaded, with an export that downloads the
 *   stored value unchanged; adding an account is refused and the stored value stays as it was.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@wxt-dev/browser';
import { ANVIL_ACCOUNTS, aaveV3, devnetMarketsFile, startDevnet, type Devnet } from '../../lib/devnet/index.ts';
import { builtinChains } from '../../lib/markets/index.ts';
import { aavePage } from '../fixtures/sites/aave.ts';
import { startSiteServer, type SiteServer } from '../fixtures/sites/serve.ts';
import { buildExtension } from './helpers/build.ts';
import { launchWithExtension, piercedDocument, readBadge, readStorage, waitFor, type ExtensionBrowser } from './helpers/chromium.ts';
import { aaveDashboard } from './helpers/dashboard.ts';
import { tearDown } from './helpers/teardown.ts';

declare const chrome: typeof Browser;

const ALICE = ANVIL_ACCOUNTS[1]!;
const JUNK = [5, 6, 7].map((i) => ANVIL_ACCOUNTS[i]!);
const DEVNET_CHAIN = '0x7a69';

let devnet: Devnet;
let server: SiteServer;
let browser: ExtensionBrowser;
let extensionDir: string;
let options: Page;

const aaveData = () => aaveDashboard(devnet);

async function send(message: Record<string, unknown>): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  return options.evaluate((m) => chrome.runtime.sendMessage(m), message);
}

/** The painted labels inside the page's guard hosts (closed shadow roots), read through CDP as DevTools does. */
async function paintedLabels(page: Page): Promise<string[]> {
  type N = { localName?: string; attributes?: string[]; children?: N[]; shadowRoots?: N[]; nodeType: number; nodeValue?: string };
  const root = await piercedDocument<N>(page);
  const out: string[] = [];
  const walk = (n: N, inGuard: boolean) => {
    if (n.localName === 'style') return;
    const guard = inGuard || n.localName === 'liquidation-guard';
    if (guard && n.localName === 'canvas') {
      const a = n.attributes ?? [];
      const i = a.indexOf('aria-label');
      if (i >= 0) out.push(a[i + 1]!);
    }
    if (guard && n.nodeType === 3 && n.nodeValue?.trim()) out.push(`TEXT NODE: ${n.nodeValue}`);
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c, guard);
  };
  walk(root, false);
  return out;
}

beforeAll(async () => {
  devnet = await startDevnet();
  await aaveV3.openPosition(devnet, { account: ALICE, supply: { WETH: aaveV3.toUnits('WETH', 10) }, borrow: { USDC: aaveV3.toUnits('USDC', 12000) } });
  const marketsPath = join(mkdtempSync(join(tmpdir(), 'lg-trust-e2e-')), 'markets.json');
  writeFileSync(marketsPath, JSON.stringify(devnetMarketsFile(devnet)));
  [extensionDir, server] = await Promise.all([buildExtension('chrome', { LG_MARKETS: marketsPath }), startSiteServer(['app.aave.com'])]);
  browser = await launchWithExtension(extensionDir, { resolverRules: server.resolverRules });
  options = await browser.openExtensionPage('options.html');
  // No internet here: only the devnet is read.
  for (const c of builtinChains) expect(await send({ type: 'set-chain', chainId: c.chainId, enabled: false })).toMatchObject({ ok: true });
}, 300_000);

afterAll(async () => {
  await tearDown({ browser, server, devnet, extensionDir });
});

describe('issue 11: the page decides nothing, reads nothing; nothing the user set is lost', () => {
  let dapp: Page;

  it('item 5: a detected wallet changes nothing the user sees until "Watch"; junk fills the slots and the popup says so', async () => {
    server.set('app.aave.com', aavePage(aaveData(), { accounts: [ALICE.toLowerCase()], chainIdHex: DEVNET_CHAIN }));
    dapp = await browser.context.newPage();
    await dapp.goto('https://app.aave.com/dashboard');
    await waitFor(async () => (await readStorage(browser)).accounts as { accounts?: { pending?: boolean }[] } | undefined, (a) => a?.accounts?.[0]?.pending === true, 10_000, 'Alice pending');
    // A hostile page script posts well-formed reports of other addresses, exactly as our page script would.
    // (Spaced out: the background's per-tab limit lets one report through every 2 s after a short burst.)
    for (const a of JUNK) {
      await new Promise((r) => setTimeout(r, 2_100));
      await dapp.evaluate((x) => window.postMessage({ source: 'liquidation-guard:wallet', version: 1, kind: 'accounts', accounts: [x.toLowerCase()], chainId: '0x1' }, location.origin), a);
    }
    await new Promise((r) => setTimeout(r, 1_000));
    const stored = (await readStorage(browser)).accounts as { accounts: { address: string; pending?: boolean }[] };
    expect(stored.accounts.length).toBe(3); // three pending slots: the third junk address found no slot
    expect(stored.accounts.every((a) => a.pending)).toBe(true);
    // Nothing visible changed: no toolbar number, no page badge, no positions in the popup.
    expect((await readBadge(browser)).text).toBe('');
    expect(await dapp.locator('liquidation-guard').count()).toBe(0);
    const popup = await browser.openExtensionPage('popup.html');
    await expect.poll(() => popup.getByTestId('detected-account').count()).toBe(3);
    expect(await popup.locator('[data-testid="position"]').count()).toBe(0);
    await expect.poll(() => popup.getByText(/Wallet detection is full/).isVisible()).toBe(true);
    // Ignore one junk address: its slot is free and "full" goes away; Watch Alice: she is read.
    await popup.getByRole('button', { name: `Ignore ${stored.accounts[1]!.address}` }).click();
    await expect.poll(() => popup.getByText(/Wallet detection is full/).count()).toBe(0);
    await popup.getByRole('button', { name: `Watch ${ALICE}` }).click();
    await waitFor(() => readBadge(browser), (b) => /^\d/.test(b.text), 20_000, 'a numeric badge after Watch');
    await expect.poll(() => popup.locator('[data-testid="position"]').count(), { timeout: 20_000 }).toBe(1);
    await popup.close();
    const snapshot = (await readStorage(browser)).snapshot as { accounts: string[] };
    expect(snapshot.accounts).toEqual([ALICE]);
  });

  it('item 6: badge numbers are not findable page text; window.find does search closed shadow roots', async () => {
    await dapp.reload();
    await waitFor(() => dapp.locator('liquidation-guard').count(), (n) => n === 3, 20_000, 'three badges');
    const labels = await waitFor(() => paintedLabels(dapp), (l) => l.filter((t) => t.startsWith('Liq.')).length >= 2, 10_000, 'painted badges');
    expect(labels.filter((t) => t.startsWith('TEXT NODE'))).toEqual([]);
    const shown = labels.filter((t) => /Liq\. \$[\d,.]+/.test(t));
    expect(shown.length).toBeGreaterThanOrEqual(2);
    const probes = [...shown, ...shown.map((t) => /\$[\d,.]+/.exec(t)![0]), 'Liq.', 'Guard: nearest', ALICE.slice(0, 6)];
    const found = await dapp.evaluate((ps) => {
      // Non-standard but shipped by Chromium and Firefox: (text, caseSensitive, backwards, wrapAround).
      const find = (window as unknown as { find(text: string, caseSensitive?: boolean, backwards?: boolean, wrap?: boolean): boolean }).find.bind(window);
      // Control: the page's own text in a closed shadow root IS found by window.find (Chromium).
      const host = document.createElement('div');
      host.attachShadow({ mode: 'closed' }).append('control-7g4q 1,455');
      document.body.append(host);
      const control = find('control-7g4q', false, false, true);
      return { control, probes: ps.map((p) => [p, find(p, false, false, true)] as const).filter(([, f]) => f) };
    }, probes);
    expect(found.control).toBe(true);
    expect(found.probes).toEqual([]);
    // The user still sees them: each badge is as wide as its text.
    for (const box of await dapp.locator('liquidation-guard').evaluateAll((hs) => hs.map((h) => h.getBoundingClientRect().width))) expect(box).toBeGreaterThan(60);
  });

  it('item 6: a locked wallet\'s remembered account gets badges only after the opt-in', async () => {
    await dapp.evaluate((chain) => (window as unknown as { __wallet: { set(a: string[], c: string): void } }).__wallet.set([], chain), DEVNET_CHAIN);
    await waitFor(() => dapp.locator('liquidation-guard').count(), (n) => n === 0, 10_000, 'no badges while locked');
    await options.reload();
    const optIn = options.getByLabel(/Show badges on a dapp page while the wallet is locked/);
    expect(await optIn.isChecked()).toBe(false); // off by default
    await optIn.click(); // controlled: checked once the background stored it
    await expect.poll(() => optIn.isChecked()).toBe(true);
    await waitFor(() => dapp.locator('liquidation-guard').count(), (n) => n === 3, 10_000, 'badges after the opt-in');
    await optIn.click();
    await expect.poll(() => optIn.isChecked()).toBe(false);
    await waitFor(() => dapp.locator('liquidation-guard').count(), (n) => n === 0, 10_000, 'no badges after opting out');
  });

  it('item 3: a market imported on a built-in chain is listed and survives later settings writes', async () => {
    const file = { markets: [{ protocol: 'compound-v3', chainId: 10, name: 'My new Comet', comet: ANVIL_ACCOUNTS[9]! }] };
    await options.reload();
    await options.fill('textarea[name="markets-json"]', JSON.stringify(file));
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => options.getByTestId('import-result').textContent()).toMatch(/Imported 1 market\(s\)/);
    await expect.poll(() => options.getByTestId('imported-markets').textContent()).toContain('My new Comet');
    await options.fill('input[name="warnBelow"]', '1.3');
    await options.getByRole('region', { name: 'Alerts and target' }).getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => options.getByText('Saved.').count()).toBe(1);
    await options.reload();
    await expect.poll(() => options.getByTestId('imported-markets').textContent()).toContain('My new Comet');
    expect(((await readStorage(browser)).settings as { warnBelow: number }).warnBelow).toBe(1.3);
  });

  it('item 9: an import that replaces a built-in chain\'s RPCs asks first', async () => {
    const file = {
      chains: [{ chainId: 10, name: 'Optimism fork', rpcUrls: ['http://127.0.0.1:9'] }],
      markets: [{ protocol: 'compound-v3', chainId: 10, name: 'Fork Comet', comet: ANVIL_ACCOUNTS[7]! }],
    };
    const before = (await readStorage(browser)).settings;
    await options.fill('textarea[name="markets-json"]', JSON.stringify(file));
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = options.getByRole('alertdialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toMatch(/replaces what ships with the extension.*RPC URLs of Optimism/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await readStorage(browser)).settings).toEqual(before);
    await options.getByRole('button', { name: 'Import', exact: true }).click();
    await options.getByRole('alertdialog').getByRole('button', { name: 'Replace and import' }).click();
    await expect.poll(async () => ((await readStorage(browser)).settings as { imported: { chains: { chainId: number }[] } }).imported.chains.map((c) => c.chainId)).toEqual([10]);
  });

  it('item 4: accounts from a newer version are kept, shown as not loaded, and exportable', async () => {
    const newer = { version: 2, accounts: [{ address: ALICE, source: 'manual', hidden: false, addedAt: 1, tags: ['from v2'] }], vaults: [1, 2] };
    const worker = await browser.worker();
    await worker.evaluate((v) => chrome.storage.local.set({ accounts: v }), newer);
    await options.reload();
    const notice = options.getByRole('alert').filter({ hasText: 'watched accounts were not loaded' });
    await expect.poll(() => notice.textContent()).toMatch(/saved by a newer version.*kept unchanged/);
    const [download] = await Promise.all([options.waitForEvent('download'), notice.getByRole('button', { name: 'Export stored accounts' }).click()]);
    expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual(newer);
    await options.fill('input[name="address"]', ANVIL_ACCOUNTS[8]!);
    await options.getByRole('button', { name: 'Watch', exact: true }).click();
    await expect.poll(() => options.getByTestId('account-error').textContent()).toMatch(/Not saved: your accounts were saved by a newer version/);
    expect((await readStorage(browser)).accounts).toEqual(newer);
    const popup = await browser.openExtensionPage('popup.html');
    await expect.poll(() => popup.getByText(/watched accounts were not loaded/).isVisible()).toBe(true);
    await popup.close();
    // Having exported them, the user may start over: asked twice, then the one write that replaces them.
    await notice.getByRole('button', { name: 'Discard stored accounts…' }).click();
    await notice.getByRole('button', { name: 'Yes, discard stored accounts' }).click();
    await expect.poll(async () => (await readStorage(browser)).accounts).toEqual({ version: 1, accounts: [] });
    await expect.poll(() => options.getByText(/watched accounts were not loaded/).count()).toBe(0);
  });
});

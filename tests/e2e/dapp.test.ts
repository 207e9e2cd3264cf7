/**
 * Badges on the dapp pages (issue 5, "Prove it"), in Debian Chromium with the built extension:
 * fixture pages with the front-ends' markup (tests/fixtures/sites) served as the real host names over local
 * HTTPS, a devnet with positions on Aave, Compound (stand-in) and Morpho Blue, the extension built with that
 * devnet's markets file (contract 3, `LG_MARKETS`), and an injected wallet on each page (the runtime's
 * wallet detection finds the account; the badges follow).
 *
 * The extension's UI lives in closed shadow roots: the page (and Playwright's page-side selectors) cannot
 * see into them. The tests read them the way DevTools does, through the Chrome DevTools Protocol
 * (`DOM.getDocument` with `pierce: true` returns closed shadow trees too).
 *
 * One browser and devnet for the file; the tests run in order.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { parseEther, parseUnits, toHex, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@wxt-dev/browser';
import {
  ANVIL_ACCOUNTS,
  aaveTokensForMorpho,
  aaveV3,
  aaveV4,
  compoundV3,
  deployCometStandIn,
  deployMorphoBlue,
  devnetMarketsFile,
  morphoBlue,
  morphoMarketConfig,
  startDevnet,
  type CometDevnet,
  type Devnet,
  type MorphoDevnet,
} from '../../lib/devnet/index.ts';
import { builtinChains } from '../../lib/markets/index.ts';
import { formatPrice } from '../../lib/format/number.ts';
import { badgeText, nearestLeg } from '../../lib/sites/page-badge.ts';
import type { PositionReport } from '../../lib/risk/report.ts';
import { aavePage, type AaveFixture } from '../fixtures/sites/aave.ts';
import { aaveProPage } from '../fixtures/sites/aave-pro.ts';
import { compoundPage } from '../fixtures/sites/compound.ts';
import { morphoPage } from '../fixtures/sites/morpho.ts';
import { sparkPage } from '../fixtures/sites/spark.ts';
import { startSiteServer, type SiteServer } from '../fixtures/sites/serve.ts';
import { buildExtension, ROOT } from './helpers/build.ts';
import { launchWithExtension, piercedDocument, readStorage, waitFor, type ExtensionBrowser } from './helpers/chromium.ts';
import { aaveDashboard } from './helpers/dashboard.ts';
import { tearDown } from './helpers/teardown.ts';

declare const chrome: typeof Browser;

const run = promisify(execFile);
const ALICE = ANVIL_ACCOUNTS[1]!;
const CAROL = ANVIL_ACCOUNTS[3]!;
const DEVNET_CHAIN = '0x7a69';
const EVIL = '<img src=x onerror=alert(1)>';
const HOSTS = ['app.aave.com', 'app.spark.fi', 'app.compound.finance', 'app.morpho.org', 'pro.aave.com'];

let devnet: Devnet;
let comet: CometDevnet;
let morpho: MorphoDevnet;
let server: SiteServer;
let browser: ExtensionBrowser;
let extensionDir: string;
let marketsPath: string;
let locale: string;
const dialogs: string[] = [];
const timings: Record<string, number> = {};

// ——— CLI (contract 2) ———

interface CliLeg { symbol: string; address: string; price: number; liquidationPrice: number | null; distance: number | null }
interface CliPosition { protocol: string; market: string; account: string; quote: string; healthFactor: number | null; collateral: CliLeg[]; debt: CliLeg[] }

async function cli(account: Address): Promise<CliPosition[]> {
  const { stdout } = await run(process.execPath, ['--experimental-strip-types', '--no-warnings', 'lib/cli/main.ts', 'scan', '--markets', marketsPath, '--account', account, '--json'], { cwd: ROOT });
  return (JSON.parse(stdout) as { positions: CliPosition[] }).positions;
}
async function cliPosition(account: Address, protocol: string): Promise<CliPosition> {
  const p = (await cli(account)).find((x) => x.protocol === protocol);
  expect(p, `CLI position ${protocol}`).toBeDefined();
  return p!;
}
const expectedText = (leg: CliLeg, side: 'collateral' | 'debt', quote: string) => badgeText(leg, side, quote, locale);
/** The summary beside the page's health factor: the leg nearest to liquidation by the extension's rule, from the CLI's numbers. */
function expectedSummary(p: CliPosition): string {
  const near = nearestLeg(p as unknown as PositionReport)!;
  return `Guard: nearest ${near.leg.symbol} ${expectedText(near.leg as CliLeg, near.side, p.quote)}`;
}

// ——— Reading the closed shadow roots through CDP ———

interface CdpNode {
  nodeType: number;
  nodeName: string;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  shadowRootType?: string;
}
interface GuardHost {
  /** data-cy / data-testid / tag path of the nearest page ancestors that say where the host is. */
  where: string;
  /** Direct child of <body> (the floating panel). */
  panel: boolean;
  hostAttributes: number;
  shadowRootType: string | undefined;
  buttons: { text: string; title: string; className: string }[];
  /** Every text in the shadow tree except CSS. */
  text: string;
  symbols: string[];
  elements: string[];
}

const attr = (n: CdpNode, name: string) => {
  const a = n.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
};
/** What the user reads: text is painted on canvases (role="img", named by aria-label), see entrypoints/dapp.content/paint.ts. */
const textIn = (n: CdpNode): string =>
  n.nodeType === 3 ? (n.nodeValue ?? '') : n.localName === 'style' ? '' : n.localName === 'canvas' ? (attr(n, 'aria-label') ?? '') : (n.children ?? []).map(textIn).join('');
/** Text with element boundaries as spaces, collapsed ("WETH / USDC 2 2,500"). */
const spaced = (n: CdpNode): string => {
  const inner = (m: CdpNode): string => (m.nodeType === 3 ? (m.nodeValue ?? '') : (m.children ?? []).map(inner).join(' '));
  return inner(n).replace(/\s+/g, ' ').trim();
};
/** How a test names a page element: its data-cy / data-testid, else `tag:text` (`row:` for ARIA rows). */
const describe_ = (n: CdpNode): string =>
  attr(n, 'data-cy') ?? attr(n, 'data-testid') ?? `${attr(n, 'role') === 'row' ? 'row' : n.localName}:${spaced(n).slice(0, 40)}`;

async function guardHosts(page: Page): Promise<GuardHost[]> {
  const root = await piercedDocument<CdpNode>(page);
  const out: GuardHost[] = [];
  const walk = (n: CdpNode, ancestors: CdpNode[], previous?: CdpNode) => {
    if (n.localName === 'liquidation-guard') {
      const shadow = n.shadowRoots?.[0];
      const buttons: GuardHost['buttons'] = [];
      const symbols: string[] = [];
      const elements: string[] = [];
      const inner = (m: CdpNode) => {
        if (m.nodeType === 1) elements.push(m.localName!);
        if (m.localName === 'button') buttons.push({ text: textIn(m), title: attr(m, 'title') ?? '', className: attr(m, 'class') ?? '' });
        if (attr(m, 'class') === 'sym') symbols.push(textIn(m));
        for (const c of m.children ?? []) inner(c);
      };
      if (shadow) inner(shadow);
      const marked = [...ancestors].reverse().find((a) => attr(a, 'data-cy') || attr(a, 'data-testid') || ['tr', 'li'].includes(a.localName ?? '') || attr(a, 'role') === 'row');
      out.push({
        where: marked ? describe_(marked) : previous ? `after:${describe_(previous)}` : '',
        panel: ancestors.at(-1)?.localName === 'body',
        hostAttributes: (n.attributes?.length ?? 0) / 2,
        shadowRootType: shadow?.shadowRootType,
        buttons,
        text: shadow ? textIn(shadow) : '',
        symbols,
        elements,
      });
      return;
    }
    const next = n.nodeType === 1 ? [...ancestors, n] : ancestors;
    const elements = (n.children ?? []).filter((c) => c.nodeType === 1);
    elements.forEach((c, i) => walk(c, next, elements[i - 1]));
    for (const s of n.shadowRoots ?? []) walk(s, next);
  };
  walk(root, []);
  return out;
}

/** Poll the page's guard hosts until `accept` holds. */
function hostsUntil(page: Page, accept: (hosts: GuardHost[]) => boolean, what: string, timeoutMs = 20_000): Promise<GuardHost[]> {
  return waitFor(() => guardHosts(page), accept, timeoutMs, what);
}
/** The badge buttons of a host (not the panel's collapse toggle). */
const badgeButtons = (h: GuardHost) => h.buttons.filter((b) => b.className.startsWith('b '));
const rowBadges = (hosts: GuardHost[]) => Object.fromEntries(hosts.filter((h) => !h.panel && h.buttons.length === 1).map((h) => [h.where, h.buttons[0]!.text]));

// ——— Extension plumbing ———

async function extensionPage(): Promise<Page> {
  const pages = browser.context.pages().filter((p) => p.url().startsWith(`chrome-extension://${browser.extensionId}/options.html`));
  return pages[0] ?? browser.openExtensionPage('options.html');
}
async function send(message: Record<string, unknown>): Promise<unknown> {
  const page = await extensionPage();
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message);
}
async function refresh(): Promise<void> {
  expect(await send({ type: 'refresh' })).toMatchObject({ ok: true });
}

async function openDapp(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  return page;
}

/** Set a devnet token's `symbol()` (MintableERC20: OpenZeppelin string `_symbol` at storage slot 4). */
async function setTokenSymbol(token: Address, symbol: string): Promise<void> {
  const bytes = new TextEncoder().encode(symbol);
  if (bytes.length > 31) throw new Error('short strings only');
  const word = new Uint8Array(32);
  word.set(bytes);
  word[31] = bytes.length * 2;
  await devnet.client.request({ method: 'anvil_setStorageAt' as never, params: [token, toHex(4, { size: 32 }), toHex(word)] as never });
}

// ——— Fixture data from the devnet ———

const wallet = (account: Address) => ({ accounts: [account.toLowerCase()], chainIdHex: DEVNET_CHAIN });
function aaveData(over: Partial<AaveFixture> = {}): AaveFixture {
  const r = devnet.aave.reserves;
  return aaveDashboard(devnet, {
    offers: [
      { symbol: 'WETH', address: r.WETH.address, amount: '0' },
      { symbol: 'WBTC', address: r.WBTC.address, amount: '0' },
      { symbol: 'USDC', address: r.USDC.address, amount: '0' },
    ],
    ...over,
  });
}

beforeAll(async () => {
  let t = performance.now();
  devnet = await startDevnet();
  // Alice: Aave 10 WETH / 12 000 USDC (HF 1.375), Compound 5 WETH / 6 000 USDC, Morpho 2 WETH / 2 500 USDC.
  await aaveV3.openPosition(devnet, { account: ALICE, supply: { WETH: aaveV3.toUnits('WETH', 10) }, borrow: { USDC: aaveV3.toUnits('USDC', 12000) } });
  comet = await deployCometStandIn(devnet);
  await compoundV3.openPosition(comet, { account: ALICE, collateral: { WETH: parseEther('5') }, borrow: 6_000n * 10n ** 6n });
  morpho = await deployMorphoBlue(devnet.rpcUrl, { tokens: aaveTokensForMorpho(devnet) });
  await morphoBlue.openPosition(morpho, { account: ALICE, market: morpho.markets['WETH/USDC'], collateral: parseEther('2'), borrow: parseUnits('2500', 6) });
  // Aave v4 (stand-in Spoke): 4 WETH / 5 000 USDC.
  await aaveV4.openPosition(devnet, { account: ALICE, spoke: 'main', supply: { WETH: parseEther('4') }, borrow: { USDC: parseUnits('5000', 6) } });
  // Carol: a token whose symbol is HTML. The devnet DAI (a MintableERC20) is renamed in place, before the
  // extension ever reads it: every reader then gets `<img src=x onerror=alert(1)>` from symbol().
  await setTokenSymbol(devnet.aave.reserves.DAI.address, EVIL);
  await aaveV3.openPosition(devnet, { account: CAROL, supply: { DAI: aaveV3.toUnits('DAI', 20_000) }, borrow: { USDC: aaveV3.toUnits('USDC', 12_000) } });
  timings.devnetMs = Math.round(performance.now() - t);

  const dir = mkdtempSync(join(tmpdir(), 'lg-dapp-e2e-'));
  marketsPath = join(dir, 'markets.json');
  writeFileSync(marketsPath, JSON.stringify(devnetMarketsFile(devnet, { extraMarkets: [comet.market, morphoMarketConfig(morpho), devnet.aaveV4.spokes.main.market] })));
  t = performance.now();
  [extensionDir, server] = await Promise.all([buildExtension('chrome', { LG_MARKETS: marketsPath }), startSiteServer(HOSTS)]);
  timings.buildMs = Math.round(performance.now() - t);
  browser = await launchWithExtension(extensionDir, { resolverRules: server.resolverRules });
  // No internet here: switch the built-in chains off, as a user would, so only the devnet is read.
  for (const c of builtinChains) await send({ type: 'set-chain', chainId: c.chainId, enabled: false });
  // A wallet a page reports is watched only once the user confirms it (issue 11, tested in trust.test.ts):
  // here the user watches both accounts up front, so each page's detection finds a known account.
  for (const account of [ALICE, CAROL]) expect(await send({ type: 'add-account', address: account })).toMatchObject({ ok: true });
}, 300_000);

afterAll(async () => {
  console.log('dapp e2e timings (ms):', JSON.stringify(timings));
  await tearDown({ browser, server, devnet, extensionDir });
});

describe('badges on the dapp pages', () => {
  let aave: Page;

  it('Aave: badges on the supplied and borrowed rows equal the CLI, summary beside the health factor', async () => {
    server.set('app.aave.com', aavePage(aaveData(), wallet(ALICE)));
    const started = performance.now();
    aave = await openDapp('https://app.aave.com/dashboard');
    locale = await aave.evaluate(() => new Intl.NumberFormat().resolvedOptions().locale);
    const hosts = await hostsUntil(aave, (h) => h.length === 3, 'badges on the Aave dashboard', 30_000);
    timings.aaveFirstBadgesMs = Math.round(performance.now() - started);

    const cliAave = await cliPosition(ALICE, 'aave-v3');
    const [weth, usdc] = [cliAave.collateral[0]!, cliAave.debt[0]!];
    expect(rowBadges(hosts)).toEqual({
      dashboardSuppliedListItem_WETH_Collateral: expectedText(weth, 'collateral', 'USD'),
      dashboardBorrowedListItem_USDC: expectedText(usdc, 'debt', 'USD'),
      'after:HealthFactorTopPannel': expectedSummary(cliAave),
    });
    expect(expectedText(weth, 'collateral', 'USD')).toBe('Liq. $1,455 \u00b7 \u221227.2%'); // 1454.54…, 27.27 %, cautious rounding
    // The tooltip carries the CLI's liquidation price to the cent.
    const wethHost = hosts.find((h) => h.where.startsWith('dashboardSuppliedListItem_WETH'))!;
    expect(wethHost.buttons[0]!.title).toContain(formatPrice(weth.liquidationPrice!, 'USD', locale));
    expect(wethHost.buttons[0]!.className).toBe('b lvl-ok');
    // Closed shadow roots, hosts without any attribute; the offers lists ("Assets to supply") get nothing.
    for (const h of hosts) {
      expect(h.shadowRootType).toBe('closed');
      expect(h.hostAttributes).toBe(0);
      expect(h.where).not.toMatch(/dashboardSupplyListItem_/);
    }
    // The page's own view of the host: empty, no shadowRoot property.
    expect(await aave.evaluate(() => [...document.querySelectorAll('liquidation-guard')].map((h) => [h.shadowRoot, h.innerHTML, h.attributes.length]))).toEqual([
      [null, '', 0],
      [null, '', 0],
      [null, '', 0],
    ]);
  });

  it('Aave: a re-render that drops the rows gets the badges back', async () => {
    await aave.evaluate(() => (window as unknown as { __fixture: { rerender(): void } }).__fixture.rerender());
    const t = performance.now();
    const hosts = await hostsUntil(aave, (h) => h.length === 3, 'badges back after a re-render');
    timings.reattachMs = Math.round(performance.now() - t);
    expect(Object.keys(rowBadges(hosts)).sort()).toEqual(['after:HealthFactorTopPannel', 'dashboardBorrowedListItem_USDC', 'dashboardSuppliedListItem_WETH_Collateral']);
  });

  it('Aave: SPA navigation to the markets page shows the panel, back to the dashboard the badges', async () => {
    await aave.click('a[href="/markets"]');
    const onMarkets = await hostsUntil(aave, (h) => h.length === 1 && h[0]!.panel, 'the floating panel on /markets');
    const cliAave = await cliPosition(ALICE, 'aave-v3');
    expect(onMarkets[0]!.text).toContain('Devnet Aave');
    expect(badgeButtons(onMarkets[0]!).map((b) => b.text)).toEqual([
      expectedSummary(cliAave).replace(/^Guard: /, ''),
      expectedText(cliAave.collateral[0]!, 'collateral', 'USD'),
      expectedText(cliAave.debt[0]!, 'debt', 'USD'),
    ]);
    await aave.click('a[href="/dashboard"]');
    const back = await hostsUntil(aave, (h) => h.length === 3 && !h.some((x) => x.panel), 'badges back on the dashboard');
    expect(rowBadges(back).dashboardSuppliedListItem_WETH_Collateral).toBe(expectedText(cliAave.collateral[0]!, 'collateral', 'USD'));
    await aave.goBack();
    await hostsUntil(aave, (h) => h.length === 1 && h[0]!.panel, 'the panel after history back');
    await aave.goForward();
    await hostsUntil(aave, (h) => h.length === 3, 'badges after history forward');
  });

  it('Aave: badges follow the snapshot live when the price moves (no reload)', async () => {
    await aaveV3.setPrice(devnet, { symbol: 'WETH', price: 1750n * 10n ** 8n });
    await refresh();
    const cliAave = await cliPosition(ALICE, 'aave-v3');
    const want = expectedText(cliAave.collateral[0]!, 'collateral', 'USD');
    expect(want).toMatch(/−16\.\d%$/); // 1454.54 / 1750: 16.9 % away now
    const hosts = await hostsUntil(aave, (h) => rowBadges(h).dashboardSuppliedListItem_WETH_Collateral === want, 'the badge to follow the new price');
    expect(rowBadges(hosts).dashboardBorrowedListItem_USDC).toBe(expectedText(cliAave.debt[0]!, 'debt', 'USD'));
    expect(hosts.find((h) => h.where.startsWith('dashboardSupplied'))!.buttons[0]!.className).toBe('b lvl-warn'); // HF-equivalent 1.20 < 1.25
  });

  it('Aave: a click on a badge opens the simulator for that position', async () => {
    const box = await aave.locator('[data-cy^="dashboardSuppliedListItem_WETH"] liquidation-guard').boundingBox();
    expect(box).not.toBeNull();
    const opened = browser.context.waitForEvent('page', { timeout: 10_000 });
    await aave.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    const popup = await opened;
    await popup.waitForLoadState();
    expect(decodeURIComponent(new URL(popup.url()).search)).toBe(`?position=31337:aave-v3:Devnet Aave:${ALICE.toLowerCase()}`);
    expect(popup.url()).toMatch(/^chrome-extension:\/\/[a-z]+\/popup\.html\?/);
    await popup.close();
    // A script's click on the host is not a user's: nothing opens.
    const pagesBefore = browser.context.pages().length;
    await aave.evaluate(() => (document.querySelector('liquidation-guard') as HTMLElement).click());
    await aave.waitForTimeout(500);
    expect(browser.context.pages().length).toBe(pagesBefore);
  });

  it('Spark: the same devnet position on the Deposit / Borrow rows (SparkLend is an Aave v3 fork)', async () => {
    server.set('app.spark.fi', sparkPage({
      healthFactor: '1.20',
      deposits: [{ symbol: 'WETH', address: devnet.aave.reserves.WETH.address, amount: '10' }],
      borrows: [{ symbol: 'USDC', address: devnet.aave.reserves.USDC.address, amount: '12,000' }],
    }, wallet(ALICE)));
    const page = await openDapp('https://app.spark.fi/my-portfolio');
    const hosts = await hostsUntil(page, (h) => h.length === 3, 'badges on Spark');
    const cliAave = await cliPosition(ALICE, 'aave-v3');
    expect(rowBadges(hosts)).toEqual({
      'component-DataTable-row-0': expect.any(String),
      'after:component-HealthFactorGauge-value': expectedSummary(cliAave),
    });
    const texts = hosts.filter((h) => h.where === 'component-DataTable-row-0').map((h) => h.buttons[0]!.text).sort();
    expect(texts).toEqual([expectedText(cliAave.collateral[0]!, 'collateral', 'USD'), expectedText(cliAave.debt[0]!, 'debt', 'USD')].sort());
    await page.click('a[href="/markets"]');
    await hostsUntil(page, (h) => h.length === 1 && h[0]!.panel, 'the panel on Spark /markets');
    await page.close();
  });

  it('Compound: collateral and base rows by text (low-confidence anchors), values equal the CLI', async () => {
    const r = devnet.aave.reserves;
    server.set('app.compound.finance', compoundPage({
      base: { symbol: 'USDC', address: r.USDC.address, amount: '6,000' },
      collateral: [{ symbol: 'WETH', address: r.WETH.address, amount: '5' }, { symbol: 'WBTC', address: r.WBTC.address, amount: '0' }],
      liquidationRisk: '67%',
    }, wallet(ALICE)));
    const page = await openDapp('https://app.compound.finance/');
    const hosts = await hostsUntil(page, (h) => h.length === 3, 'badges on Compound');
    const cliComet = await cliPosition(ALICE, 'compound-v3');
    expect(rowBadges(hosts)).toEqual({
      'li:WETH 5 Withdraw': expectedText(cliComet.collateral[0]!, 'collateral', 'USD'),
      'li:USDC 6,000 Repay': expectedText(cliComet.debt[0]!, 'debt', 'USD'),
      'after:label:Liquidation risk': expectedSummary(cliComet),
    });
    // The URL selects another chain's market: the rows are not this position's; the panel says so.
    await page.goto('https://app.compound.finance/?market=usdc-basemainnet');
    const other = await hostsUntil(page, (h) => h.length === 1 && h[0]!.panel, 'the panel for another market');
    expect(other[0]!.text).toContain('Not the market shown on this page');
    await page.close();
  });

  it('Morpho: dashboard rows by market link, the market page by text, values equal the CLI (quoted in USDC)', async () => {
    const m = morpho.markets['WETH/USDC'];
    server.set('app.morpho.org', morphoPage({
      chain: '31337',
      markets: [{ id: m.id, collateral: { symbol: 'WETH', address: m.collateral.address, amount: '2' }, loan: { symbol: 'USDC', address: m.loan.address, amount: '2,500' }, healthFactor: '1.37' }],
    }, wallet(ALICE)));
    const cliMorpho = await cliPosition(ALICE, 'morpho-blue');
    expect(cliMorpho.quote).toBe('USDC');
    const page = await openDapp('https://app.morpho.org/dashboard');
    const dash = await hostsUntil(page, (h) => h.length === 1 && !h[0]!.panel, 'the badge on the Morpho dashboard row');
    expect(dash[0]!.where).toBe('tr:WETH / USDC 2 2,500');
    expect(dash[0]!.buttons[0]!.text).toBe(expectedText(cliMorpho.collateral[0]!, 'collateral', 'USDC'));
    await page.click(`a[href^="/31337/market/${m.id}"]`);
    const market = await hostsUntil(page, (h) => h.length === 3, 'badges on the Morpho market page');
    expect(rowBadges(market)).toEqual({
      'row:WETH 2': expectedText(cliMorpho.collateral[0]!, 'collateral', 'USDC'),
      'row:USDC 2,500': expectedText(cliMorpho.debt[0]!, 'debt', 'USDC'),
      'after:span:Health factor': expectedSummary(cliMorpho),
    });
    await page.close();
  });

  it('Aave v4 on pro.aave.com: no anchors claimed, the floating panel lists the v4 position with the CLI’s numbers', async () => {
    server.set('pro.aave.com', aaveProPage({ title: 'Aave Pro' }, wallet(ALICE)));
    const page = await openDapp('https://pro.aave.com/');
    const hosts = await hostsUntil(page, (h) => h.length === 1 && h[0]!.panel, 'the floating panel on pro.aave.com', 30_000);
    const cliV4 = await cliPosition(ALICE, 'aave-v4');
    expect(hosts[0]!.text).toContain('Devnet Aave v4 Main');
    expect(hosts[0]!.symbols).toEqual(['WETH', 'USDC']);
    expect(badgeButtons(hosts[0]!).slice(1).map((b) => b.text)).toEqual([expectedText(cliV4.collateral[0]!, 'collateral', 'USD'), expectedText(cliV4.debt[0]!, 'debt', 'USD')]);
    await page.close();
  });

  it('a page with no known anchors (Aave mobile layout) gets the floating panel; collapsing it is remembered', async () => {
    server.set('app.aave.com', aavePage(aaveData({ layout: 'mobile' }), wallet(ALICE)));
    const page = await openDapp('https://app.aave.com/dashboard');
    const hosts = await hostsUntil(page, (h) => h.length === 1 && h[0]!.panel, 'the floating panel');
    const cliAave = await cliPosition(ALICE, 'aave-v3');
    expect(hosts[0]!.symbols).toEqual(['WETH', 'USDC']);
    expect(badgeButtons(hosts[0]!).slice(1).map((b) => b.text)).toEqual([expectedText(cliAave.collateral[0]!, 'collateral', 'USD'), expectedText(cliAave.debt[0]!, 'debt', 'USD')]);
    // Collapse with a real click on the toggle (bottom-right corner panel), reload: still collapsed.
    const box = (await page.locator('body > liquidation-guard').boundingBox())!;
    await page.mouse.click(box.x + box.width - 14, box.y + 14);
    const stored = await waitFor(async () => (await readStorage(browser))['dapp-panel'] as { sites?: { aave?: { collapsed: boolean } } } | undefined, (v) => v?.sites?.aave?.collapsed === true, 5_000, 'the collapse to be stored');
    expect(stored!.sites!.aave).toMatchObject({ collapsed: true });
    // Drag it by its header to the top-left area; the place is stored for this site.
    const collapsed = (await page.locator('body > liquidation-guard').boundingBox())!;
    await page.mouse.move(collapsed.x + 40, collapsed.y + 12);
    await page.mouse.down();
    await page.mouse.move(200, 150, { steps: 5 });
    await page.mouse.up();
    const moved = await waitFor(async () => ((await readStorage(browser))['dapp-panel'] as { sites: { aave: { x: number; y: number; collapsed: boolean } } }).sites.aave, (v) => v.x < 200 && v.y < 150, 5_000, 'the new place to be stored');
    expect(moved).toMatchObject({ x: Math.round(collapsed.x + 200 - (collapsed.x + 40)), y: Math.round(collapsed.y + 150 - (collapsed.y + 12)), collapsed: true });
    await page.reload();
    const again = await hostsUntil(page, (h) => h.length === 1 && h[0]!.panel, 'the panel after reload');
    expect(again[0]!.buttons.find((b) => b.className === 'x')?.text).toBe('+');
    const box2 = (await page.locator('body > liquidation-guard').boundingBox())!;
    expect([Math.round(box2.x), Math.round(box2.y)]).toEqual([moved.x, moved.y]);
    await page.close();
  });

  it('a token whose symbol is HTML renders as text (devnet DAI renamed to <img src=x onerror=alert(1)>)', async () => {
    const [carol] = await cli(CAROL);
    expect(carol!.collateral[0]!.symbol).toBe(EVIL); // the chain says so, the CLI repeats it
    server.set('app.aave.com', aavePage(aaveData({ layout: 'mobile', supplies: [{ symbol: EVIL, address: devnet.aave.reserves.DAI.address, amount: '20,000' }] }), wallet(CAROL)));
    const page = await openDapp('https://app.aave.com/dashboard');
    const panel = await hostsUntil(page, (h) => h.length === 1 && h[0]!.symbols.length === 2, "Carol's panel", 30_000);
    expect(panel[0]!.symbols).toEqual([EVIL, 'USDC']);
    expect(panel[0]!.elements).not.toContain('img');
    expect(panel[0]!.text).toContain(EVIL);
    // Desktop layout: the row's badge (matched by address), its tooltip names the symbol as text.
    server.set('app.aave.com', aavePage(aaveData({ supplies: [{ symbol: EVIL, address: devnet.aave.reserves.DAI.address, amount: '20,000' }] }), wallet(CAROL)));
    await page.reload();
    const rows = await hostsUntil(page, (h) => h.length === 3, "Carol's badges");
    const row = rows.find((h) => h.where.startsWith('dashboardSuppliedListItem_'))!;
    expect(row.where).toBe(`dashboardSuppliedListItem_${EVIL.toUpperCase()}_Collateral`);
    expect(row.buttons[0]!.text).toBe(expectedText(carol!.collateral[0]!, 'collateral', 'USD'));
    expect(row.buttons[0]!.title.startsWith(`${EVIL} (collateral)`)).toBe(true);
    expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('cleans up when the extension is reloaded', async () => {
    server.set('app.aave.com', aavePage(aaveData(), wallet(ALICE)));
    const page = await openDapp('https://app.aave.com/dashboard');
    await hostsUntil(page, (h) => h.length === 3, 'badges before the reload');
    const worker = await browser.worker();
    await worker.evaluate(() => chrome.runtime.reload()).catch(() => {});
    const t = performance.now();
    await hostsUntil(page, (h) => h.length === 0, 'the badges to go away', 10_000);
    timings.cleanupAfterReloadMs = Math.round(performance.now() - t);
    await page.close();
  });
});

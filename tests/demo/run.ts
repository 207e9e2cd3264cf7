/**
 * `npm run demo`: the guard doing its job with no wallet and no internet.
 *
 * Starts the devnet (real Aave v3 and Morpho Blue, plus our Comet stand-in), opens positions at different
 * risk levels for two demo accounts, serves demo pages under the real dapp host names (local HTTPS, host
 * mapping), builds the extension with the devnet's markets file (contract 3), and starts Chromium with it.
 * With a display it opens a normal window and waits for Ctrl-C; without one it runs headless, walks the
 * story (page badges, popup, a price drop, the alert, a simulated repay), writes screenshots to a folder it
 * names at the end, and exits. Everything it starts is stopped on exit or Ctrl-C.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import {
  ANVIL_ACCOUNTS,
  aaveV3,
  aaveV4,
  compoundV3,
  devnetMarketsFile,
  morphoBlue,
  morphoOraclePrice,
  startDevnet,
  type Devnet,
} from '../../lib/devnet/index.ts';
import { aavePage } from '../fixtures/sites/aave.ts';
import { aaveProPage } from '../fixtures/sites/aave-pro.ts';
import { compoundPage } from '../fixtures/sites/compound.ts';
import { morphoPage } from '../fixtures/sites/morpho.ts';
import { startSiteServer, type SiteServer } from '../fixtures/sites/serve.ts';
import { buildExtension, removeBuild } from '../e2e/helpers/build.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOSTS = ['app.aave.com', 'app.compound.finance', 'app.morpho.org', 'pro.aave.com'];
const ALICE = ANVIL_ACCOUNTS[1]!; // the "connected" wallet on the demo pages: risky positions
const BOB = ANVIL_ACCOUNTS[2]!; // a watch-only address: one safe position
const headless = process.env.LG_DEMO_HEADLESS === '1' || !process.env.DISPLAY;
const outDir = resolve(process.env.LG_DEMO_OUT ?? join('test-results', 'demo', new Date().toISOString().replace(/[:.]/g, '-')));

const cleanups: (() => Promise<unknown> | unknown)[] = [];
let stopping = false;
async function cleanup() {
  if (stopping) return;
  stopping = true;
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch {
      // keep going: every process must be stopped
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.log(`\n${signal}: stopping the demo…`);
    void cleanup().then(() => process.exit(130));
  });
}

const step = (text: string) => console.log(`• ${text}`);

async function openPositions(devnet: Devnet) {
  const r = devnet.aave.reserves;
  await aaveV3.openPosition(devnet, { account: ALICE, supply: { WETH: aaveV3.toUnits('WETH', '10') }, borrow: { USDC: aaveV3.toUnits('USDC', '12000') } });
  await morphoBlue.openPosition(devnet, { account: ALICE, market: devnet.morpho.markets['WETH/USDC'], collateral: aaveV3.toUnits('WETH', '2'), borrow: 2_600n * 10n ** 6n });
  await compoundV3.openPosition(devnet.compound, { account: ALICE, collateral: { WETH: aaveV3.toUnits('WETH', '5') }, borrow: 6_000n * 10n ** 6n });
  await aaveV3.openPosition(devnet, { account: BOB, supply: { WBTC: aaveV3.toUnits('WBTC', '2') }, borrow: { DAI: aaveV3.toUnits('DAI', '30000') } });
  // Bob also borrows on the real Aave 3.6 market (its math differs from 3.0.2's; the popup follows each).
  await aaveV3.openPosition(devnet.aave36, { account: BOB, supply: { WETH: aaveV3.toUnits('WETH', '5') }, borrow: { USDC: aaveV3.toUnits('USDC', '6500') } });
  // Aave v4 (stand-in Spoke): 4 WETH / 5,000 USDC, then governance lowers WETH's collateral factor for new
  // positions (80 % → 75 %): Alice keeps her terms, and the popup says so.
  await aaveV4.openPosition(devnet, { account: ALICE, spoke: 'main', supply: { WETH: aaveV3.toUnits('WETH', '4') }, borrow: { USDC: 5_000n * 10n ** 6n } });
  await aaveV4.addDynamicConfig(devnet, { spoke: 'main', symbol: 'WETH', collateralFactor: 75_00, maxLiquidationBonus: 105_00, liquidationFee: 10_00 });
  return r;
}

function pages(devnet: Devnet, server: SiteServer) {
  const r = devnet.aave.reserves;
  const wallet = { accounts: [ALICE], chainIdHex: '0x7a69' };
  const m = devnet.morpho.markets['WETH/USDC'];
  server.set('app.aave.com', aavePage({
    marketName: 'proto_mainnet_v3',
    healthFactor: '1.37',
    supplies: [{ symbol: 'WETH', address: r.WETH.address, amount: '10.00' }],
    borrows: [{ symbol: 'USDC', address: r.USDC.address, amount: '12,000.00' }],
    offers: [{ symbol: 'WBTC', address: r.WBTC.address, amount: '0' }, { symbol: 'DAI', address: r.DAI.address, amount: '0' }],
  }, wallet));
  server.set('pro.aave.com', aaveProPage({ title: 'Aave Pro' }, wallet));
  server.set('app.compound.finance', compoundPage({
    base: { symbol: 'USDC', address: r.USDC.address, amount: '6,000' },
    collateral: [{ symbol: 'WETH', address: r.WETH.address, amount: '5' }, { symbol: 'WBTC', address: r.WBTC.address, amount: '0' }],
    liquidationRisk: '73%',
  }, wallet));
  server.set('app.morpho.org', morphoPage({
    chain: '31337',
    markets: [{ id: m.id, collateral: { symbol: 'WETH', address: m.collateral.address, amount: '2' }, loan: { symbol: 'USDC', address: m.loan.address, amount: '2,600' }, healthFactor: '1.32' }],
  }, wallet));
}

async function launch(extensionDir: string, resolverRules: string): Promise<{ context: BrowserContext; worker: () => Promise<Worker>; id: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'lg-demo-profile-'));
  cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    viewport: { width: 1280, height: 860 },
    args: [
      ...(headless ? ['--headless=new'] : []),
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`,
      `--host-resolver-rules=${resolverRules}`, '--ignore-certificate-errors',
    ],
  });
  cleanups.push(() => context.close());
  const worker = async () =>
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    context.waitForEvent('serviceworker', { timeout: 15_000 });
  const id = new URL((await worker()).url()).host;
  return { context, worker, id };
}

async function send(page: Page, message: unknown) {
  return page.evaluate((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m), message);
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  console.log('Liquidation Guard demo\n');
  step('starting the devnet (anvil with real Aave 3.0.2 and 3.6, Morpho Blue, and the Comet and Aave v4 stand-ins)…');
  const devnet = await startDevnet();
  cleanups.push(() => devnet.stop());
  await openPositions(devnet);
  step(`positions opened for ${ALICE} (connected on the demo pages) and ${BOB} (watch-only)`);

  const marketsPath = join(mkdtempSync(join(tmpdir(), 'lg-demo-')), 'markets.json');
  writeFileSync(marketsPath, JSON.stringify(devnetMarketsFile(devnet), null, 2));
  step('building the extension with the devnet markets (LG_MARKETS)…');
  const extensionDir = await buildExtension('chrome', { LG_MARKETS: marketsPath });
  cleanups.push(() => removeBuild(extensionDir));

  const server = await startSiteServer(HOSTS);
  cleanups.push(() => server.close());
  pages(devnet, server);
  step(`demo pages served as https://${HOSTS.join(', https://')} (local HTTPS, host mapping)`);

  const { context, worker, id } = await launch(extensionDir, server.resolverRules);
  step(`Chromium started ${headless ? 'headless' : 'in a window'} with the extension (${id})`);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${id}/options.html`);
  // No internet here: leave only the devnet switched on, as a user would in the options page.
  for (const chainId of (await import('../../lib/markets/index.ts')).builtinChains.map((c) => c.chainId)) {
    await send(options, { type: 'set-chain', chainId, enabled: false });
  }
  await send(options, { type: 'add-account', address: BOB, label: 'Bob (watch-only)' });

  const aave = await context.newPage();
  await aave.goto('https://app.aave.com/dashboard');
  // A wallet a page reports is only watched once the user says so in the popup (issue 11).
  const ask = await context.newPage();
  await ask.goto(`chrome-extension://${id}/popup.html`);
  await ask.getByRole('button', { name: new RegExp(`^Watch ${ALICE}$`, 'i') }).click({ timeout: 30_000 });
  await ask.close();
  step('the connected wallet was detected; "Watch" in the popup confirmed it');
  await until(() => aave.locator('liquidation-guard').count(), (n) => n >= 2, 'the badges on the Aave page');
  step('the Aave page shows liquidation prices next to each row');

  if (!headless) {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`);
    console.log('\nThe window is yours: try https://app.morpho.org/dashboard and https://app.compound.finance/ too,');
    console.log('and the popup tab (Simulate on a position). Press Ctrl-C to stop everything.');
    await new Promise(() => {});
  }

  mkdirSync(outDir, { recursive: true });
  const shot = async (page: Page, name: string) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(outDir, name), fullPage: true });
    step(`screenshot ${name}`);
  };
  await shot(aave, '01-aave-dashboard-badges.png');
  const morphoTab = await context.newPage();
  await morphoTab.goto('https://app.morpho.org/dashboard');
  await until(() => morphoTab.locator('liquidation-guard').count(), (n) => n >= 1, 'the badge on the Morpho page');
  await shot(morphoTab, '02-morpho-dashboard-badge.png');
  const proTab = await context.newPage();
  await proTab.goto('https://pro.aave.com/');
  await until(() => proTab.locator('body > liquidation-guard').count(), (n) => n >= 1, 'the floating panel on pro.aave.com');
  await shot(proTab, '02b-aave-v4-pro-panel.png');

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 }); // the largest a toolbar popup gets
  await popup.goto(`chrome-extension://${id}/popup.html`);
  await until(() => popup.locator('[data-testid="position"]').count(), (n) => n >= 4, 'four positions in the popup');
  await shot(popup, '03-popup-positions.png');

  step('WETH falls 15 % on every oracle…');
  const w = await worker();
  const price = 1700n;
  await aaveV3.setPrice(devnet, { symbol: 'WETH', price: price * 10n ** 8n });
  await morphoBlue.setPrice(devnet, { market: devnet.morpho.markets['WETH/USDC'], price: morphoOraclePrice(String(price), 18, 6) });
  await compoundV3.setPrice(devnet.compound, { symbol: 'WETH', price: price * 10n ** 8n });
  await aaveV4.setPrice(devnet, { symbol: 'WETH', price: price * 10n ** 8n });
  await send(popup, { type: 'refresh' });
  const notes = await until(
    () => w.evaluate(() => (globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, unknown>> } } }).chrome.notifications.getAll()),
    (n) => Object.keys(n).length > 0,
    'an alert',
  );
  const badge = await w.evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}));
  step(`alert raised (${Object.keys(notes).length} notification(s)); toolbar badge now "${badge}"`);
  await popup.reload();
  await until(() => popup.locator('[data-testid="position"]').count(), (n) => n >= 4, 'the popup after the drop');
  await shot(popup, '04-popup-after-price-drop.png');
  await aave.reload();
  await until(() => aave.locator('liquidation-guard').count(), (n) => n >= 2, 'the badges after the drop');
  await shot(aave, '05-aave-after-price-drop.png');

  step('simulating a repay of 3,000 USDC on the Aave position…');
  const card = popup.locator(`[data-testid="position"][data-position-key*=":aave-v3:"][data-position-key$=":${ALICE.toLowerCase()}"]`);
  // With several positions every card starts closed (each HF in view): open Alice's Aave loan first.
  await card.getByTestId('position-toggle').click();
  await card.getByTestId('simulate').click();
  await card.getByTestId('sim-amount').fill('3000');
  const after = (await card.getByTestId('sim-hf-after').textContent())?.trim();
  step(`the simulator says the health factor would be ${after} after repaying 3,000 USDC`);
  await card.screenshot({ path: join(outDir, '06-popup-simulated-repay.png') });
  step('screenshot 06-popup-simulated-repay.png');

  console.log(`\nDone. Screenshots are in ${outDir}`);
}

main()
  .then(async () => {
    await cleanup();
    process.exit(0);
  })
  .catch(async (error: unknown) => {
    console.error(`\nThe demo failed: ${(error as Error).stack ?? String(error)}`);
    await cleanup();
    process.exit(1);
  });

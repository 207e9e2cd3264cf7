/**
 * The popup in real Chromium with the built extension, against a real Aave v3 market on a devnet
 * (issue 6, "Prove it"):
 * - the devnet is built into the extension (contract 3: LG_MARKETS), accounts are added and refreshed through
 *   the message contract, and the popup page shows the positions the background wrote;
 * - simulate repaying N USDC → note the HF; repay N USDC on the devnet for real and refresh → the popup's HF
 *   is the simulated one, to the digits shown (and to 1e-6 in the exact value behind them);
 * - each kind of proposal (repay, add collateral, sell-to-repay) done on-chain as displayed → HF reaches the
 *   target, in the popup and in the Pool's own getUserAccountData;
 * - a screenshot of a risky position goes to test-results/ (git-ignored).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import { builtinChains } from '../../lib/markets/index.ts';
import { ANVIL_ACCOUNTS, aaveV3, devnetMarketsFile, startDevnet, type Devnet } from '../../lib/devnet/index.ts';
import { buildExtension, ROOT } from './helpers/build.ts';
import { runScan } from '../../lib/cli/scan.ts';
import { launchWithExtension, type ExtensionBrowser } from './helpers/chromium.ts';

/** Code given to `evaluate` runs inside the extension, where `chrome` exists. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> } };

const ALICE = ANVIL_ACCOUNTS[1]! as Address; // repay: simulated vs real, then the repay proposal
const BOB = ANVIL_ACCOUNTS[2]! as Address; // the add-collateral proposal
const CAROL = ANVIL_ACCOUNTS[3]! as Address; // the sell-to-repay proposal
const RESULTS = join(ROOT, 'test-results');
const WAD = 10n ** 18n;

let devnet: Devnet;
let browser: ExtensionBrowser;
let popup: Page;
const timings: Record<string, number> = {};

async function send(page: Page, message: Record<string, unknown>): Promise<unknown> {
  const reply = await page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  if (!reply?.ok) throw new Error(`${String(message.type)}: ${reply?.error}`);
  return reply.value;
}

const card = (account: Address): Locator => popup.locator(`[data-testid="position"][data-position-key$=":${account.toLowerCase()}"]`);
const hfText = async (account: Address) => (await card(account).getByTestId('hf').textContent())!.trim();
const hfWad = async (account: Address) => BigInt((await card(account).getByTestId('hf').getAttribute('data-hf-wad'))!);
const amountOf = (text: string) => text.replace(/,/g, '');

/** With several positions every card starts closed (each HF in view); open one as a user would. */
async function openCard(account: Address): Promise<void> {
  const toggle = card(account).getByTestId('position-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
}

/** Refresh through the popup's own button, and wait until the card shows data from a newer block. */
async function refreshFromPopup(account: Address): Promise<void> {
  const before = await card(account).getByTestId('age').getAttribute('title');
  await popup.getByTestId('refresh').click();
  await expect.poll(() => card(account).getByTestId('age').getAttribute('title'), { timeout: 20_000 }).not.toBe(before);
  await expect.poll(() => popup.getByTestId('refresh').textContent()).toBe('Refresh');
}

beforeAll(async () => {
  const started = performance.now();
  devnet = await startDevnet();
  // Alice: 10 WETH at $2000 (LT 82.5 %) against 15 400 USDC: HF 16 500 / 15 400 = 1.07 (urgent).
  await aaveV3.openPosition(devnet, { account: ALICE, supply: { WETH: aaveV3.toUnits('WETH', 10) }, borrow: { USDC: aaveV3.toUnits('USDC', 15400) } });
  // Bob: 5 WETH against 6 000 USDC: HF 8 250 / 6 000 = 1.375. Carol: 8 WETH against 11 000 USDC: 1.2.
  await aaveV3.openPosition(devnet, { account: BOB, supply: { WETH: aaveV3.toUnits('WETH', 5) }, borrow: { USDC: aaveV3.toUnits('USDC', 6000) } });
  await aaveV3.openPosition(devnet, { account: CAROL, supply: { WETH: aaveV3.toUnits('WETH', 8) }, borrow: { USDC: aaveV3.toUnits('USDC', 11000) } });
  const dir = mkdtempSync(join(tmpdir(), 'lg-popup-e2e-'));
  const markets = join(dir, 'markets.json');
  writeFileSync(markets, JSON.stringify(devnetMarketsFile(devnet)));
  // Contract 3: the devnet is part of this build (switched on), so nothing needs importing at run time.
  const extension = await buildExtension('chrome', { LG_MARKETS: markets });
  timings.devnetAndBuildMs = Math.round(performance.now() - started);
  browser = await launchWithExtension(extension);
  popup = await browser.openExtensionPage('popup.html');
  await popup.setViewportSize({ width: 400, height: 900 });
  // No internet here: switch the built-in chains off as a user would, so only the devnet is read.
  for (const chain of builtinChains) await send(popup, { type: 'set-chain', chainId: chain.chainId, enabled: false });
  for (const account of [ALICE, BOB, CAROL]) await send(popup, { type: 'add-account', address: account });
  const refreshStarted = performance.now();
  await send(popup, { type: 'refresh' });
  timings.refreshMs = Math.round(performance.now() - refreshStarted);
}, 300_000);

afterAll(async () => {
  console.log('popup e2e timings (ms):', JSON.stringify(timings));
  await browser?.close();
  await devnet?.stop();
});

describe('the popup against the devnet', () => {
  it('shows the devnet positions from the snapshot, live, with the devnet market unlinked', async () => {
    await expect.poll(() => popup.getByTestId('position').count(), { timeout: 20_000 }).toBe(3);
    const onChain = await aaveV3.getUserAccountData(devnet, { account: ALICE });
    // The popup's HF is the Pool's, truncated to 2 decimals.
    expect(await hfWad(ALICE)).toBe(onChain.healthFactor);
    expect(await hfText(ALICE)).toBe(`${onChain.healthFactor / 10n ** 18n}.${((onChain.healthFactor * 100n) / WAD % 100n).toString().padStart(2, '0')}`);
    expect(await hfText(ALICE)).toBe('1.07');
    expect(await card(ALICE).getAttribute('class')).toContain('band-urgent');
    // Worst first: Alice 1.07, Carol 1.2, Bob 1.375.
    const keys = await popup.getByTestId('position').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-position-key')!.split(':').pop()));
    expect(keys).toEqual([ALICE, CAROL, BOB].map((a) => a.toLowerCase()));
    for (const account of [ALICE, BOB, CAROL]) await openCard(account);
    // A market from a markets file: no app link, and the title says why.
    await expect.poll(() => card(ALICE).locator('.dapp-link.is-none').first().getAttribute('title')).toMatch(/^Custom market/);
    expect(await card(ALICE).locator('a.dapp-link').count()).toBe(0);

    mkdirSync(RESULTS, { recursive: true });
    await card(ALICE).screenshot({ path: join(RESULTS, 'popup-risky-devnet-position.png') });
    await popup.screenshot({ path: join(RESULTS, 'popup-devnet.png'), fullPage: true });
  });

  it('says when interest alone liquidates and the 1-/7-day chance, the numbers the CLI gives', async () => {
    await expect.poll(() => card(ALICE).getByTestId('outlook').textContent(), { timeout: 20_000 }).toContain('Chance of liquidation');
    const file = devnetMarketsFile(devnet);
    const { reports } = await runScan({ chains: file.chains, markets: file.markets, accounts: [ALICE] });
    const r = reports[0]!;
    const text = (await card(ALICE).getByTestId('outlook').textContent())!;
    const date = new Date(r.liquidationTime! * 1000).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
    expect(text).toContain(`Interest alone: liquidated on ${date} (in `);
    const pct = (p: number) => `${(p * 100).toFixed(p > 0 && p < 0.001 ? 3 : 1)} %`;
    expect(text).toContain(`Chance of liquidation: 1 day ${pct(r.liquidationChance!['1d'])} · 7 days ${pct(r.liquidationChance!['7d'])}`);
  });

  it('simulating a repay of N USDC shows the HF the real repay then has', async () => {
    const N = '1500';
    await card(ALICE).getByTestId('simulate').click();
    const amount = card(ALICE).getByTestId('sim-amount');
    await amount.fill(N);
    const simulatedText = (await card(ALICE).getByTestId('sim-hf-after').textContent())!.trim();
    const simulatedWad = BigInt((await card(ALICE).getByTestId('sim-hf-after').getAttribute('data-hf-wad'))!);
    // Independent check of the simulation itself: 16 500 / (debt − 1500) from the displayed inputs.
    expect(Number(simulatedText)).toBeCloseTo(Math.floor((16500 / 13900) * 100) / 100, 10);
    await card(ALICE).screenshot({ path: join(RESULTS, 'popup-simulator.png') });

    await aaveV3.repay(devnet, { account: ALICE, symbol: 'USDC', amount: aaveV3.toUnits('USDC', N), fund: true });
    await refreshFromPopup(ALICE);
    expect(await hfText(ALICE)).toBe(simulatedText);
    // Interest accrues between the read and the repay (a few seconds at a few % a year): far below 1e-6.
    const real = await hfWad(ALICE);
    const diff = real > simulatedWad ? real - simulatedWad : simulatedWad - real;
    expect(diff * 1_000_000n).toBeLessThan(simulatedWad);
    expect(real).toBe((await aaveV3.getUserAccountData(devnet, { account: ALICE })).healthFactor);
  });

  it('doing the repay proposal on-chain reaches the target', async () => {
    await card(ALICE).getByRole('button', { name: 'Close the simulator' }).click();
    const text = (await card(ALICE).getByTestId('proposal-repay').textContent())!;
    const m = /Simulate repaying ([\d,.]+) USDC/.exec(text);
    expect(m, text).not.toBeNull();
    await aaveV3.repay(devnet, { account: ALICE, symbol: 'USDC', amount: aaveV3.toUnits('USDC', amountOf(m![1]!)), fund: true });
    await refreshFromPopup(ALICE);
    expect(Number(await hfText(ALICE))).toBeGreaterThanOrEqual(1.5);
    expect((await aaveV3.getUserAccountData(devnet, { account: ALICE })).healthFactor).toBeGreaterThanOrEqual(15n * 10n ** 17n);
    expect(await card(ALICE).getByTestId('proposals-safe').textContent()).toContain('At or above your target health factor of 1.50');
  });

  it('doing the add-collateral proposal on-chain reaches the target', async () => {
    const text = (await card(BOB).getByTestId('proposal-add').textContent())!;
    const m = /^Simulate adding ([\d,.]+) WETH/.exec(text);
    expect(m, text).not.toBeNull();
    const amount = aaveV3.toUnits('WETH', amountOf(m![1]!));
    await aaveV3.fund(devnet, { account: BOB, symbol: 'WETH', amount });
    await aaveV3.supply(devnet, { account: BOB, symbol: 'WETH', amount });
    await refreshFromPopup(BOB);
    expect(Number(await hfText(BOB))).toBeGreaterThanOrEqual(1.5);
    expect((await aaveV3.getUserAccountData(devnet, { account: BOB })).healthFactor).toBeGreaterThanOrEqual(15n * 10n ** 17n);
  });

  it('doing the sell-to-repay proposal on-chain (sell, repay what the sale yields) reaches the target', async () => {
    const text = (await card(CAROL).getByTestId('proposal-deleverage').textContent())!;
    const m = /Simulate selling ([\d,.]+) WETH to repay ([\d,.]+) USDC/.exec(text);
    expect(m, text).not.toBeNull();
    const [sold, repaid] = [amountOf(m![1]!), amountOf(m![2]!)];
    // What the sale yields at the oracle price after the allowed slippage covers the repay shown.
    expect(Number(repaid)).toBeLessThanOrEqual(Number(sold) * 2000 * 0.995);
    // In one transaction (a repay-with-collateral or flash-loan swap) the order does not matter; in two, the
    // Pool refuses a withdrawal that would leave HF < 1 in between, so the devnet repays first with the
    // USDC the swap would yield (minted), then takes the sold WETH out. The end state is the same.
    await aaveV3.repay(devnet, { account: CAROL, symbol: 'USDC', amount: aaveV3.toUnits('USDC', repaid), fund: true });
    await aaveV3.withdraw(devnet, { account: CAROL, symbol: 'WETH', amount: aaveV3.toUnits('WETH', sold) });
    await refreshFromPopup(CAROL);
    expect(Number(await hfText(CAROL))).toBeGreaterThanOrEqual(1.5);
    expect((await aaveV3.getUserAccountData(devnet, { account: CAROL })).healthFactor).toBeGreaterThanOrEqual(15n * 10n ** 17n);
  });

  it('opens as a page on the position a notification names', async () => {
    const key = await card(BOB).getAttribute('data-position-key');
    // The background's notification click opens popup.html#position=<key> (entrypoints/background/alerts.ts).
    const page = await browser.openExtensionPage(`popup.html#position=${encodeURIComponent(key!)}`);
    const selected = page.locator('[data-testid="position"].is-selected');
    await expect.poll(() => selected.getAttribute('data-position-key')).toBe(key);
    expect(await page.evaluate(() => document.documentElement.classList.contains('page'))).toBe(true);
    await page.close();
  });

  it('keeps the popup at its fixed width, and fits 360–800 px as a page', async () => {
    // The popup: a fixed 400 px so Chrome never resizes it as data arrives (long names wrap instead).
    expect(await popup.evaluate(() => document.body.getBoundingClientRect().width)).toBe(400);
    const page = await browser.openExtensionPage('popup.html?view=page');
    await page.getByTestId('position-toggle').first().click();
    await page.getByTestId('simulate').first().click();
    for (const width of [360, 480, 600, 800, 1200]) {
      await page.setViewportSize({ width, height: 900 });
      const { overflow, body } = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        body: document.body.getBoundingClientRect().width,
      }));
      expect(overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
      expect(body).toBe(Math.min(width, 800));
    }
    await page.close();
  });
});

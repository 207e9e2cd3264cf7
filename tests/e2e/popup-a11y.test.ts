/**
 * Issue 15 — the popup a worried borrower reads in two seconds, by eye, keyboard or screen reader. Real
 * Chromium with the built extension, real positions on the devnet (Aave v3, Morpho Blue, our Comet
 * stand-in), one browser for the whole file; the states follow one user adding accounts:
 * - axe-core (the npm package, injected through playwright-core) on the popup with no account, with 2
 *   positions (first with every built-in chain on and offline: one collapsed line for them, no alert), 20
 *   (light, dark, grouped), with the simulator open, and on the options page: no violation of impact
 *   "serious" or "critical";
 * - 5 positions in a 400 × 600 popup: every health factor inside the viewport, worst first;
 * - keyboard only: from the opened popup to the worst position's simulator, an amount typed as the popup
 *   writes it ("1,500"), and the new health factor read — no mouse.
 * Screenshots go to test-results/ (git-ignored).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import { builtinChains } from '../../lib/markets/index.ts';
import { ANVIL_ACCOUNTS, aaveV3, compoundV3, devnetMarketsFile, morphoBlue, startDevnet, type Devnet } from '../../lib/devnet/index.ts';
import { buildExtension, removeBuild, ROOT } from './helpers/build.ts';
import { launchWithExtension, type ExtensionBrowser } from './helpers/chromium.ts';

/** Code given to `evaluate` runs inside the extension, where `chrome` and (once injected) `axe` exist. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> } };
declare const axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[]; passes: { id: string }[] }> };
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const RESULTS = join(ROOT, 'test-results');
// Keyed by the devnet's market name: each market keeps a name of its own (positions are keyed by it).
const LONG_NAMES: Record<string, string> = {
  'Devnet Aave': 'Aave Ethereum Core (devnet)',
  'Devnet cUSDCv3': 'Compound Ethereum cUSDCv3 (devnet)',
  'Devnet Morpho': 'Morpho Blue WETH/USDC (devnet)',
};
const POPUP = { width: 400, height: 600 };
const A1: Address = ANVIL_ACCOUNTS[1];
const A2: Address = ANVIL_ACCOUNTS[2];
const REST: Address[] = ANVIL_ACCOUNTS.slice(3, 9);

let devnet: Devnet;
let extensionDir: string;
let browser: ExtensionBrowser;
let popup: Page;

async function send(page: Page, message: Record<string, unknown>): Promise<unknown> {
  const reply = await page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  if (!reply?.ok) throw new Error(`${String(message.type)}: ${reply?.error}`);
  return reply.value;
}

/** Watch more accounts, read them, and reopen the popup as a user clicking the toolbar button would. */
async function watch(accounts: Address[], positions: number): Promise<void> {
  for (const address of accounts) await send(popup, { type: 'add-account', address });
  await send(popup, { type: 'refresh' });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await expect.poll(() => popup.getByTestId('position').count(), { timeout: 20_000 }).toBe(positions);
}

/** axe-core's violations of impact serious or critical; every violation is printed. */
async function axeViolations(page: Page, state: string): Promise<string[]> {
  // Extension pages allow no inline script (CSP): evaluate through the DevTools protocol instead.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const { violations, passes } = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  // axe really ran its rules on this page (an empty result from nothing checked would prove nothing)
  expect(passes.map((p) => p.id)).toEqual(expect.arrayContaining(['aria-allowed-attr', 'button-name', 'color-contrast']));
  for (const v of violations) console.log(`axe [${state}] ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('; ')}`);
}

/** Press Tab until `test` holds for the focused element (a keyboard user's route), at most `max` times. */
async function tabUntil(page: Page, what: string, test: (el: Element) => boolean, max = 40): Promise<void> {
  const fn = `(${test.toString()})(document.activeElement)`;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(fn)) return;
  }
  throw new Error(`${what} not reached with ${max} Tab presses`);
}

beforeAll(async () => {
  devnet = await startDevnet();
  const morpho = devnet.morpho.markets['WETH/USDC'];
  // A1: the worst (Aave 10 WETH at $2000, LT 82.5 %, against 15 400 USDC: HF 1.07) and a Compound loan.
  await aaveV3.openPosition(devnet, { account: A1, supply: { WETH: aaveV3.toUnits('WETH', 10) }, borrow: { USDC: aaveV3.toUnits('USDC', 15400) } });
  await compoundV3.openPosition(devnet.compound, { account: A1, collateral: { WETH: aaveV3.toUnits('WETH', 5) }, borrow: 6_000n * 10n ** 6n });
  // A2: three positions in three protocols, all at risk (HF about 1.2: 5 in all with A1's, 4 at risk).
  await aaveV3.openPosition(devnet, { account: A2, supply: { WETH: aaveV3.toUnits('WETH', 4) }, borrow: { USDC: aaveV3.toUnits('USDC', 5400) } });
  await compoundV3.openPosition(devnet.compound, { account: A2, collateral: { WETH: aaveV3.toUnits('WETH', 2) }, borrow: 3_000n * 10n ** 6n });
  await morphoBlue.openPosition(devnet, { account: A2, market: morpho, collateral: aaveV3.toUnits('WETH', 1), borrow: 1_450n * 10n ** 6n });
  // The others two or three each (20 in all).
  for (const [j, account] of REST.entries()) {
    const i = j + 1;
    await aaveV3.openPosition(devnet, { account, supply: { WETH: aaveV3.toUnits('WETH', 4) }, borrow: { USDC: aaveV3.toUnits('USDC', 3000 + 400 * i) } });
    await compoundV3.openPosition(devnet.compound, { account, collateral: { WETH: aaveV3.toUnits('WETH', 2) }, borrow: BigInt(1500 + 100 * i) * 10n ** 6n });
    if (i < 4) await morphoBlue.openPosition(devnet, { account, market: morpho, collateral: aaveV3.toUnits('WETH', 1), borrow: BigInt(800 + 50 * i) * 10n ** 6n });
  }
  const markets = join(mkdtempSync(join(tmpdir(), 'lg-a11y-')), 'markets.json');
  // Market names as long as real ones ("Aave Ethereum Core"): the layout must hold with them.
  const file = devnetMarketsFile(devnet);
  file.markets = file.markets.map((m) => ({ ...m, name: LONG_NAMES[m.name] ?? m.name }));
  writeFileSync(markets, JSON.stringify(file));
  extensionDir = await buildExtension('chrome', { LG_MARKETS: markets });
  browser = await launchWithExtension(extensionDir);
  popup = await browser.openExtensionPage('popup.html');
  await popup.setViewportSize(POPUP);
  mkdirSync(RESULTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
  removeBuild(extensionDir);
});

describe('the popup for every user, by eye, keyboard and screen reader', () => {
  it('with no account watched: axe finds nothing serious', async () => {
    await expect.poll(() => popup.getByTestId('empty').count()).toBe(1);
    expect(await axeViolations(popup, 'empty')).toEqual([]);
    // The Chrome build leaves the toolbar placement to Chrome (default_area is Firefox's key).
    const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { action: Record<string, unknown> };
    expect(manifest.action.default_area).toBeUndefined();
  });

  it('with 2 positions: cards named by market and account, worst first, axe finds nothing serious', async () => {
    // A first run offline: every built-in chain still on and unreachable. They hold none of the user's
    // positions, so they fold into one collapsed line; nothing about them is an alert.
    await watch([A1], 2);
    await expect.poll(() => popup.getByTestId('unreachable-chains').count(), { timeout: 30_000 }).toBe(1);
    const quiet = popup.getByTestId('unreachable-chains');
    expect(await quiet.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await quiet.locator('summary').textContent()).toBe(`${builtinChains.length} chains could not be read (no positions of yours seen there)`);
    expect(await popup.getByRole('alert').count()).toBe(0);
    expect(await quiet.evaluate((d) => d.getBoundingClientRect().height)).toBeLessThan(40);
    expect(await axeViolations(popup, '2 positions, built-in chains offline')).toEqual([]);
    // Then the built-in chains off, as a user would here, so only the devnet is read.
    for (const chain of builtinChains) await send(popup, { type: 'set-chain', chainId: chain.chainId, enabled: false });
    await watch([], 2);
    await expect.poll(() => popup.getByTestId('unreachable-chains').count()).toBe(0);
    const names = await popup.getByRole('article').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-labelledby')));
    expect(names.every((ids) => ids !== null && !/\s/.test(ids))).toBe(true);
    const short = `${A1.slice(0, 6)}…${A1.slice(-4)}`;
    const worst = popup.getByRole('article').first();
    // Playwright computes the accessible name as a screen reader gets it.
    await expect.poll(() => popup.getByRole('article', { name: `Aave Ethereum Core (devnet) ${short}`, exact: true }).count()).toBe(1);
    expect(await worst.getByRole('button', { name: `Aave Ethereum Core (devnet) ${short}`, exact: true }).getAttribute('aria-expanded')).toBe('false');
    expect(await worst.getByTestId('hf').textContent()).toBe('1.07');
    expect(await axeViolations(popup, '2 positions')).toEqual([]);
  });

  it('with 5 positions in a 400 × 600 popup: every health factor is in view, worst first', async () => {
    await watch([A2], 5);
    await popup.waitForTimeout(300); // fonts and layout settle
    const boxes = await popup.getByTestId('hf').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { text: e.textContent, top: r.top, bottom: r.bottom, wad: e.getAttribute('data-hf-wad') };
      }),
    );
    await popup.screenshot({ path: join(RESULTS, 'popup-5-positions-400x600.png') });
    expect(await popup.evaluate(() => window.scrollY)).toBe(0);
    expect(boxes).toHaveLength(5);
    // four of them at risk: the tallest closed cards (HF, debt, Simulate, interest and chance lines)
    expect(await popup.locator('[data-testid="position"].band-urgent, [data-testid="position"].band-warn').count()).toBe(4);
    for (const b of boxes) {
      expect(b.top, `HF ${b.text}`).toBeGreaterThanOrEqual(0);
      expect(b.bottom, `HF ${b.text}`).toBeLessThanOrEqual(POPUP.height);
    }
    const wads = boxes.map((b) => BigInt(b.wad!));
    expect([...wads].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(wads);
  });

  it('keyboard only: open the worst position, simulate a repay typed as the popup writes it, hear the new HF', async () => {
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await expect.poll(() => popup.getByTestId('position').count()).toBe(5);
    const worstKey = await popup.getByTestId('position').first().getAttribute('data-position-key');
    const card = popup.locator(`[data-testid="position"][data-position-key="${worstKey}"]`);
    await tabUntil(popup, "the worst position's toggle", (el) => el.matches('[data-testid="position-toggle"]') && el.closest('[data-testid="position"]') === document.querySelector('[data-testid="position"]'));
    await popup.keyboard.press('Enter');
    await card.getByTestId('proposals').waitFor();
    await tabUntil(popup, 'the repay proposal', (el) => el.tagName === 'BUTTON' && /^Simulate repaying [\d,.]+ USDC$/.test(el.textContent ?? ''));
    const proposal = await popup.evaluate(() => document.activeElement!.textContent!);
    await popup.keyboard.press('Enter');
    // The simulator takes the focus (its heading), on the worst position's card.
    await expect.poll(() => popup.evaluate(() => document.activeElement?.closest('[data-testid="position"]')?.getAttribute('data-position-key'))).toBe(worstKey);
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toBe('Simulate');
    await tabUntil(popup, 'the amount field', (el) => el.matches('input[data-testid="sim-amount"]'), 10);
    // The field holds the proposal's amount; replace it, typing as the popup writes amounts.
    expect(await popup.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(/repaying ([\d,.]+)/.exec(proposal)![1]!.replace(/,/g, ''));
    await popup.keyboard.press('Control+A');
    await popup.keyboard.type('1,500');
    expect(await popup.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent)).toBe('Amount');
    // 16 500 / (15 400 − 1 500) from the devnet's inputs (interest since opening moves it far below 0.01).
    await expect.poll(() => card.getByTestId('sim-hf-after').textContent()).toBe((Math.floor((16500 / 13900) * 100) / 100).toFixed(2));
    expect(await card.getByTestId('sim-error').textContent()).toBe('');
    // The same number in the live region a screen reader announces.
    expect(await card.getByRole('status').filter({ hasText: 'Health factor after' }).textContent()).toMatch(/^Health factor after: 1\.18 \(now 1\.0\d\)$/);
    await card.screenshot({ path: join(RESULTS, 'popup-keyboard-simulator.png') });
  });

  it('with the simulator open: axe finds nothing serious', async () => {
    expect(await axeViolations(popup, 'simulator open')).toEqual([]);
  });

  it('with 20 positions, light and dark: axe finds nothing serious', async () => {
    await watch(REST, 20);
    expect(await axeViolations(popup, '20 positions')).toEqual([]);
    await popup.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(popup, '20 positions, dark')).toEqual([]);
    await popup.emulateMedia({ colorScheme: 'light' });
    // Grouped by chain and protocol instead, by choice: still clean.
    await popup.getByRole('checkbox', { name: 'Group by chain' }).check();
    await expect.poll(() => popup.getByTestId('chain').count()).toBe(1);
    expect(await axeViolations(popup, '20 positions, grouped')).toEqual([]);
    await popup.screenshot({ path: join(RESULTS, 'popup-20-positions-grouped.png'), fullPage: true });
    // Remembered across openings.
    await popup.reload();
    await expect.poll(() => popup.getByTestId('chain').count()).toBe(1);
    await popup.getByRole('checkbox', { name: 'Group by chain' }).uncheck();
  });

  it('the options page: axe finds nothing serious; each account row has a "Watched" checkbox', async () => {
    const options = await browser.openExtensionPage('options.html');
    await expect.poll(() => options.getByRole('checkbox', { name: 'Watched', exact: true }).count()).toBe(8);
    expect(await options.getByRole('columnheader').evaluateAll((ths) => ths.filter((th) => th.textContent!.trim() === '').length)).toBe(0);
    expect(await axeViolations(options, 'options')).toEqual([]);
    await options.close();
  });
});

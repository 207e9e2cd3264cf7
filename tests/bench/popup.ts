/**
 * Popup first paint from a stored snapshot of 20 positions, in Debian Chromium with the built extension
 * (goal: <= 150 ms). Measured inside the page: from navigation start to the first frame painted after the
 * data from storage is rendered (`lg:data-painted`, see entrypoints/popup/main.tsx). The median of
 * several loads is reported, with the first contentful paint (the skeleton's, usually) beside it.
 *
 * Runs under plain Node (`npm run bench`, type stripping), so only relative imports here.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress, type Address } from 'viem';
import type { Page } from 'playwright-core';
import { encodeSnapshot, type Snapshot } from '../../lib/snapshot/index.ts';
import type { Position } from '../../lib/core/types.ts';
import { asset, collateral, debt, position } from '../helpers/positions.ts';
import { buildExtension } from '../e2e/helpers/build.ts';
import { launchWithExtension, waitFor, type ExtensionBrowser } from '../e2e/helpers/chromium.ts';

/** `chrome` inside the extension's pages and worker (code given to `evaluate`). */
declare const chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void>; get(keys: null): Promise<Record<string, unknown>> } } };

const LOADS = 7;

const account = (i: number): Address => getAddress(`0x${(0xa11ce000 + i).toString(16).padStart(40, '0')}`);

/**
 * Twenty positions over three chains and three protocols, health factors from 1.02 to 4 (and one without
 * debt), several legs each: a busy but realistic popup.
 */
export function benchPositions(count = 20): Position[] {
  const WETH = asset({ symbol: 'WETH', decimals: 18, price: 3012.45, lt: 0.83, bonus: 1.05 });
  const WBTC = asset({ symbol: 'WBTC', decimals: 8, price: 95_321.1, lt: 0.78, bonus: 1.065 });
  const WSTETH = asset({ symbol: 'wstETH', decimals: 18, price: 3620.8, lt: 0.81, bonus: 1.06 });
  const USDC = asset({ symbol: 'USDC', decimals: 6, price: 1, lt: 0.78, bonus: 1.045 });
  const DAI = asset({ symbol: 'DAI', decimals: 18, price: 0.9998, lt: 0.77, bonus: 1.05 });
  const USDT = asset({ symbol: 'USDT', decimals: 6, price: 1.0002, lt: 0.75, bonus: 1.05 });
  const chains = [1, 8453, 42161];
  const out: Position[] = [];
  for (let i = 0; i < count; i++) {
    const hf = i === count - 1 ? null : 1.02 + (i * 3) / count;
    const eth = 2 + (i % 5) * 3.5;
    const btc = i % 3 === 0 ? 0.15 + i / 100 : 0;
    const legs = [collateral(WETH, eth.toFixed(4)), ...(btc ? [collateral(WBTC, btc.toFixed(6))] : []), ...(i % 4 === 1 ? [collateral(WSTETH, '3.5')] : [])];
    const weighted = eth * 3012.45 * 0.83 + btc * 95_321.1 * 0.78 + (i % 4 === 1 ? 3.5 * 3620.8 * 0.81 : 0);
    const owed = hf === null ? 0 : weighted / hf;
    const debts = hf === null ? [] : i % 2 === 0 ? [debt(USDC, (owed * 0.7).toFixed(6)), debt(DAI, ((owed * 0.3) / 0.9998).toFixed(6))] : [debt(USDT, (owed / 1.0002).toFixed(6))];
    const protocol = (['aave-v3', 'aave-v3', 'compound-v3', 'morpho-blue'] as const)[i % 4]!;
    const base = position({ collateral: legs, debt: debts, assets: [WETH, WBTC, WSTETH, USDC, DAI, USDT] }, protocol);
    const details: Position['details'] =
      protocol === 'aave-v3'
        ? { protocol, eModeCategory: 0, isolated: false }
        : protocol === 'morpho-blue'
          ? { protocol, marketId: `0x${(i + 1).toString(16).padStart(64, '0')}`, lltv: 860_000_000_000_000_000n }
          : { protocol, comet: getAddress(`0x${'c0'.repeat(19)}${i.toString(16).padStart(2, '0')}`), baseToken: USDC.address };
    out.push({
      ...base,
      details,
      chainId: chains[i % 3]!,
      market: protocol === 'aave-v3' ? (i % 2 ? 'Aave Base' : 'Aave Ethereum Core') : protocol === 'morpho-blue' ? 'Morpho WETH/USDC' : 'Compound USDC',
      account: account(i % 6),
      blockNumber: 21_000_000n + BigInt(i),
      timestamp: 1_760_000_000n,
    });
  }
  return out;
}

export function benchSnapshot(now: number, count = 20): Snapshot {
  const positions = benchPositions(count);
  const names: Record<number, string> = { 1: 'Ethereum', 8453: 'Base', 42161: 'Arbitrum' };
  return {
    version: 1,
    updatedAt: now,
    accounts: [...new Set(positions.map((p) => p.account))],
    chains: Object.fromEntries(
      Object.entries(names).map(([id, name]) => [
        id,
        { chainId: Number(id), name, ok: true, errors: [], rpcUrl: 'https://rpc.example', lastAttemptAt: now, lastSuccessAt: now, blockNumber: 21_000_000n },
      ]),
    ),
    positions: positions.map((position) => ({ position, readAt: now, stale: false })),
  };
}

/** Store a snapshot (and the accounts it covers) as the background would; the settings stay default. */
export async function storeSnapshot(browser: ExtensionBrowser, snapshot: Snapshot): Promise<void> {
  const worker = await browser.worker();
  const accounts = {
    version: 1,
    accounts: snapshot.accounts.map((address) => ({ address, source: 'manual', hidden: false, addedAt: snapshot.updatedAt })),
  };
  await worker.evaluate(
    ([snap, acc]) => chrome.storage.local.set({ snapshot: snap, accounts: acc }),
    [encodeSnapshot(snapshot), accounts] as const,
  );
}

async function measure(page: Page, url: string): Promise<{ dataPaintMs: number; fcpMs: number }> {
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('lg:data-painted').length > 0, undefined, { timeout: 10_000 });
  return page.evaluate(() => ({
    dataPaintMs: performance.getEntriesByName('lg:data-painted')[0]!.startTime,
    fcpMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
  }));
}

/** What popup.html loads: its scripts, preloaded chunks and styles (uncompressed kB). */
export function popupBundleKb(extensionDir: string): number {
  const html = readFileSync(join(extensionDir, 'popup.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const bytes = [...new Set(files)].reduce((sum, f) => sum + statSync(join(extensionDir, f)).size, 0);
  return Math.round(bytes / 102.4) / 10;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchPopup(): Promise<{ firstPaintMs: number; firstContentfulPaintMs: number; positions: number; loads: number; popupJsKb: number }> {
  const dir = await buildExtension('chrome');
  const browser = await launchWithExtension(dir);
  try {
    // Let the install-time refresh (no accounts yet) write its empty snapshot first, so it cannot overwrite ours.
    await waitFor(
      async () => ((await (await browser.worker()).evaluate(() => chrome.storage.local.get(null))) as { snapshot?: { updatedAt?: number } }).snapshot?.updatedAt ?? 0,
      (t) => t > 0,
      10_000,
      'the first background refresh',
    ).catch(() => undefined);
    const snapshot = benchSnapshot(Date.now());
    await storeSnapshot(browser, snapshot);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    const url = `chrome-extension://${browser.extensionId}/popup.html`;
    await measure(page, url); // warm-up: the first load also compiles the bundle
    const runs: { dataPaintMs: number; fcpMs: number }[] = [];
    for (let i = 0; i < LOADS; i++) runs.push(await measure(page, url));
    const shown = await page.locator('[data-testid="position"]').count();
    if (shown !== snapshot.positions.length) throw new Error(`popup shows ${shown} positions, expected ${snapshot.positions.length}`);
    const popupJsKb = popupBundleKb(dir);
    return {
      firstPaintMs: Math.round(median(runs.map((r) => r.dataPaintMs))),
      firstContentfulPaintMs: Math.round(median(runs.map((r) => r.fcpMs))),
      positions: shown,
      loads: LOADS,
      popupJsKb,
    };
  } finally {
    await browser.close();
  }
}

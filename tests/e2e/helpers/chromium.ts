import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import type { Browser } from '@wxt-dev/browser';

/** Code given to `evaluate` runs inside the extension, where `chrome` exists. */
declare const chrome: typeof Browser;

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker (the current one: MV3 may restart it). */
  worker(): Promise<Worker>;
  /** An extension page (options.html …) opened in a tab. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian Chromium, headless, with the unpacked extension loaded, in a fresh profile. `resolverRules` maps
 * dapp host names to the local HTTPS server so content scripts run as on the real sites.
 */
export async function launchWithExtension(extensionDir: string, opts: { resolverRules?: string } = {}): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'lg-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...(opts.resolverRules ? [`--host-resolver-rules=${opts.resolverRules}`, '--ignore-certificate-errors'] : []),
    ],
  });
  const worker = async (): Promise<Worker> => {
    const current = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return current ?? context.waitForEvent('serviceworker', { timeout: 10_000 });
  };
  const extensionId = new URL((await worker()).url()).host;
  return {
    context,
    extensionId,
    worker,
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface BadgeState {
  text: string;
  title: string;
  color: [number, number, number, number];
}

export async function readBadge(browser: ExtensionBrowser): Promise<BadgeState> {
  const worker = await browser.worker();
  return worker.evaluate(async () => ({
    text: await chrome.action.getBadgeText({}),
    title: await chrome.action.getTitle({}),
    color: (await chrome.action.getBadgeBackgroundColor({})) as [number, number, number, number],
  }));
}

/** Everything in the extension's local storage, as stored (encoded). */
export async function readStorage(browser: ExtensionBrowser): Promise<Record<string, unknown>> {
  const worker = await browser.worker();
  return worker.evaluate(() => chrome.storage.local.get(null));
}

/** Poll `probe` until `accept` holds (or time out with the last value in the message). */
export async function waitFor<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** The page's whole DOM tree, closed shadow roots included, read through CDP as DevTools does. */
export async function piercedDocument<N>(page: Page): Promise<N> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: N };
    return root;
  } finally {
    await cdp.detach();
  }
}

/**
 * A first run as a new user has it, with nothing switched off: the extension built with the devnet's markets
 * file (contract 3), every built-in chain still on (their public RPCs are unreachable on this offline
 * machine), a wallet connected on https://app.aave.com and confirmed in the popup. The chains that cannot be read hold none of the
 * user's positions, so they must not hide the health factor that was read: the badge shows the CLI's
 * number.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANVIL_ACCOUNTS, aaveV3, devnetMarketsFile, startDevnet, type Devnet } from '../../lib/devnet/index.ts';
import { buildExtension, removeBuild, ROOT } from './helpers/build.ts';
import { launchWithExtension, readBadge, waitFor, type ExtensionBrowser } from './helpers/chromium.ts';
import { startPageServer, walletPage, type PageServer } from './helpers/https.ts';

const run = promisify(execFile);
const ALICE = ANVIL_ACCOUNTS[4]!;
let devnet: Devnet;
let server: PageServer;
let browser: ExtensionBrowser;
let extensionDir: string;
let marketsPath: string;

beforeAll(async () => {
  devnet = await startDevnet();
  // 8 WETH at $2000 (LT 82.5 %) against 9 000 USDC.
  await aaveV3.openPosition(devnet, { account: ALICE, supply: { WETH: aaveV3.toUnits('WETH', 8) }, borrow: { USDC: aaveV3.toUnits('USDC', 9000) } });
  marketsPath = join(mkdtempSync(join(tmpdir(), 'lg-first-run-')), 'markets.json');
  writeFileSync(marketsPath, JSON.stringify(devnetMarketsFile(devnet)));
  [extensionDir, server] = await Promise.all([buildExtension('chrome', { LG_MARKETS: marketsPath }), startPageServer(['app.aave.com'])]);
  server.pages.set('/', walletPage([ALICE], '0x7a69'));
  browser = await launchWithExtension(extensionDir, { resolverRules: `MAP app.aave.com 127.0.0.1:${server.port}` });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await devnet?.stop();
  removeBuild(extensionDir);
});

it('shows the health factor that was read even though the built-in chains cannot be reached', async () => {
  const { stdout } = await run('npm', ['run', 'cli', '--', 'scan', '--markets', marketsPath, '--account', ALICE, '--json'], { cwd: ROOT });
  const hf = (JSON.parse(stdout) as { positions: { protocol: string; healthFactor: number }[] }).positions.find((p) => p.protocol === 'aave-v3')!.healthFactor;
  const page = await browser.context.newPage();
  await page.goto('https://app.aave.com/');
  // The wallet the page reports is watched once the user says so in the popup (issue 11).
  const popup = await browser.openExtensionPage('popup.html');
  await popup.getByRole('button', { name: `Watch ${ALICE}` }).click({ timeout: 20_000 });
  await popup.close();
  const badge = await waitFor(() => readBadge(browser), (b) => /^\d/.test(b.text), 60_000, 'a numeric badge');
  expect(badge.text).toBe((Math.floor(hf * 100 + 1e-9) / 100).toFixed(2));
  // (Offline, the title also lists the unreachable chains; tests/unit/lib/toolbar-badge.test.ts checks that text.)
});

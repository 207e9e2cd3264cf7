/**
 * `npm run bench`: prints figures; asserts nothing (goals live here, not in timed tests).
 * Each section starts what it needs (a devnet from the state cache, Chromium for the page/popup parts)
 * and is skipped with a note when its module is absent.
 */
import { existsSync } from 'node:fs';
import { startDevnet } from '../../lib/devnet/index.ts';
import { benchAave } from './aave.ts';

const here = new URL('.', import.meta.url).pathname;

async function section(title: string, run: () => Promise<void>) {
  console.log(`\n## ${title}`);
  try {
    await run();
  } catch (error) {
    console.log(`  failed: ${(error as Error).message.split('\n')[0]}`);
    process.exitCode = 1;
  }
}

const devnet = await startDevnet();
try {
  await section('Aave v3 reader: one refresh of N accounts in one market (devnet, loopback proxy)', async () => {
    const rows = await benchAave(devnet);
    console.table(rows);
    console.log('  goal: warm refresh stays at 1–2 JSON-RPC calls whatever N (cold adds the static market read)');
  });
  await section('Aave 3.6 reader (real aave-v3-origin 3.6.0 Pool): one refresh of N accounts', async () => {
    console.table(await benchAave(devnet, [1, 10, 50], devnet.aave36));
  });

  for (const [file, title, fn] of [
    ['protocols.ts', 'All protocols: one refresh of 50 accounts on one chain', 'benchProtocols'],
    ['refresh.ts', 'Extension refresh: HTTP requests per chain per warm refresh, and per day (issue 11)', 'benchRefresh'],
    ['page.ts', 'Dapp page badges: injected size and time per update (200 rows)', 'benchPage'],
    ['popup.ts', 'Popup: first paint from a stored snapshot of 20 positions', 'benchPopup'],
    ['outlook.ts', 'Liquidation time and chance (1d, 7d) for 50 positions', 'benchOutlook'],
  ] as const) {
    if (!existsSync(`${here}${file}`)) continue;
    await section(title, async () => {
      const mod = (await import(`./${file}`)) as Record<string, (d: typeof devnet) => Promise<unknown>>;
      const result = await mod[fn]!(devnet);
      console.table(Array.isArray(result) ? result : [result]);
    });
  }
} finally {
  await devnet.stop();
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { builtinChains, parseMarketsFileText } from './lib/markets/index.ts';
import type { MarketsFile } from './lib/markets/types.ts';
import { DAPP_MATCHES } from './lib/sites/index.ts';

/**
 * Contract 3 (DESIGN.md): `LG_MARKETS=path/to/markets.json npm run build` adds that file's chains and
 * markets to the build, switched on. The file is read and validated here, at build time, with the same
 * strict parser as the options page's import, so a bad file fails the build with a clear message instead
 * of shipping; its parsed content replaces `__LG_BUILD_MARKETS__` (see utils/build-markets.ts).
 */
function buildMarkets(): MarketsFile | null {
  const path = process.env.LG_MARKETS;
  if (!path) return null;
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`LG_MARKETS: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return parseMarketsFileText(text, builtinChains);
  } catch (error) {
    throw new Error(`LG_MARKETS (${file}): ${(error as Error).message}`);
  }
}

const markets = buildMarkets();

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // MV3 for both browsers: one background model (an event page / worker woken by alarms and messages).
  manifestVersion: 3,
  vite: () => ({
    define: { __LG_BUILD_MARKETS__: JSON.stringify(markets) },
  }),
  manifest: ({ browser }) => ({
    name: 'Liquidation Guard',
    description:
      'Health factor, liquidation prices and ways to get safe for your Aave, Spark, Compound and Morpho loans.',
    // Least privilege: storage (snapshot, settings), alarms (polling), notifications (alerts). No `tabs`
    // (tabs.create needs none; sender URLs come with messages), no `scripting`.
    permissions: ['storage', 'alarms', 'notifications'],
    // The dapps are the only sites the guard reads from (wallet detection). WXT adds the content scripts'
    // matches here too; listed explicitly so the list is visible in one place.
    host_permissions: DAPP_MATCHES,
    // RPC endpoints: public RPCs and anvil answer CORS, so the worker reads them with no host permission.
    // An endpoint the user adds that does not answer CORS can be granted from the options page, per origin.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    ...(browser === 'firefox'
      ? {
          // Firefox puts a new extension's button in the Extensions (puzzle) panel, hiding the badge with the
          // worst health factor until the user pins it; "navbar" puts it on the toolbar from the start.
          // (WXT merges the popup's default_popup into this.)
          action: { default_area: 'navbar' },
          browser_specific_settings: {
            gecko: {
              id: 'liquidation-guard@liquidationguard.dev',
              // 140 (ESR): world 'MAIN' content scripts, optional_host_permissions and data_collection_permissions.
              strict_min_version: '140.0',
              // Nothing leaves the browser except RPC reads to endpoints the user sees and can change.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { minimum_chrome_version: '111' }),
  }),
});

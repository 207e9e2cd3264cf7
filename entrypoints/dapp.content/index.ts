import { DAPP_MATCHES } from '@/lib/sites/index.ts';
import { siteForHost } from '@/lib/sites/registry.ts';
import { startController } from './controller.ts';
import { invalidateWhenOrphaned } from './orphan.ts';
import { startWalletRelay } from './wallet-relay.ts';

/**
 * Badges on the lending dapps' own pages: liquidation price and distance next to each of the user's
 * asset rows, a summary next to the page's health factor, a floating panel where neither is found.
 * Isolated world (the page cannot see this script's data); UI in closed shadow roots (./ui.ts); data only
 * from the background's snapshot in extension storage (./controller.ts). The site modules in lib/sites
 * know each front-end's URLs and markup.
 *
 * `document_start`: the wallet probe (wallet.content.ts) reports the page's accounts as soon as the page's
 * wallet announces itself; listening from the start catches that first report. The DOM work waits for
 * DOMContentLoaded.
 */
export default defineContentScript({
  matches: DAPP_MATCHES,
  runAt: 'document_start',
  // The page's own `message` listeners should not see WXT's bookkeeping posts.
  noScriptStartedPostMessage: true,
  main(ctx) {
    invalidateWhenOrphaned(ctx);
    const site = siteForHost(location.hostname);
    const controller = site ? startController(ctx, site) : null;
    startWalletRelay(ctx, (report) => controller?.pageWallet(report));
  },
});

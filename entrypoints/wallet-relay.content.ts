import { DAPP_MATCHES } from '@/lib/sites/index.ts';
import { createRelay } from '@/lib/wallet/relay.ts';
import { send } from '@/utils/messaging.ts';

/**
 * Isolated-world half of wallet detection: validates what the page script posts and forwards it to the
 * background (see lib/wallet/relay.ts for the rules). Stops with the extension (`ctx`), so a reloaded
 * extension does not leave an orphan listener on the page.
 */
export default defineContentScript({
  matches: DAPP_MATCHES,
  runAt: 'document_start',
  // The page's own `message` listeners should not see WXT's bookkeeping posts.
  noScriptStartedPostMessage: true,
  main(ctx) {
    const relay = createRelay({
      window,
      origin: location.origin,
      now: () => Date.now(),
      forward: (report) => {
        send('wallet-detected', { accounts: report.accounts, chainId: report.chainId, origin: location.origin }).catch(() => {
          // The background refused (rate limit) or is reloading; the next report will try again.
        });
      },
    });
    ctx.addEventListener(window, 'message', (event) => {
      relay.handle(event);
    });
  },
});

import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ValidPageReport } from '@/lib/messages.ts';
import { createRelay } from '@/lib/wallet/relay.ts';
import { send } from '@/utils/messaging.ts';

/**
 * Isolated-world half of wallet detection: the one `message` listener of this script. Validates what the
 * page script (wallet.content.ts) posts, forwards it to the background and hands every valid report to
 * `onReport` (the badges' controller) — one parse, one rate limit (see lib/wallet/relay.ts for the rules).
 * It lives in the badges' content script rather than a script of its own: one isolated script per dapp
 * page keeps what the page loads small (each script carries its own copy of the browser API polyfill).
 * Stops with the extension (`ctx`).
 */
export function startWalletRelay(ctx: Pick<ContentScriptContext, 'addEventListener'>, onReport?: (report: ValidPageReport) => void): void {
  const relay = createRelay({
    window,
    origin: location.origin,
    now: () => Date.now(),
    onReport,
    forward: (report) => {
      send('wallet-detected', { accounts: report.accounts, chainId: report.chainId, origin: location.origin }).catch(() => {
        // The background refused (rate limit) or is reloading; the next report will try again.
      });
    },
  });
  ctx.addEventListener(window, 'message', (event) => {
    relay.handle(event);
  });
}

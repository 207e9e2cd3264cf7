import { DAPP_MATCHES } from '@/lib/sites/index.ts';
import { startWalletProbe } from '@/lib/wallet/probe.ts';

/**
 * Page-world half of wallet detection (see lib/wallet/probe.ts): the page's wallets are only visible from
 * the page's own JavaScript world.
 *
 * Why a `world: 'MAIN'` content script rather than WXT's advised `injectScript()` of an unlisted script:
 * the browser injects it at `document_start`, before the dapp's own scripts, without a `<script>` tag, so
 * the page's Content-Security-Policy cannot block it and no file has to be web-accessible (which would let
 * any site probe for the extension). Both target browsers support it in MV3 (Chrome 111+, Firefox 128+;
 * the manifest asks for those). WXT's advice is about MV2 and older Firefox, which we do not ship for.
 */
export default defineContentScript({
  matches: DAPP_MATCHES,
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    startWalletProbe(window);
  },
});

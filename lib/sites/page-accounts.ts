import type { PageAccount } from './page-view.ts';
import type { PageMarket } from './types.ts';

/**
 * Which accounts a dapp page shows. Two sources, both untrusted in their own way:
 * - live: the wallet probe's window messages (lib/wallet/probe.ts) as the wallet relay validated them
 *   (lib/wallet/relay.ts: our namespace, exact shape, checksummed addresses, rate-limited) — the connected
 *   account right now; a page can forge one, but all it can achieve is to pick which of the user's
 *   *watched* accounts' badges it gets, rendered where it cannot read them;
 * - remembered: the watched account last reported on this host (`lastSeenOn`), for when the page's
 *   report came before this script listened or the wallet is locked.
 */

/**
 * The watched account most recently seen on `host`, as a one-element list, or []. `accounts` are the
 * page view's: confirmed and shown ones only (lib/sites/page-view-build.ts leaves out hidden and pending).
 */
export function rememberedAccounts(accounts: readonly PageAccount[], host: string): string[] {
  let best: { address: string; at: number } | null = null;
  for (const a of accounts) {
    if (a.lastSeenOn !== host) continue;
    const at = a.lastSeenAt ?? 0;
    if (!best || at > best.at) best = { address: a.address, at };
  }
  return best ? [best.address] : [];
}

/**
 * The accounts whose badges a page gets:
 * - a page whose URL names the account (Morpho's `/dashboard/<address>`): that one, or none;
 * - else the wallet the page reports connected (badges exist only for watched, confirmed accounts:
 *   the snapshot holds nothing else);
 * - else, only if the user opted in (`showRemembered`), the watched account last seen on this host
 *   (a locked wallet): otherwise a page that was never connected in this session shows nothing.
 */
export function accountsForPage(page: PageMarket, live: readonly string[], accounts: readonly PageAccount[], host: string, showRemembered: boolean): string[] {
  if (page.account !== undefined) return page.account === null ? [] : [page.account];
  if (live.length > 0) return [...live];
  return showRemembered ? rememberedAccounts(accounts, host) : [];
}

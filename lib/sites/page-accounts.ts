import type { WatchedAccount } from '../settings/index.ts';
import type { PageRemembered } from './page-view.ts';
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
 * Per host, the watched account most recently seen there, not hidden and not pending (the user confirmed
 * it and shows it). Built into the page view by the background.
 */
export function rememberedByHost(accounts: readonly Pick<WatchedAccount, 'address' | 'hidden' | 'pending' | 'lastSeenOn' | 'lastSeenAt'>[]): PageRemembered[] {
  const best = new Map<string, { address: string; at: number }>();
  for (const a of accounts) {
    if (a.hidden || a.pending || a.lastSeenOn === undefined) continue;
    const at = a.lastSeenAt ?? 0;
    const current = best.get(a.lastSeenOn);
    if (!current || at > current.at) best.set(a.lastSeenOn, { address: a.address, at });
  }
  return [...best].map(([host, { address }]) => ({ host, address }));
}

/**
 * The accounts whose badges a page gets:
 * - a page whose URL names the account (Morpho's `/dashboard/<address>`): that one, or none;
 * - else the wallet the page reports connected (badges exist only for watched, confirmed accounts:
 *   the snapshot holds nothing else);
 * - else, only if the user opted in (`showRemembered`), the watched account last seen on this host
 *   (a locked wallet): otherwise a page that was never connected in this session shows nothing.
 */
export function accountsForPage(page: PageMarket, live: readonly string[], remembered: readonly PageRemembered[], host: string, showRemembered: boolean): string[] {
  if (page.account !== undefined) return page.account === null ? [] : [page.account];
  if (live.length > 0) return [...live];
  const seen = showRemembered ? remembered.find((r) => r.host === host) : undefined;
  return seen ? [seen.address] : [];
}

import { parsePageMessage, PAGE_MESSAGE_SOURCE, type ValidPageReport } from '../messages.ts';
import type { AccountsState } from '../settings/index.ts';
import type { PageMarket } from './types.ts';

/**
 * Which accounts a dapp page shows. Two sources, both untrusted in their own way:
 * - live: the wallet probe's window messages (lib/wallet/probe.ts) that the wallet relay also reads —
 *   the connected account right now. Validated exactly like the relay does (`parsePageMessage`: our
 *   namespace, exact shape, checksummed addresses); a page can forge one, but all it can achieve is to
 *   pick which of the user's *watched* accounts' badges it gets, rendered where it cannot read them;
 * - remembered: the watched account last reported on this host (`lastSeenOn`), for when the page's
 *   report came before this script listened or the wallet is locked.
 */

/** A real report is a few hundred characters; anything much larger is dropped unread. */
export const MAX_PAGE_MESSAGE_CHARS = 4_000;

/** A plain-JSON copy of page data (Firefox Xray wrappers, getters) or null when too big / not JSON. */
export function ownCopy(data: unknown): unknown {
  try {
    const text = JSON.stringify(data);
    return typeof text === 'string' && text.length <= MAX_PAGE_MESSAGE_CHARS ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** A validated wallet report from a `message` event, or null (not ours, wrong window/origin, invalid). */
export function walletReportFrom(event: { source: unknown; origin: string; data: unknown }, win: unknown, origin: string): ValidPageReport | null {
  if (event.source !== win || event.origin !== origin) return null;
  const data = event.data as { source?: unknown } | null;
  if (typeof data !== 'object' || data === null || data.source !== PAGE_MESSAGE_SOURCE) return null;
  return parsePageMessage(ownCopy(data));
}

/** The watched account most recently seen on `host` (not hidden), as a one-element list, or []. */
export function rememberedAccounts(state: AccountsState, host: string): string[] {
  let best: { address: string; at: number } | null = null;
  for (const a of state.accounts) {
    if (a.hidden || a.pending || a.lastSeenOn !== host) continue;
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
export function accountsForPage(page: PageMarket, live: readonly string[], state: AccountsState | null, host: string, showRemembered: boolean): string[] {
  if (page.account !== undefined) return page.account === null ? [] : [page.account];
  if (live.length > 0) return [...live];
  return showRemembered && state ? rememberedAccounts(state, host) : [];
}

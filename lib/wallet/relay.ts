import { parsePageMessage, PAGE_MESSAGE_SOURCE, type ValidPageReport } from '../messages.ts';
import { TokenBucket } from './rate-limit.ts';

/**
 * The isolated-world half of wallet detection, and the one reader of the page's wallet messages: takes
 * `message` events from the page, keeps only our namespace from our own window and origin, rate-limits,
 * validates once (see `parsePageMessage`), tells the page's badges what the wallet says now (`onReport`),
 * and forwards new non-empty reports to the background (`forward`). Everything from the page is untrusted:
 * the page can post exactly what our page script posts, so all a page can ever do is report well-formed,
 * correctly checksummed addresses as connected, at a bounded rate — which only makes the guard *read*
 * them, and picks which of the user's watched accounts' badges it gets (rendered where it cannot read them).
 */

/** A genuine page reports a few times at load and on each account/chain change. */
export const RELAY_BURST = 10;
/** After a burst, one report per second gets through. */
export const RELAY_REFILL_MS = 1_000;
/** The same report again is forwarded at most this often (the background already has it). */
export const RELAY_REPEAT_AFTER_MS = 5 * 60_000;

/** A real report is a few hundred characters; anything much larger is dropped unread. */
export const MAX_PAGE_MESSAGE_CHARS = 4_000;

/**
 * A copy of the page's data made of this script's own objects. In Firefox a content script sees page
 * objects through Xray wrappers (another realm's prototypes, hidden getters); JSON text is the one form
 * that crosses cleanly, and it drops anything that is not plain data. Null when too big or not JSON.
 */
function ownCopy(data: unknown): unknown {
  try {
    const text = JSON.stringify(data);
    return typeof text === 'string' && text.length <= MAX_PAGE_MESSAGE_CHARS ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export type RelayOutcome =
  | 'forwarded'
  | 'not-ours' // another window, origin or namespace: not even looked at
  | 'rate-limited'
  | 'invalid'
  | 'empty' // no account connected: nothing to report
  | 'duplicate';

export interface RelayEvent {
  source: unknown;
  origin: string;
  data: unknown;
}

export interface Relay {
  handle(event: RelayEvent): RelayOutcome;
}

export function createRelay(opts: {
  window: unknown;
  origin: string;
  /** To the background: each new non-empty report (repeats within `RELAY_REPEAT_AFTER_MS` dropped). */
  forward: (report: ValidPageReport) => void;
  /** To this page's badges: every valid report, empty ones (a disconnected wallet) and repeats included. */
  onReport?: (report: ValidPageReport) => void;
  now: () => number;
}): Relay {
  const bucket = new TokenBucket(RELAY_BURST, RELAY_REFILL_MS, opts.now());
  let lastKey = '';
  let lastAt = -Infinity;
  return {
    handle(event) {
      // Cheapest checks first, so a flood of foreign messages costs a few comparisons each.
      if (event.source !== opts.window || event.origin !== opts.origin) return 'not-ours';
      const data = event.data as { source?: unknown } | null;
      if (typeof data !== 'object' || data === null || data.source !== PAGE_MESSAGE_SOURCE) return 'not-ours';
      const now = opts.now();
      if (!bucket.take(now)) return 'rate-limited';
      const report = parsePageMessage(ownCopy(data));
      if (!report) return 'invalid';
      opts.onReport?.(report);
      if (report.accounts.length === 0) return 'empty';
      const key = `${report.accounts.join(',')}@${report.chainId}`;
      if (key === lastKey && now - lastAt < RELAY_REPEAT_AFTER_MS) return 'duplicate';
      lastKey = key;
      lastAt = now;
      opts.forward(report);
      return 'forwarded';
    },
  };
}

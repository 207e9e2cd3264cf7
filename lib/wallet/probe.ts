import { PAGE_MESSAGE_SOURCE, PAGE_MESSAGE_VERSION, type PageWalletMessage } from '../messages.ts';

/**
 * The page-world half of wallet detection (runs in the dapp's MAIN world, so it sees the page's wallets).
 *
 * - Finds wallets through EIP-6963 (`eip6963:announceProvider` in answer to `eip6963:requestProvider`,
 *   and any wallet that announces itself later), plus `window.ethereum` for wallets that predate it
 *   (checked at start, on `ethereum#initialized` and on `load` — events, no timers).
 * - Asks each wallet only `eth_accounts` and `eth_chainId`: both answer without a prompt (an unconnected
 *   site gets `[]`). Never `eth_requestAccounts` or anything that could open a wallet window.
 * - Follows `accountsChanged` and `chainChanged`.
 * - Posts plain strings on `window` under our namespace; nothing is validated or trusted here (the
 *   isolated relay does that), and nothing here may throw into the page.
 *
 * No imports beyond constants: this code ships into every dapp page, so it stays small.
 */
/** The only methods this script ever calls on a wallet: the type of `request` below admits no other. */
export const READ_ONLY_METHODS = ['eth_accounts', 'eth_chainId'] as const;

export interface Eip1193Like {
  request(args: { method: (typeof READ_ONLY_METHODS)[number] }): Promise<unknown>;
  on?(event: 'accountsChanged' | 'chainChanged', listener: (...args: unknown[]) => void): unknown;
}

function isProvider(value: unknown): value is Eip1193Like {
  return typeof value === 'object' && value !== null && typeof (value as { request?: unknown }).request === 'function';
}

export function startWalletProbe(win: Window & { ethereum?: unknown }): void {
  const seen = new WeakSet<object>();
  const post = (message: PageWalletMessage) => win.postMessage(message, win.location.origin);

  const report = async (provider: Eip1193Like) => {
    try {
      const [accounts, chainId] = await Promise.all([
        provider.request({ method: 'eth_accounts' }),
        provider.request({ method: 'eth_chainId' }).catch(() => null),
      ]);
      if (!Array.isArray(accounts)) return;
      post({
        source: PAGE_MESSAGE_SOURCE,
        version: PAGE_MESSAGE_VERSION,
        kind: 'accounts',
        accounts: accounts.filter((a): a is string => typeof a === 'string').slice(0, 10),
        chainId: typeof chainId === 'string' ? chainId : null,
      });
    } catch {
      // A wallet that fails eth_accounts has nothing to tell us; the page must not see our errors.
    }
  };

  const watch = (provider: unknown) => {
    if (!isProvider(provider) || seen.has(provider)) return;
    seen.add(provider);
    try {
      provider.on?.('accountsChanged', () => void report(provider));
      provider.on?.('chainChanged', () => void report(provider));
    } catch {
      // Some providers' `on` is not an EventEmitter; we then only get the first report.
    }
    void report(provider);
  };

  win.addEventListener('eip6963:announceProvider', (event) => {
    watch((event as CustomEvent<{ provider?: unknown } | undefined>).detail?.provider);
  });
  win.dispatchEvent(new Event('eip6963:requestProvider'));

  const legacy = () => {
    try {
      watch(win.ethereum);
    } catch {
      // A hostile getter on window.ethereum.
    }
  };
  legacy();
  win.addEventListener('ethereum#initialized', legacy, { once: true });
  win.addEventListener('load', legacy, { once: true });
}

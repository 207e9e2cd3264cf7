import { browser } from 'wxt/browser';
import { createPublicClient, http, type Address } from 'viem';
import { mainnet } from 'viem/chains';
import { normalize } from 'viem/ens';
import { parseAccount } from '@/lib/account-input.ts';
import { oneLine } from '@/lib/errors.ts';
import { builtinChains, mergeMarkets, parseMarketsFileText } from '@/lib/markets/index.ts';
import {
  checkSender,
  classifySender,
  parseRequest,
  type Message,
  type MessageOf,
  type MessageType,
  type Reply,
  type ResponseOf,
  type SenderInfo,
} from '@/lib/messages.ts';
import { addManual, answerDetected, recordDetected, removeAccount, setHidden } from '@/lib/settings/watched-accounts.ts';
import { applySettingsPatch, defaultSettings, emptyAccounts, encodeSettings, type AccountsState } from '@/lib/settings/index.ts';
import { resolveChains } from '@/lib/settings/chains.ts';
import { importReplacements } from '@/lib/settings/import.ts';
import { encodeSnapshot } from '@/lib/snapshot/index.ts';
import { chooseRpc, probeChainId } from '@/lib/tracker/rpc.ts';
import { KeyedRateLimiter } from '@/lib/wallet/rate-limit.ts';
import { buildMarkets } from '@/utils/build-markets.ts';
import { accountsItem, decodeStoredSettingsFull, readAccounts, readSettings, readSnapshot, settingsItem, writeAccounts, writeSettings } from '@/utils/storage.ts';
import { updateBadge } from './toolbar-badge.ts';
import { serialize } from './serial.ts';
import { requestRefresh } from './tracker.ts';

/** Per dapp tab: a short burst of reports, then one every 2 s (the relay already limits; this is the backstop). */
const TAB_REPORT_BURST = 5;
const TAB_REPORT_REFILL_MS = 2_000;
const tabLimiter = new KeyedRateLimiter<number>(TAB_REPORT_BURST, TAB_REPORT_REFILL_MS);
/** Badge clicks opening the simulator: a few at once, then one a second per tab (a user clicks, a loop does not). */
const openLimiter = new KeyedRateLimiter<number>(3, 1_000);

interface Context {
  sender: SenderInfo;
}
type Handlers = { [T in MessageType]: (message: MessageOf<T>, ctx: Context) => Promise<ResponseOf<T>> };

/** Applies `change` to the stored accounts under the storage lock and writes its new state back. */
function changeAccounts<R extends { state: AccountsState }>(change: (accounts: AccountsState) => R): Promise<R> {
  return serialize(async () => {
    const result = change(await readAccounts());
    await writeAccounts(result.state);
    return result;
  });
}

const handlers: Handlers = {
  async 'wallet-detected'(message, { sender }) {
    const tabId = sender.tab!.id!;
    if (!tabLimiter.take(tabId, Date.now())) throw new Error('rate limited');
    const pageOrigin = new URL(sender.url!).origin;
    if (message.origin !== pageOrigin) throw new Error('origin does not match the sender');
    const { added } = await changeAccounts((accounts) => recordDetected(accounts, message.accounts, new URL(pageOrigin).host, Date.now()));
    // New addresses are pending: nothing is read, badged or alerted until the user answers in the popup
    // ('confirm-account'). A known one only brings the wallet's chain forward when it is one read rarely (no
    // position there yet): the user is on its dapp, maybe opening one. Never sooner than a minute after its
    // last read, so a page cannot make us hammer an RPC.
    if (added.length === 0 && message.chainId !== null) void requestRefresh({ chainIds: [message.chainId] });
    return { added: added.length };
  },

  async 'discard-stored'(message) {
    // Only on the user's explicit request (the notice's "Discard", after its export): the one write that
    // replaces a value this version could not read.
    await serialize(async () => {
      if (message.item === 'settings') await settingsItem.setValue(encodeSettings(defaultSettings()));
      else await accountsItem.setValue(emptyAccounts());
    });
    void updateBadge();
    void requestRefresh();
    return { discarded: true };
  },

  async 'confirm-account'(message) {
    const found = await serialize(async () => {
      const result = answerDetected(await readAccounts(), message.address, message.watch);
      if (result.found) await writeAccounts(result.state);
      return result.found;
    });
    if (found && message.watch) {
      void updateBadge();
      void requestRefresh();
    }
    return { found };
  },

  async 'open-position'(message, { sender }) {
    if (!openLimiter.take(sender.tab!.id!, Date.now())) throw new Error('rate limited');
    await browser.tabs.create({ url: `${browser.runtime.getURL('/popup.html')}?position=${encodeURIComponent(message.key)}` });
    return { opened: true };
  },

  async refresh() {
    const snapshot = await requestRefresh();
    return { updatedAt: snapshot.updatedAt };
  },

  async 'get-snapshot'() {
    const snapshot = await readSnapshot();
    return snapshot ? encodeSnapshot(snapshot) : null;
  },

  async 'add-account'(message) {
    const input = message.address.trim();
    let address: Address;
    let label = message.label?.trim() || undefined;
    if (/^0x/i.test(input)) {
      address = parseAccount(input);
    } else if (/^[^\s]+\.[^\s]+$/.test(input)) {
      address = await resolveEns(input);
      label ??= input;
    } else {
      throw new Error(`"${input.slice(0, 60)}" is neither an address (0x…) nor an ENS name (name.eth).`);
    }
    const { account } = await changeAccounts((accounts) => addManual(accounts, address, label, Date.now()));
    void updateBadge();
    void requestRefresh();
    return { account };
  },

  async 'remove-account'(message) {
    const { removed } = await changeAccounts((accounts) => removeAccount(accounts, message.address));
    void requestRefresh();
    return { removed };
  },

  async 'hide-account'(message) {
    const { found } = await changeAccounts((accounts) => setHidden(accounts, message.address, message.hidden));
    void requestRefresh();
    return { found };
  },

  async 'import-markets'(message) {
    const result = await serialize(async () => {
      const decoded = decodeStoredSettingsFull(await settingsItem.getValue());
      if (decoded.failed.includes('imported')) {
        throw new Error('The markets imported before cannot be read by this version; they are kept. Export them, or remove imported markets, before importing another file.');
      }
      const current = decoded.value;
      const known = resolveChains(current, buildMarkets);
      const file = parseMarketsFileText(message.json, [...builtinChains, ...known]);
      // Replacing what ships with the extension (a built-in market, a built-in chain's RPCs) is asked first.
      const replaces = importReplacements(file, mergeMarkets(buildMarkets));
      if (replaces.length > 0 && !message.confirmReplace) return { file, replaces, imported: false };
      const imported = mergeMarkets(file, current.imported);
      const chains = { ...current.chains };
      // Imported = switched on, also when the user had switched that chain off before.
      for (const c of file.chains) chains[c.chainId] = { ...chains[c.chainId], enabled: true };
      for (const m of file.markets) chains[m.chainId] = { ...chains[m.chainId], enabled: true };
      await writeSettings({ ...current, imported, chains });
      return { file, replaces, imported: true };
    });
    if (result.imported) void requestRefresh();
    return { chains: result.file.chains.length, markets: result.file.markets.length, replaces: result.replaces, imported: result.imported };
  },

  async 'clear-imported-markets'() {
    const removed = await serialize(async () => {
      const current = await readSettings();
      const count = current.imported.markets.length;
      // The user asked for it: also an imported list this version could not read is replaced.
      await writeSettings({ ...current, imported: { chains: [], markets: [] } }, ['imported']);
      return count;
    });
    void requestRefresh();
    return { removed };
  },

  async 'set-settings'(message) {
    const settings = await serialize(async () => {
      const next = applySettingsPatch(await readSettings(), message.patch);
      await writeSettings(next);
      return next;
    });
    void updateBadge();
    return { settings };
  },

  async 'set-chain'(message) {
    const settings = await serialize(async () => {
      const current = await readSettings();
      if (!resolveChains(current, buildMarkets).some((c) => c.chainId === message.chainId)) {
        throw new Error(`Chain ${message.chainId} is not known; import a markets file that defines it.`);
      }
      const entry = { ...current.chains[message.chainId] };
      if (message.enabled !== undefined) entry.enabled = message.enabled;
      if (message.rpcUrls === null) delete entry.rpcUrls;
      else if (message.rpcUrls !== undefined) entry.rpcUrls = message.rpcUrls;
      const next = { ...current, chains: { ...current.chains, [message.chainId]: entry } };
      await writeSettings(next);
      return next;
    });
    void requestRefresh();
    return { settings };
  },

  async 'test-rpc'(message) {
    const settings = await readSettings();
    const started = Date.now();
    try {
      const probe = await probeChainId(message.url, settings.rpcTimeoutMs);
      const ok = probe.chainId === message.chainId;
      return {
        ok,
        chainId: probe.chainId,
        latencyMs: probe.latencyMs,
        ...(ok ? {} : { error: `serves chain ${probe.chainId}, not ${message.chainId}` }),
      };
    } catch (error) {
      return { ok: false, error: oneLine(error), latencyMs: Date.now() - started };
    }
  },
};

/** ENS names are resolved on Ethereum mainnet through the user's Ethereum RPCs. */
async function resolveEns(name: string): Promise<Address> {
  const settings = await readSettings();
  const ethereum = resolveChains(settings, buildMarkets).find((c) => c.chainId === mainnet.id);
  if (!ethereum || ethereum.rpcUrls.length === 0) throw new Error('ENS needs an Ethereum RPC; add one under Chains.');
  let normalized: string;
  try {
    normalized = normalize(name);
  } catch {
    throw new Error(`"${name.slice(0, 60)}" is not a valid ENS name.`);
  }
  const { url } = await chooseRpc(ethereum.rpcUrls, mainnet.id, settings.rpcTimeoutMs);
  const client = createPublicClient({ chain: mainnet, transport: http(url, { timeout: settings.rpcTimeoutMs }) });
  const address = await client.getEnsAddress({ name: normalized });
  if (!address) throw new Error(`${normalized} does not resolve to an address.`);
  return address;
}

/**
 * The one entry for runtime messages: check the sender, validate the message, run its handler, and
 * answer with a `Reply` (errors as one line; nothing is thrown across contexts).
 */
export async function handleMessage(raw: unknown, sender: SenderInfo): Promise<Reply<MessageType>> {
  const kind = classifySender(sender, browser.runtime.id, browser.runtime.getURL('/'));
  let message: Message;
  try {
    message = parseRequest(raw);
  } catch (error) {
    return { ok: false, error: `Invalid message: ${(error as Error).message}` };
  }
  const refused = checkSender(message.type, kind);
  if (refused) return { ok: false, error: refused };
  try {
    const handler = handlers[message.type] as (m: Message, ctx: Context) => Promise<ResponseOf<MessageType>>;
    return { ok: true, value: await handler(message, { sender }) };
  } catch (error) {
    return { ok: false, error: oneLine(error) };
  }
}

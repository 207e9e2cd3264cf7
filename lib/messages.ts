/**
 * The one contract between the extension's contexts. Every message any context sends is declared here,
 * with its request, its response and who may send it; the background dispatches through a handler map
 * typed by `Protocol` (no string switches), and validates every request with `parseRequest` before a
 * handler sees it.
 *
 *   page (MAIN world) ──window.postMessage(PageWalletMessage)──▶ wallet relay (isolated content script)
 *   wallet relay ──runtime message 'wallet-detected'──▶ background
 *   options / popup ──runtime messages──▶ background
 *   background ──storage (snapshot, settings, accounts)──▶ every view (they read and watch storage)
 *
 * Everything here is JSON-safe: no bigint crosses a context (the snapshot travels encoded).
 * Pure module: the `browser` calls that send these live in `utils/messaging.ts`.
 */
import type { Address } from 'viem';
import type { EncodedSnapshot } from './snapshot/index.ts';
import {
  addressCodec,
  array,
  booleanCodec,
  DecodeError,
  isPlainObject,
  literal,
  nullable,
  numberCodec,
  object,
  optional,
  stringCodec,
  type Codec,
} from './core/codec.ts';
import { isDappUrl } from './sites/index.ts';
import { rpcUrlProblem } from './markets/rpc-url.ts';
import { MAX_LABEL_CHARS, settingsPatchCodec, type Settings, type SettingsPatch, type WatchedAccount } from './settings/index.ts';

// ——— Runtime messages (extension contexts ↔ background) ———

/** Who may send a message: an extension page (options, popup) or the wallet relay on a dapp tab. */
export type SenderKind = 'extension-page' | 'dapp-content-script';

/** Most accounts one page report may carry: a wallet exposes a handful, never hundreds. */
export const MAX_ACCOUNTS_PER_REPORT = 10;
/** A position key is `chainId:protocol:market:account` (lib/snapshot/position.ts): well under this. */
export const MAX_POSITION_KEY_CHARS = 400;
/** The longest markets file accepted from the options page (a devnet file is ~1 KB). */
export const MAX_MARKETS_FILE_CHARS = 1_000_000;

export interface Protocol {
  /** The wallet relay saw these accounts connected on a dapp page (already validated, checksummed). */
  'wallet-detected': {
    request: { accounts: Address[]; chainId: number | null; origin: string };
    response: { added: number };
    from: 'dapp-content-script';
  };
  /**
   * A badge on a dapp page was clicked (a trusted user click): open the popup's view of that position
   * (`popup.html?position=<positionKey>`) in a tab, where its simulator is.
   */
  'open-position': { request: { key: string }; response: { opened: boolean }; from: 'dapp-content-script' };
  /** Read everything now (debounced; resolves when the refresh that covers this request finished). */
  refresh: { request: Record<string, never>; response: { updatedAt: number }; from: 'extension-page' };
  'get-snapshot': { request: Record<string, never>; response: EncodedSnapshot | null; from: 'extension-page' };
  /** Watch an address (or an ENS name, resolved on Ethereum mainnet). */
  'add-account': {
    request: { address: string; label?: string };
    response: { account: WatchedAccount };
    from: 'extension-page';
  };
  'remove-account': { request: { address: Address }; response: { removed: boolean }; from: 'extension-page' };
  /**
   * The user chose to discard stored settings or accounts this version cannot read (after the notice that
   * offers their export): they are replaced with the defaults / an empty list.
   */
  'discard-stored': { request: { item: 'settings' | 'accounts' }; response: { discarded: boolean }; from: 'extension-page' };
  /** The user's answer about an address a dapp page reported (pending): watch it, or ignore it. */
  'confirm-account': { request: { address: Address; watch: boolean }; response: { found: boolean }; from: 'extension-page' };
  'hide-account': { request: { address: Address; hidden: boolean }; response: { found: boolean }; from: 'extension-page' };
  /**
   * A markets file (contract 1) as text; its chains and markets are added and switched on. When it would
   * replace a built-in market or a built-in chain's RPC URLs, nothing is written unless `confirmReplace`:
   * the answer lists what would be replaced (`replaces`) with `imported: false`, for the user to confirm.
   */
  'import-markets': {
    request: { json: string; confirmReplace?: boolean };
    response: { chains: number; markets: number; replaces: string[]; imported: boolean };
    from: 'extension-page';
  };
  /** Forget every imported chain and market. */
  'clear-imported-markets': { request: Record<string, never>; response: { removed: number }; from: 'extension-page' };
  'set-settings': { request: { patch: SettingsPatch }; response: { settings: Settings }; from: 'extension-page' };
  /** Switch a chain on/off or set its RPC URLs (`rpcUrls: null` = back to the defaults). */
  'set-chain': {
    request: { chainId: number; enabled?: boolean; rpcUrls?: string[] | null };
    response: { settings: Settings };
    from: 'extension-page';
  };
  /** Ask one RPC URL for its chain id and block (the options page's "test" button). */
  'test-rpc': {
    request: { url: string; chainId: number };
    response: { ok: boolean; chainId?: number; blockNumber?: string; error?: string; latencyMs: number };
    from: 'extension-page';
  };
}

export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = Protocol[T]['request'];
export type ResponseOf<T extends MessageType> = Protocol[T]['response'];

/** A message on the wire: the type plus its request fields. */
export type Message = { [T in MessageType]: { type: T } & RequestOf<T> }[MessageType];
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

/** Errors cross contexts as one line, never as a thrown structured clone. */
export type Reply<T extends MessageType> = { ok: true; value: ResponseOf<T> } | { ok: false; error: string };

const empty = object({});
const chainId = numberCodec({ integer: true, min: 1 });
const origin = stringCodec(300);
const rpcUrl: Codec<string, string> = {
  encode: (v) => v,
  decode(raw, path = '') {
    const problem = rpcUrlProblem(raw);
    if (problem !== undefined) throw new DecodeError(path, `an RPC URL (${problem})`);
    return raw as string;
  },
};

const requestCodecs: { [T in MessageType]: Codec<RequestOf<T>, unknown> } = {
  'wallet-detected': object({
    accounts: array(addressCodec, MAX_ACCOUNTS_PER_REPORT),
    chainId: nullable(chainId),
    origin,
  }) as Codec<RequestOf<'wallet-detected'>>,
  'open-position': object({ key: stringCodec(MAX_POSITION_KEY_CHARS) }),
  refresh: empty as Codec<Record<string, never>>,
  'get-snapshot': empty as Codec<Record<string, never>>,
  'add-account': object({ address: stringCodec(300), label: optional(stringCodec(MAX_LABEL_CHARS)) }) as Codec<RequestOf<'add-account'>>,
  'remove-account': object({ address: addressCodec }),
  'confirm-account': object({ address: addressCodec, watch: booleanCodec }),
  'discard-stored': object({ item: literal('settings', 'accounts') }) as Codec<RequestOf<'discard-stored'>>,
  'hide-account': object({ address: addressCodec, hidden: booleanCodec }),
  'import-markets': object({ json: stringCodec(MAX_MARKETS_FILE_CHARS), confirmReplace: optional(booleanCodec) }) as Codec<RequestOf<'import-markets'>>,
  'clear-imported-markets': empty as Codec<Record<string, never>>,
  'set-settings': object({ patch: settingsPatchCodec }) as Codec<RequestOf<'set-settings'>>,
  'set-chain': object({
    chainId,
    enabled: optional(booleanCodec),
    rpcUrls: optional(nullable(array(rpcUrl, 8))),
  }) as Codec<RequestOf<'set-chain'>>,
  'test-rpc': object({ url: rpcUrl, chainId }),
};

/** Who may send each message. */
export const MESSAGE_SENDERS: { [T in MessageType]: Protocol[T]['from'] } = {
  'wallet-detected': 'dapp-content-script',
  'open-position': 'dapp-content-script',
  refresh: 'extension-page',
  'get-snapshot': 'extension-page',
  'add-account': 'extension-page',
  'remove-account': 'extension-page',
  'confirm-account': 'extension-page',
  'discard-stored': 'extension-page',
  'hide-account': 'extension-page',
  'import-markets': 'extension-page',
  'clear-imported-markets': 'extension-page',
  'set-settings': 'extension-page',
  'set-chain': 'extension-page',
  'test-rpc': 'extension-page',
};

export function isMessageType(type: unknown): type is MessageType {
  return typeof type === 'string' && Object.hasOwn(requestCodecs, type);
}

/** Validate a runtime message; throws `DecodeError` with the bad field's path. */
export function parseRequest(raw: unknown): Message {
  if (!isPlainObject(raw) || !isMessageType(raw.type)) throw new DecodeError('type', 'a known message type');
  const type = raw.type;
  const request = requestCodecs[type].decode(raw, '') as object;
  return { type, ...request } as Message;
}

/** The parts of `runtime.MessageSender` the check needs (same in Chrome and Firefox). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/**
 * What kind of sender this is, or null when it is none we accept:
 * - only our own extension (`id`), never another extension or a web page (`externally_connectable` is
 *   not declared, but the check does not rely on that);
 * - an extension page: a URL under our own origin;
 * - the wallet relay: a content script in a tab whose top-level URL and frame URL are on a dapp host.
 */
export function classifySender(sender: SenderInfo, ownId: string, ownOrigin: string): SenderKind | null {
  if (!sender.id || sender.id !== ownId) return null;
  const base = ownOrigin.endsWith('/') ? ownOrigin : `${ownOrigin}/`;
  if (sender.url?.startsWith(base)) return 'extension-page';
  if (sender.tab && typeof sender.tab.id === 'number' && isDappUrl(sender.tab.url) && isDappUrl(sender.url)) {
    return 'dapp-content-script';
  }
  return null;
}

/** The allowed-sender rule for one message: returns an error line, or null when allowed. */
export function checkSender(type: MessageType, kind: SenderKind | null): string | null {
  if (kind === null) return 'sender not accepted';
  return MESSAGE_SENDERS[type] === kind ? null : `'${type}' is not accepted from ${kind}`;
}

// ——— Window messages (page script in the MAIN world → wallet relay in the isolated world) ———

/** The namespace of our window messages; anything else on `window` is ignored. */
export const PAGE_MESSAGE_SOURCE = 'liquidation-guard:wallet';
export const PAGE_MESSAGE_VERSION = 1;

/**
 * What the page script reports, as plain strings exactly as the wallet returned them. The relay treats
 * this as untrusted (the page can post the same thing) and validates it with `parsePageMessage`.
 */
export interface PageWalletMessage {
  source: typeof PAGE_MESSAGE_SOURCE;
  version: typeof PAGE_MESSAGE_VERSION;
  kind: 'accounts';
  /** `eth_accounts` result (possibly lower-case). */
  accounts: string[];
  /** `eth_chainId` result (hex string), or null when the wallet did not say. */
  chainId: string | null;
}

/** Larger than any real report; a bigger payload is dropped before it is even looked at. */
export const MAX_PAGE_MESSAGE_KEYS = 8;
const MAX_CHAIN_ID_HEX_CHARS = 18; // 0x + 16 hex digits; real chain ids fit in 53 bits

export interface ValidPageReport {
  accounts: Address[];
  chainId: number | null;
}

/**
 * Validate a window message from the page. Returns null for anything that is not exactly our shape:
 * other namespaces, unknown keys, too many accounts, malformed or wrongly-checksummed addresses, chain
 * ids that are not hex or not safe integers. Addresses come back checksummed and deduplicated.
 */
export function parsePageMessage(data: unknown): ValidPageReport | null {
  if (!isPlainObject(data) || data.source !== PAGE_MESSAGE_SOURCE) return null;
  const keys = Object.keys(data);
  if (keys.length > MAX_PAGE_MESSAGE_KEYS || keys.some((k) => !PAGE_MESSAGE_KEYS.has(k))) return null;
  if (data.version !== PAGE_MESSAGE_VERSION || data.kind !== 'accounts') return null;
  if (!Array.isArray(data.accounts) || data.accounts.length > MAX_ACCOUNTS_PER_REPORT) return null;
  const accounts: Address[] = [];
  for (const raw of data.accounts) {
    let address: Address;
    try {
      address = addressCodec.decode(raw);
    } catch {
      return null; // one bad address taints the report: a real wallet never sends one
    }
    if (!accounts.includes(address)) accounts.push(address);
  }
  let chain: number | null = null;
  if (data.chainId !== null) {
    if (typeof data.chainId !== 'string' || data.chainId.length > MAX_CHAIN_ID_HEX_CHARS || !/^0x[0-9a-fA-F]+$/.test(data.chainId)) {
      return null;
    }
    chain = Number.parseInt(data.chainId.slice(2), 16);
    if (!Number.isSafeInteger(chain) || chain < 1) return null;
  }
  return { accounts, chainId: chain };
}
const PAGE_MESSAGE_KEYS = new Set(['source', 'version', 'kind', 'accounts', 'chainId']);

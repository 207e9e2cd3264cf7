import type { Address } from 'viem';
import type { ChainConfig, MarketConfig } from '../markets/types.ts';
import {
  addressCodec,
  array,
  booleanCodec,
  isPlainObject,
  literal,
  numberCodec,
  optional,
  stringCodec,
  object,
  type Codec,
} from '../snapshot/codec.ts';
import { migrate, type Migrations } from '../snapshot/migrations.ts';

export const SETTINGS_VERSION = 1;
export const ACCOUNTS_VERSION = 1;

/** Alert when HF falls below these (DESIGN/issue defaults). */
export const DEFAULT_WARN_BELOW = 1.25;
export const DEFAULT_URGENT_BELOW = 1.1;
/** What the proposals aim for. */
export const DEFAULT_TARGET_HEALTH_FACTOR = 1.5;
/** An RPC that has not answered in this long is treated as down for this refresh (the issue's "slow"). */
export const DEFAULT_RPC_TIMEOUT_MS = 10_000;
/** At most this many RPC URLs per chain: a fallback list, not a crawler. */
export const MAX_RPC_URLS = 8;

export interface ChainSettings {
  /** Off = not read at all (no RPC traffic). Absent = on. */
  enabled?: boolean;
  /** The user's endpoints, tried in order; absent = the chain's defaults. */
  rpcUrls?: string[];
}

export interface Settings {
  version: typeof SETTINGS_VERSION;
  warnBelow: number;
  urgentBelow: number;
  targetHealthFactor: number;
  notifications: boolean;
  rpcTimeoutMs: number;
  /**
   * Badges on a dapp page for the account last seen there while no wallet is connected (locked): off by
   * default, since the page then gets numbers for an account it was not shown by the wallet.
   */
  rememberedBadges: boolean;
  /** Per chain id, only where the user changed something. */
  chains: Record<number, ChainSettings>;
  /** Chains and markets imported from a markets file (contract 1); imported = switched on. */
  imported: { chains: ChainConfig[]; markets: MarketConfig[] };
}

export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
    warnBelow: DEFAULT_WARN_BELOW,
    urgentBelow: DEFAULT_URGENT_BELOW,
    targetHealthFactor: DEFAULT_TARGET_HEALTH_FACTOR,
    notifications: true,
    rpcTimeoutMs: DEFAULT_RPC_TIMEOUT_MS,
    rememberedBadges: false,
    chains: {},
    imported: { chains: [], markets: [] },
  };
}

export const SETTINGS_MIGRATIONS: Migrations = {};
export const ACCOUNTS_MIGRATIONS: Migrations = {};

const hf = numberCodec({ min: 1, max: 10 });
const timeout = numberCodec({ integer: true, min: 1_000, max: 60_000 });

/** http(s) URL, no credentials in it (they would be shown in the options page and the snapshot). */
export function validRpcUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 500) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

function decodeChainSettings(raw: unknown): ChainSettings | undefined {
  if (!isPlainObject(raw)) return undefined;
  const out: ChainSettings = {};
  if (typeof raw.enabled === 'boolean') out.enabled = raw.enabled;
  if (Array.isArray(raw.rpcUrls)) {
    const urls = raw.rpcUrls.filter(validRpcUrl).slice(0, MAX_RPC_URLS);
    if (urls.length > 0) out.rpcUrls = urls;
  }
  return out;
}

export interface Decoded<T> {
  value: T;
  issues: string[];
}

/**
 * Settings as stored, read back field by field: a field that does not validate falls back to its default
 * (reported in `issues`) and the others are kept, so one bad value never wipes the user's setup.
 * `validateImported` re-checks imported markets with the markets-file parser (lib/markets), kept as a
 * parameter so this module stays free of it.
 */
export function decodeSettings(
  raw: unknown,
  validateImported: (json: unknown) => { chains: ChainConfig[]; markets: MarketConfig[] } = (j) => j as Settings['imported'],
): Decoded<Settings> {
  const value = defaultSettings();
  if (raw === null || raw === undefined) return { value, issues: [] };
  const migrated = migrate(raw, SETTINGS_VERSION, SETTINGS_MIGRATIONS);
  if (!migrated.ok || !isPlainObject(migrated.value)) {
    return { value, issues: [`settings: ${migrated.ok ? 'not an object' : migrated.message}; defaults used`] };
  }
  const s = migrated.value;
  const issues: string[] = [];
  const field = <K extends keyof Settings>(key: K, decode: (raw: unknown, path: string) => Settings[K]) => {
    if (s[key] === undefined) return;
    try {
      value[key] = decode(s[key], key);
    } catch (error) {
      issues.push(`settings.${(error as Error).message}`);
    }
  };
  field('warnBelow', (r, p) => hf.decode(r, p));
  field('urgentBelow', (r, p) => hf.decode(r, p));
  field('targetHealthFactor', (r, p) => hf.decode(r, p));
  field('notifications', (r, p) => booleanCodec.decode(r, p));
  field('rpcTimeoutMs', (r, p) => timeout.decode(r, p));
  field('rememberedBadges', (r, p) => booleanCodec.decode(r, p));
  if (value.urgentBelow > value.warnBelow) {
    issues.push('settings: urgent threshold above warn threshold; defaults used');
    value.urgentBelow = DEFAULT_URGENT_BELOW;
    value.warnBelow = DEFAULT_WARN_BELOW;
  }
  if (isPlainObject(s.chains)) {
    for (const [key, c] of Object.entries(s.chains).slice(0, 1_000)) {
      const decoded = /^[1-9][0-9]{0,15}$/.test(key) ? decodeChainSettings(c) : undefined;
      if (decoded) value.chains[Number(key)] = decoded;
      else issues.push(`settings.chains.${key}: ignored`);
    }
  }
  if (s.imported !== undefined) {
    try {
      value.imported = validateImported(s.imported);
    } catch (error) {
      issues.push(`settings.imported: ${(error as Error).message}`);
    }
  }
  return { value, issues };
}

export function encodeSettings(settings: Settings): Settings {
  // Settings hold no bigint: the stored form is the value itself (a copy, so callers cannot alias it).
  return structuredClone({ ...settings, version: SETTINGS_VERSION });
}

/** What the options page may change in one message (thresholds are checked together). */
export interface SettingsPatch {
  warnBelow?: number;
  urgentBelow?: number;
  targetHealthFactor?: number;
  notifications?: boolean;
  rpcTimeoutMs?: number;
  rememberedBadges?: boolean;
}

export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  const next: Settings = { ...settings, ...patch };
  if (next.urgentBelow >= next.warnBelow) {
    throw new Error(`The urgent threshold (${next.urgentBelow}) must be below the warning threshold (${next.warnBelow}).`);
  }
  if (next.targetHealthFactor <= next.warnBelow) {
    throw new Error(`The target health factor (${next.targetHealthFactor}) must be above the warning threshold (${next.warnBelow}).`);
  }
  return next;
}

export const settingsPatchCodec = object({
  warnBelow: optional(hf),
  urgentBelow: optional(hf),
  targetHealthFactor: optional(hf),
  notifications: optional(booleanCodec),
  rpcTimeoutMs: optional(timeout),
  rememberedBadges: optional(booleanCodec),
});

// ——— Watched accounts ———

export type AccountSource = 'detected' | 'manual';

export interface WatchedAccount {
  address: Address;
  /** How it arrived: seen connected on a dapp page, or typed in by the user. */
  source: AccountSource;
  /** Hidden = not read and not shown; a detected account stays hidden when seen again. */
  hidden: boolean;
  /** The user's label or the ENS name it was added by. */
  label?: string;
  /** Milliseconds since epoch. */
  addedAt: number;
  /** Last time a dapp page reported it connected (detected accounts). */
  lastSeenAt?: number;
  /** The dapp host it was last seen on. */
  lastSeenOn?: string;
}

export interface AccountsState {
  version: typeof ACCOUNTS_VERSION;
  accounts: WatchedAccount[];
}

/** More than this is not one person's wallets; a page flooding us with addresses stops here. */
export const MAX_ACCOUNTS = 50;
/** Detected accounts count against their own, smaller budget so a hostile page cannot crowd out manual ones. */
export const MAX_DETECTED_ACCOUNTS = 20;

/**
 * The one limit on an account's label (the user's text or the ENS name it was added by): every write
 * clamps to it (`clampLabel`), every read accepts up to it, so a long ENS name never makes the account
 * unreadable.
 */
export const MAX_LABEL_CHARS = 100;

/** The label cut to `MAX_LABEL_CHARS` (never inside a surrogate pair), trimmed; undefined when empty. */
export function clampLabel(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  let out = label.trim();
  if (out.length > MAX_LABEL_CHARS) {
    out = out.slice(0, MAX_LABEL_CHARS);
    if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
    out = out.trimEnd();
  }
  return out === '' ? undefined : out;
}

/** Reads clamp too: a label written by an older version without the limit costs its tail, not the account. */
const labelCodec: Codec<string, string> = {
  encode: (v) => v,
  decode(raw, path = '') {
    const s = stringCodec(10_000).decode(raw, path);
    return clampLabel(s) ?? '';
  },
};

export const watchedAccountCodec = object({
  address: addressCodec,
  source: literal('detected', 'manual'),
  hidden: booleanCodec,
  label: optional(labelCodec),
  addedAt: numberCodec({ integer: true, min: 0 }),
  lastSeenAt: optional(numberCodec({ integer: true, min: 0 })),
  lastSeenOn: optional(stringCodec(253)),
});

export function emptyAccounts(): AccountsState {
  return { version: ACCOUNTS_VERSION, accounts: [] };
}

export function decodeAccounts(raw: unknown): Decoded<AccountsState> {
  const value = emptyAccounts();
  if (raw === null || raw === undefined) return { value, issues: [] };
  const migrated = migrate(raw, ACCOUNTS_VERSION, ACCOUNTS_MIGRATIONS);
  if (!migrated.ok || !isPlainObject(migrated.value) || !Array.isArray(migrated.value.accounts)) {
    return { value, issues: [`accounts: ${migrated.ok ? 'not a list' : migrated.message}`] };
  }
  const issues: string[] = [];
  const seen = new Set<string>();
  for (const [i, a] of migrated.value.accounts.slice(0, MAX_ACCOUNTS).entries()) {
    try {
      const account = watchedAccountCodec.decode(a, `accounts[${i}]`) as WatchedAccount;
      if (seen.has(account.address)) continue;
      seen.add(account.address);
      value.accounts.push(account);
    } catch (error) {
      issues.push((error as Error).message);
    }
  }
  return { value, issues };
}

export const accountsListCodec = array(watchedAccountCodec, MAX_ACCOUNTS);

/** The accounts the background reads: every one not hidden. */
export function activeAccounts(state: AccountsState): Address[] {
  return state.accounts.filter((a) => !a.hidden).map((a) => a.address);
}

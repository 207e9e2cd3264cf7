import type { Address } from 'viem';
import type { ChainConfig, MarketConfig } from '../markets/types.ts';
import {
  addressCodec,
  booleanCodec,
  isPlainObject,
  literal,
  numberCodec,
  optional,
  stringCodec,
  object,
  type Codec,
} from '../core/codec.ts';
import { migrate, type Migrations } from '../core/migrations.ts';

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
  /** Alert when a position's chance of liquidation within a day rises above this (0–1). */
  chanceAlertAbove: number;
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
    chanceAlertAbove: DEFAULT_CHANCE_ALERT_ABOVE,
    chains: {},
    imported: { chains: [], markets: [] },
  };
}

export const SETTINGS_MIGRATIONS: Migrations = {};
export const ACCOUNTS_MIGRATIONS: Migrations = {};

const hf = numberCodec({ min: 1, max: 10 });
const timeout = numberCodec({ integer: true, min: 1_000, max: 60_000 });
const chanceLevel = numberCodec({ min: 0.001, max: 1 });
/** 5 %: about one day in twenty; matches lib/alerts/chance.ts. */
export const DEFAULT_CHANCE_ALERT_ABOVE = 0.05;

/**
 * Reading stored settings back: http(s), no credentials. Deliberately looser than the rule for new URLs
 * (`lib/markets/rpc-url.ts`, which the options page, messages and markets files enforce): a URL the user saved
 * under an older rule is kept, not dropped on read.
 */
export function validRpcUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 500) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

function decodeChainSettings(raw: unknown): { value: ChainSettings; lossy: boolean } | undefined {
  if (!isPlainObject(raw)) return undefined;
  const out: ChainSettings = {};
  let lossy = Object.keys(raw).some((k) => k !== 'enabled' && k !== 'rpcUrls');
  if (typeof raw.enabled === 'boolean') out.enabled = raw.enabled;
  else if (raw.enabled !== undefined) lossy = true;
  if (Array.isArray(raw.rpcUrls)) {
    const urls = raw.rpcUrls.filter(validRpcUrl).slice(0, MAX_RPC_URLS);
    if (urls.length !== raw.rpcUrls.length) lossy = true;
    if (urls.length > 0) out.rpcUrls = urls;
  } else if (raw.rpcUrls !== undefined) lossy = true;
  return { value: out, lossy };
}

export interface Decoded<T> {
  value: T;
  issues: string[];
  /**
   * Why the stored value as a whole cannot be read by this version (written by a newer version, or with
   * no version at all), or null. `value` is then the defaults, for display only: the stored value must be
   * kept as it is (see `settingsForWrite` / `accountsForWrite`), shown to the user and exportable.
   */
  unreadable: string | null;
}

/** Settings as read, plus what could not be read (kept verbatim by the next write). */
export interface DecodedSettings extends Decoded<Settings> {
  /** Fields that did not validate and read as their defaults. */
  failed: (keyof Settings)[];
  /** Per-chain entries (by stored key) that were ignored or read only in part. */
  failedChains: string[];
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
): DecodedSettings {
  const value = defaultSettings();
  const out: DecodedSettings = { value, issues: [], unreadable: null, failed: [], failedChains: [] };
  if (raw === null || raw === undefined) return out;
  const migrated = migrate(raw, SETTINGS_VERSION, SETTINGS_MIGRATIONS);
  if (!migrated.ok || !isPlainObject(migrated.value)) {
    out.unreadable = unreadableReason(migrated, 'settings');
    out.issues.push(`settings: ${out.unreadable}; defaults used, the stored value is kept`);
    return out;
  }
  const s = migrated.value;
  const { issues, failed } = out;
  const field = <K extends keyof Settings>(key: K, decode: (raw: unknown, path: string) => Settings[K]) => {
    if (s[key] === undefined) return;
    try {
      value[key] = decode(s[key], key);
    } catch (error) {
      issues.push(`settings.${(error as Error).message}`);
      failed.push(key);
    }
  };
  field('warnBelow', (r, p) => hf.decode(r, p));
  field('urgentBelow', (r, p) => hf.decode(r, p));
  field('targetHealthFactor', (r, p) => hf.decode(r, p));
  field('notifications', (r, p) => booleanCodec.decode(r, p));
  field('rpcTimeoutMs', (r, p) => timeout.decode(r, p));
  field('rememberedBadges', (r, p) => booleanCodec.decode(r, p));
  field('chanceAlertAbove', (r, p) => chanceLevel.decode(r, p));
  if (value.urgentBelow > value.warnBelow) {
    issues.push('settings: urgent threshold above warn threshold; defaults used');
    value.urgentBelow = DEFAULT_URGENT_BELOW;
    value.warnBelow = DEFAULT_WARN_BELOW;
    failed.push('urgentBelow', 'warnBelow');
  }
  if (isPlainObject(s.chains)) {
    for (const [key, c] of Object.entries(s.chains)) {
      const decoded = /^[1-9][0-9]{0,15}$/.test(key) ? decodeChainSettings(c) : undefined;
      if (decoded) value.chains[Number(key)] = decoded.value;
      else issues.push(`settings.chains.${key}: ignored`);
      if (!decoded || decoded.lossy) out.failedChains.push(key);
    }
  } else if (s.chains !== undefined) {
    issues.push('settings.chains: not an object; ignored');
    failed.push('chains');
  }
  if (s.imported !== undefined) {
    try {
      value.imported = validateImported(s.imported);
    } catch (error) {
      issues.push(`settings.imported: ${(error as Error).message}`);
      failed.push('imported');
    }
  }
  return out;
}

/** One line saying why a stored value cannot be read at all. */
function unreadableReason(result: ReturnType<typeof migrate>, what: string): string {
  if (result.ok) return `${what} are not in the expected form`;
  if (result.reason === 'newer') return `${what} were saved by a newer version of Liquidation Guard (${result.message})`;
  if (result.reason === 'missing-version') return `${what} were saved without a version number`;
  return `${what} cannot be brought up to date (${result.message})`;
}

/** Raised instead of writing over a stored value this version cannot read. */
export class StoredValueLockedError extends Error {
  constructor(what: string, reason: string) {
    super(`Not saved: your ${what} ${reason.replace(/^(settings|accounts) /, '')}. They are kept unchanged; export them from the options page, or install the newer version again.`);
    this.name = 'StoredValueLockedError';
  }
}

const SETTINGS_KEYS = new Set<string>(Object.keys(defaultSettings()));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The value to store for `next`, given what storage holds now (`raw`, as `decoded` read it): nothing the
 * running code could not read is lost.
 * - a stored value this version cannot read at all (newer, no version): refused (throws), never replaced;
 * - a field that failed validation and that `next` leaves as it was read: its stored form is written back
 *   (unless listed in `replace`: the user asked for that field to be replaced, e.g. "Remove imported markets");
 * - chain entries that were ignored or read in part, when `next` did not touch that chain: written back;
 * - keys this version does not know (a newer version's additions in the same format): written back.
 */
export function settingsForWrite(next: Settings, raw: unknown, decoded: DecodedSettings, replace: readonly (keyof Settings)[] = []): Record<string, unknown> {
  if (decoded.unreadable) throw new StoredValueLockedError('settings', decoded.unreadable);
  const out = encodeSettings(next) as unknown as Record<string, unknown>;
  if (!isPlainObject(raw)) return out;
  for (const key of decoded.failed) {
    if (replace.includes(key) || !same(next[key], decoded.value[key])) continue;
    out[key] = structuredClone(raw[key]);
  }
  const rawChains = isPlainObject(raw.chains) ? raw.chains : {};
  const chains = out.chains as Record<string, unknown>;
  for (const key of decoded.failedChains) {
    const untouched = !Object.hasOwn(next.chains, key) || same(next.chains[Number(key)], decoded.value.chains[Number(key)]);
    if (untouched && !replace.includes('chains')) chains[key] = structuredClone(rawChains[key]);
  }
  for (const [key, v] of Object.entries(raw)) if (!SETTINGS_KEYS.has(key)) out[key] = structuredClone(v);
  return out;
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
  chanceAlertAbove?: number;
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
  chanceAlertAbove: optional(chanceLevel),
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
  /**
   * A detected address the user has not answered yet ("Watch" / "Ignore" in the popup): not read, not in
   * the badge, the alerts or the popup's positions. A page can report any address; only the user decides.
   */
  pending?: boolean;
}

export interface AccountsState {
  version: typeof ACCOUNTS_VERSION;
  accounts: WatchedAccount[];
  /** Detected addresses the user ignored or removed: never asked about again; they hold no slot. */
  ignored?: Address[];
  /** New addresses reported by pages in the current window (the detection rate limit). */
  detection?: { windowStart: number; count: number };
}

/** More than this is not one person's wallets; a page flooding us with addresses stops here. */
export const MAX_ACCOUNTS = 50;
/** Detected accounts count against their own, smaller budget so a hostile page cannot crowd out manual ones. */
export const MAX_DETECTED_ACCOUNTS = 20;
/** Addresses waiting for the user's answer at once: a real user connects one wallet at a time. */
export const MAX_PENDING_ACCOUNTS = 3;
/** New addresses pages may report per window before detection pauses until the window ends. */
export const NEW_DETECTIONS_PER_WINDOW = 5;
/**
 * Short enough that a page which used up the budget delays the user's real wallet by minutes, not hours;
 * long enough that a page cannot churn addresses through the prompt (only adds count, and adds are bounded
 * by the pending slots, which only the user's answers free).
 */
export const DETECTION_WINDOW_MS = 15 * 60_000;
/** Ignored addresses remembered (the oldest are forgotten first; a forgotten one is only asked about again). */
export const MAX_IGNORED_ACCOUNTS = 200;

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
  pending: optional(booleanCodec),
});

export function emptyAccounts(): AccountsState {
  return { version: ACCOUNTS_VERSION, accounts: [] };
}

/** Accounts as read, plus the stored entries that could not be read (kept verbatim by the next write). */
export interface DecodedAccounts extends Decoded<AccountsState> {
  rejected: unknown[];
}

export function decodeAccounts(raw: unknown): DecodedAccounts {
  const value = emptyAccounts();
  const out: DecodedAccounts = { value, issues: [], unreadable: null, rejected: [] };
  if (raw === null || raw === undefined) return out;
  const migrated = migrate(raw, ACCOUNTS_VERSION, ACCOUNTS_MIGRATIONS);
  if (!migrated.ok || !isPlainObject(migrated.value) || !Array.isArray(migrated.value.accounts)) {
    out.unreadable = unreadableReason(migrated, 'accounts');
    out.issues.push(`accounts: ${out.unreadable}; the stored value is kept`);
    return out;
  }
  const seen = new Set<string>();
  for (const [i, a] of migrated.value.accounts.entries()) {
    if (i >= MAX_ACCOUNTS) {
      out.rejected.push(a);
      continue;
    }
    try {
      const account = watchedAccountCodec.decode(a, `accounts[${i}]`) as WatchedAccount;
      if (seen.has(account.address)) continue;
      seen.add(account.address);
      if (account.pending === false) delete account.pending;
      value.accounts.push(account);
    } catch (error) {
      out.issues.push((error as Error).message);
      out.rejected.push(a);
    }
  }
  const v = migrated.value;
  if (Array.isArray(v.ignored)) {
    const ignored: Address[] = [];
    for (const a of v.ignored.slice(-MAX_IGNORED_ACCOUNTS)) {
      try {
        ignored.push(addressCodec.decode(a));
      } catch {
        out.issues.push('accounts.ignored: an entry is not an address; dropped');
      }
    }
    value.ignored = ignored;
  }
  if (isPlainObject(v.detection) && Number.isSafeInteger(v.detection.windowStart) && Number.isSafeInteger(v.detection.count)) {
    value.detection = { windowStart: v.detection.windowStart as number, count: v.detection.count as number };
  }
  return out;
}

const ACCOUNTS_KEYS = new Set(['version', 'accounts', 'ignored', 'detection']);

/**
 * The value to store for `next` given what storage holds now: refused when the stored value cannot be read
 * at all; entries that could not be read (or were past the limit) are appended back unchanged; unknown
 * top-level keys are kept.
 */
export function accountsForWrite(next: AccountsState, raw: unknown, decoded: DecodedAccounts): Record<string, unknown> {
  if (decoded.unreadable) throw new StoredValueLockedError('accounts', decoded.unreadable);
  const out: Record<string, unknown> = structuredClone({ ...next, version: ACCOUNTS_VERSION });
  (out.accounts as unknown[]).push(...structuredClone(decoded.rejected));
  if (isPlainObject(raw)) for (const [key, v] of Object.entries(raw)) if (!ACCOUNTS_KEYS.has(key)) out[key] = structuredClone(v);
  return out;
}

/** The accounts the background reads: every one not hidden and not waiting for the user's answer. */
export function activeAccounts(state: AccountsState): Address[] {
  return state.accounts.filter((a) => !a.hidden && !a.pending).map((a) => a.address);
}

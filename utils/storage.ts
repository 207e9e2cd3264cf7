/**
 * Every item the extension keeps in `browser.storage`, defined once.
 *
 * Why here and not in `lib/`: `storage.defineItem` touches the browser API and `lib/` stays pure (it runs
 * in Node for the CLI and unit tests). The shapes, defaults, validation and migrations are pure and live in
 * `lib/snapshot` and `lib/settings`; this module only binds them to storage keys.
 *
 * Versioning: each stored value carries its own `version` and is migrated *and validated* on every read by
 * the `decode…` functions (a stored value is never trusted: older shape, newer shape, hand edit, bug).
 * That is why the items below declare a `fallback` but no WXT `version`/`migrations`: the version travels
 * with the value, so the popup, the content scripts and the worker agree on it without WXT's separate
 * `key$` metadata, and a value written by a newer version is recognised and ignored instead of misread.
 *
 * Areas: everything lives in `local` (settings hold imported markets files, bigger than `sync`'s 8 KB
 * per item; nothing here needs to follow the user across machines without their say).
 */
import { storage } from 'wxt/utils/storage';
import { STORAGE_KEYS } from '@/lib/storage-keys.ts';
import { parseMarketsFile } from '@/lib/markets/file.ts';
import { builtinChains } from '@/lib/markets/chains.ts';
import { buildMarkets } from '@/utils/build-markets.ts';
import { decodeSnapshot, encodeSnapshot, type EncodedSnapshot, type Snapshot } from '@/lib/snapshot/index.ts';
import { decodeFeedHistory, encodeFeedHistory, type FeedHistoryCache } from '@/lib/oracle/store.ts';
import { decodeChanceAlertState, type ChanceAlertState } from '@/lib/alerts/chance.ts';
import { decodeAlertState, encodeAlertState, type AlertState } from '@/lib/alerts/index.ts';
import {
  accountsForWrite,
  decodeAccounts,
  decodeSettings,
  settingsForWrite,
  type AccountsState,
  type DecodedAccounts,
  type DecodedSettings,
  type Settings,
} from '@/lib/settings/index.ts';

export const snapshotItem = storage.defineItem<EncodedSnapshot | null>(`local:${STORAGE_KEYS.snapshot}`, { fallback: null });
export const settingsItem = storage.defineItem<unknown>(`local:${STORAGE_KEYS.settings}`, { fallback: null });
export const accountsItem = storage.defineItem<unknown>(`local:${STORAGE_KEYS.accounts}`, { fallback: null });
/**
 * What the dapp pages show (lib/sites/page-view.ts): derived from snapshot, settings and accounts by the
 * background (entrypoints/background/page-view.ts), read by the content script. Rebuilt, never migrated.
 */
export const pageViewItem = storage.defineItem<unknown>(`local:${STORAGE_KEYS.pageView}`, { fallback: null });
/** Price-feed round histories per chain (lib/oracle/store.ts), re-read at most hourly. */
export const feedHistoryItem = storage.defineItem<unknown>(`local:${STORAGE_KEYS.feedHistory}`, { fallback: null });

export async function readFeedHistory(): Promise<FeedHistoryCache> {
  return decodeFeedHistory(await feedHistoryItem.getValue());
}
export async function writeFeedHistory(cache: FeedHistoryCache): Promise<void> {
  await feedHistoryItem.setValue(encodeFeedHistory(cache));
}

/** Which positions are above the user's 1-day chance level (lib/alerts/chance.ts). */
export const chanceAlertStateItem = storage.defineItem<unknown>(`local:${STORAGE_KEYS.chanceAlertState}`, { fallback: null });
export async function readChanceAlertState(): Promise<ChanceAlertState> {
  return decodeChanceAlertState(await chanceAlertStateItem.getValue());
}
export async function writeChanceAlertState(state: ChanceAlertState): Promise<void> {
  await chanceAlertStateItem.setValue(structuredClone(state));
}

/** Which alert level each position last notified at (hysteresis must survive the worker's restarts). */
export const alertStateItem = storage.defineItem<unknown>(`local:${STORAGE_KEYS.alertState}`, { fallback: null });
/**
 * Static market data and Morpho's discovery state (`lib/tracker/market-cache.ts`), so a refresh after the
 * worker was stopped is warm. In `local`, not `session`: Morpho's discovery of a long history is worth
 * keeping across browser restarts. A cache: validated entry by entry on read, dropped when unreadable.
 */
export const marketCacheItem = storage.defineItem<unknown>(`local:${STORAGE_KEYS.marketCache}`, { fallback: null });

function logIssues(what: string, issues: string[]): void {
  if (issues.length > 0) console.warn(`[liquidation-guard] ${what} read back with problems:`, issues);
}

export async function readSnapshot(): Promise<Snapshot | null> {
  const { snapshot, issues } = decodeSnapshot(await snapshotItem.getValue());
  logIssues('snapshot', issues);
  return snapshot;
}
export async function writeSnapshot(snapshot: Snapshot): Promise<void> {
  await snapshotItem.setValue(encodeSnapshot(snapshot));
}

/**
 * Imported markets are re-validated with the markets-file parser whenever settings are read, against the
 * same known chains as the import checked them with (built-in + the build's file; the imported file's own
 * chains travel with it) and with stored RPC URLs held to the rule they were accepted under (`stored`), so
 * what was accepted once reads back the same way.
 */
const KNOWN_CHAINS = [...builtinChains, ...(buildMarkets?.chains ?? [])];
// Not exported: WXT auto-imports every export of utils/, and a same-named identifier elsewhere (a parameter
// of lib/settings) would pull this module, and with it storage and the markets parser, into every script.
const storedImport = (json: unknown) => {
  const file = json as { chains?: unknown[]; markets?: unknown[] } | null;
  // Nothing imported (the stored default) is not a markets file to judge.
  if (file && Array.isArray(file.chains) && Array.isArray(file.markets) && file.chains.length === 0 && file.markets.length === 0 && Object.keys(file).length === 2) {
    return { chains: [], markets: [] };
  }
  return parseMarketsFile(json, KNOWN_CHAINS, { stored: true });
};

export function decodeStoredSettingsFull(raw: unknown): DecodedSettings {
  const decoded = decodeSettings(raw, storedImport);
  logIssues('settings', decoded.issues);
  return decoded;
}
export function decodeStoredSettings(raw: unknown): Settings {
  return decodeStoredSettingsFull(raw).value;
}
export async function readSettings(): Promise<Settings> {
  return decodeStoredSettings(await settingsItem.getValue());
}
/**
 * Store `settings` without losing what this version could not read (lib/settings `settingsForWrite`):
 * throws when the stored settings are from a newer version (or have none). `replace`: fields the user
 * asked to replace even if their stored form was unreadable.
 */
export async function writeSettings(settings: Settings, replace: (keyof Settings)[] = []): Promise<void> {
  const raw = await settingsItem.getValue();
  await settingsItem.setValue(settingsForWrite(settings, raw, decodeSettings(raw, storedImport), replace));
}

export function decodeStoredAccountsFull(raw: unknown): DecodedAccounts {
  const decoded = decodeAccounts(raw);
  logIssues('accounts', decoded.issues);
  return decoded;
}
export function decodeStoredAccounts(raw: unknown): AccountsState {
  return decodeStoredAccountsFull(raw).value;
}
export async function readAccounts(): Promise<AccountsState> {
  return decodeStoredAccounts(await accountsItem.getValue());
}
/** Store the accounts; throws rather than write over accounts this version cannot read. */
export async function writeAccounts(state: AccountsState): Promise<void> {
  const raw = await accountsItem.getValue();
  await accountsItem.setValue(accountsForWrite(state, raw, decodeAccounts(raw)));
}

export async function readAlertState(): Promise<AlertState> {
  const { value, issues } = decodeAlertState(await alertStateItem.getValue());
  logIssues('alert state', issues);
  return value;
}
export async function writeAlertState(state: AlertState): Promise<void> {
  await alertStateItem.setValue(encodeAlertState(state));
}

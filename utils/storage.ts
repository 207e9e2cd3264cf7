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
import { parseMarketsFile } from '@/lib/markets/file.ts';
import { decodeSnapshot, encodeSnapshot, type EncodedSnapshot, type Snapshot } from '@/lib/snapshot/index.ts';
import { decodeFeedHistory, encodeFeedHistory, type FeedHistoryCache } from '@/lib/oracle/store.ts';
import { decodeChanceAlertState, type ChanceAlertState } from '@/lib/alerts/chance.ts';
import { decodeAlertState, encodeAlertState, type AlertState } from '@/lib/alerts/index.ts';
import {
  decodeAccounts,
  decodeSettings,
  encodeSettings,
  type AccountsState,
  type Settings,
} from '@/lib/settings/index.ts';

export const snapshotItem = storage.defineItem<EncodedSnapshot | null>('local:snapshot', { fallback: null });
export const settingsItem = storage.defineItem<unknown>('local:settings', { fallback: null });
export const accountsItem = storage.defineItem<unknown>('local:accounts', { fallback: null });
/** Price-feed round histories per chain (lib/oracle/store.ts), re-read at most hourly. */
export const feedHistoryItem = storage.defineItem<unknown>('local:feed-history', { fallback: null });

export async function readFeedHistory(): Promise<FeedHistoryCache> {
  return decodeFeedHistory(await feedHistoryItem.getValue());
}
export async function writeFeedHistory(cache: FeedHistoryCache): Promise<void> {
  await feedHistoryItem.setValue(encodeFeedHistory(cache));
}

/** Which positions are above the user's 1-day chance level (lib/alerts/chance.ts). */
export const chanceAlertStateItem = storage.defineItem<unknown>('local:chance-alert-state', { fallback: null });
export async function readChanceAlertState(): Promise<ChanceAlertState> {
  return decodeChanceAlertState(await chanceAlertStateItem.getValue());
}
export async function writeChanceAlertState(state: ChanceAlertState): Promise<void> {
  await chanceAlertStateItem.setValue(structuredClone(state));
}

/** Which alert level each position last notified at (hysteresis must survive the worker's restarts). */
export const alertStateItem = storage.defineItem<unknown>('local:alert-state', { fallback: null });
/**
 * Static market data and Morpho's discovery state (`lib/tracker/market-cache.ts`), so a refresh after the
 * worker was stopped is warm. In `local`, not `session`: Morpho's discovery of a long history is worth
 * keeping across browser restarts. A cache: validated entry by entry on read, dropped when unreadable.
 */
export const marketCacheItem = storage.defineItem<unknown>('local:market-cache', { fallback: null });

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

/** Imported markets are re-validated with the markets-file parser whenever settings are read. */
const validateImported = (json: unknown) => parseMarketsFile(json, [], { stored: true });

export function decodeStoredSettings(raw: unknown): Settings {
  const { value, issues } = decodeSettings(raw, validateImported);
  logIssues('settings', issues);
  return value;
}
export async function readSettings(): Promise<Settings> {
  return decodeStoredSettings(await settingsItem.getValue());
}
export async function writeSettings(settings: Settings): Promise<void> {
  await settingsItem.setValue(encodeSettings(settings));
}

export function decodeStoredAccounts(raw: unknown): AccountsState {
  const { value, issues } = decodeAccounts(raw);
  logIssues('accounts', issues);
  return value;
}
export async function readAccounts(): Promise<AccountsState> {
  return decodeStoredAccounts(await accountsItem.getValue());
}
export async function writeAccounts(state: AccountsState): Promise<void> {
  await accountsItem.setValue(structuredClone(state));
}

export async function readAlertState(): Promise<AlertState> {
  const { value, issues } = decodeAlertState(await alertStateItem.getValue());
  logIssues('alert state', issues);
  return value;
}
export async function writeAlertState(state: AlertState): Promise<void> {
  await alertStateItem.setValue(encodeAlertState(state));
}

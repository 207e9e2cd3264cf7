/**
 * The popup's data source in the extension: the snapshot, settings and accounts from `browser.storage`
 * (validated on every read by the runtime's decoders), kept current with `watch`; refresh and settings
 * changes go through the background's typed messages.
 */
import { browser } from 'wxt/browser';
import { decodeSnapshot } from '@/lib/snapshot/index.ts';
import { customMarketKey } from '@/components/popup/model.ts';
import type { PopupData, PopupSource } from '@/components/popup/source.ts';
import { buildMarkets } from '@/utils/build-markets.ts';
import { send } from '@/utils/messaging.ts';
import { accountsItem, decodeStoredAccountsFull, decodeStoredSettingsFull, settingsItem, snapshotItem } from '@/utils/storage.ts';
import { storedProblems } from '@/components/shared/StoredNotice.tsx';

const buildMarketKeys = (buildMarkets?.markets ?? []).map(customMarketKey);

function decodeAll(rawSnapshot: unknown, rawSettings: unknown, rawAccounts: unknown): PopupData {
  const { snapshot, issues } = decodeSnapshot(rawSnapshot);
  if (issues.length > 0) console.warn('[liquidation-guard] snapshot read back with problems:', issues);
  const settingsRead = decodeStoredSettingsFull(rawSettings);
  const accountsRead = decodeStoredAccountsFull(rawAccounts);
  const settings = settingsRead.value;
  return {
    snapshot,
    settings,
    accounts: accountsRead.value,
    problems: storedProblems(rawSettings, settingsRead, rawAccounts, accountsRead),
    customMarkets: new Set([...buildMarketKeys, ...settings.imported.markets.map(customMarketKey)]),
  };
}

export function extensionSource(): PopupSource {
  // The last raw values, so a change to one item re-decodes with the others as they are.
  let raw: [unknown, unknown, unknown] = [null, null, null];
  const read = async () => {
    raw = await Promise.all([snapshotItem.getValue(), settingsItem.getValue(), accountsItem.getValue()]);
    return decodeAll(...raw);
  };
  // Storage is read as soon as the script runs, while React sets up: first paint waits for it.
  let first: Promise<PopupData> | null = read();
  return {
    load() {
      const pending = first ?? read();
      first = null;
      return pending;
    },
    watch(onChange) {
      const emit = () => onChange(decodeAll(...raw));
      const unwatch = [
        snapshotItem.watch((v) => {
          raw = [v, raw[1], raw[2]];
          emit();
        }),
        settingsItem.watch((v) => {
          raw = [raw[0], v, raw[2]];
          emit();
        }),
        accountsItem.watch((v) => {
          raw = [raw[0], raw[1], v];
          emit();
        }),
      ];
      return () => unwatch.forEach((u) => u());
    },
    async refresh() {
      await send('refresh', {});
    },
    async saveSettings(patch) {
      await send('set-settings', { patch });
    },
    async answerDetected(address, watch) {
      await send('confirm-account', { address, watch });
    },
    optionsUrl: browser.runtime.getURL('/options.html'),
    openOptions: () => void browser.runtime.openOptionsPage(),
    pageUrl: browser.runtime.getURL('/popup.html?view=page'),
  };
}

/**
 * The names under which the extension keeps its data in `browser.storage.local`, declared once. The
 * background, popup and options page reach them through WXT's storage items (utils/storage.ts); the dapp
 * content script reads its two with plain `browser.storage` (entrypoints/dapp.content/storage.ts, to stay
 * small). Both take the names from here, so a rename cannot leave one side reading a key nobody writes.
 */
export const STORAGE_KEYS = {
  snapshot: 'snapshot',
  settings: 'settings',
  accounts: 'accounts',
  /** Price-feed round histories per chain (lib/oracle/store.ts). */
  feedHistory: 'feed-history',
  chanceAlertState: 'chance-alert-state',
  alertState: 'alert-state',
  marketCache: 'market-cache',
  /** What the dapp pages show, built by the background from snapshot, settings and accounts (lib/sites/page-view.ts). */
  pageView: 'page-view',
  /** The dapp pages' floating panel placement per site (lib/sites/panel-state.ts). */
  dappPanel: 'dapp-panel',
} as const;

export type StorageKey = (typeof STORAGE_KEYS)[keyof typeof STORAGE_KEYS];

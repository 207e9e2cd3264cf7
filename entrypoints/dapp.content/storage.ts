import { browser } from 'wxt/browser';
import { decodePanelState, type PanelPlacement } from '@/lib/sites/panel-state.ts';
import type { SiteId } from '@/lib/sites/types.ts';

/**
 * Extension storage as the badges read it: plain `browser.storage.local` with the same keys as the
 * items of utils/storage.ts (`local:snapshot` is stored under `snapshot`, and so on; a unit test holds
 * the two equal). Not `storage.defineItem` here: WXT's storage wrapper is ~8 KB of minified code in a
 * script injected into every dapp page, for two reads and one listener. Values are validated by the
 * same decoders as everywhere else (the controller calls them).
 *
 * Plus this script's own item: the floating panel's placement per site (lib/sites/panel-state.ts), in
 * extension storage, where the page cannot read it.
 */
export const STORAGE_KEYS = { snapshot: 'snapshot', settings: 'settings', accounts: 'accounts', panel: 'dapp-panel' } as const;
export type StoredKey = keyof typeof STORAGE_KEYS;
export type Stored = Partial<Record<StoredKey, unknown>>;

const byStorageKey = new Map<string, StoredKey>(Object.entries(STORAGE_KEYS).map(([name, key]) => [key, name as StoredKey]));

export async function readStored(): Promise<Stored> {
  const raw = await browser.storage.local.get(Object.values(STORAGE_KEYS));
  const out: Stored = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = byStorageKey.get(key);
    if (name) out[name] = value;
  }
  return out;
}

/** Calls `onChange` with the new values of our keys whenever one of them changes. Returns the unsubscriber. */
export function watchStored(onChange: (changed: Stored) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    const changed: Stored = {};
    let any = false;
    for (const [key, change] of Object.entries(changes)) {
      const name = byStorageKey.get(key);
      if (!name) continue;
      changed[name] = change.newValue ?? null;
      any = true;
    }
    if (any) onChange(changed);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

export async function writePlacement(site: SiteId, placement: PanelPlacement): Promise<void> {
  const current = decodePanelState((await browser.storage.local.get(STORAGE_KEYS.panel))[STORAGE_KEYS.panel]);
  await browser.storage.local.set({ [STORAGE_KEYS.panel]: { ...current, sites: { ...current.sites, [site]: placement } } });
}

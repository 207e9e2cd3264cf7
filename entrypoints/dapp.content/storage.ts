import { browser } from 'wxt/browser';
import { decodePanelState, type PanelPlacement } from '@/lib/sites/panel-state.ts';
import { STORAGE_KEYS } from '@/lib/storage-keys.ts';
import type { SiteId } from '@/lib/sites/types.ts';

/**
 * Extension storage as the badges read it: plain `browser.storage.local` under the keys of
 * lib/storage-keys.ts, the ones utils/storage.ts's items use (`local:snapshot` is stored under
 * `snapshot`). Not `storage.defineItem` here: WXT's storage wrapper is ~8 KB of minified code in a
 * script injected into every dapp page, for two reads and one listener. Values are validated by the
 * same decoders as everywhere else (the controller calls them).
 *
 * Plus this script's own item: the floating panel's placement per site (lib/sites/panel-state.ts), in
 * extension storage, where the page cannot read it.
 */

/** What this script reads, by the name the controller uses. */
const READ = { snapshot: STORAGE_KEYS.snapshot, settings: STORAGE_KEYS.settings, accounts: STORAGE_KEYS.accounts, panel: STORAGE_KEYS.dappPanel } as const;
export type StoredKey = keyof typeof READ;
export type Stored = Partial<Record<StoredKey, unknown>>;

const byStorageKey = new Map<string, StoredKey>(Object.entries(READ).map(([name, key]) => [key, name as StoredKey]));

export async function readStored(): Promise<Stored> {
  const raw = await browser.storage.local.get(Object.values(READ));
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
  const current = decodePanelState((await browser.storage.local.get(STORAGE_KEYS.dappPanel))[STORAGE_KEYS.dappPanel]);
  await browser.storage.local.set({ [STORAGE_KEYS.dappPanel]: { ...current, sites: { ...current.sites, [site]: placement } } });
}

import { browser } from 'wxt/browser';
import { decodePanelState, type PanelPlacement } from '@/lib/sites/panel-state.ts';
import { STORAGE_KEYS } from '@/lib/storage-keys.ts';
import type { SiteId } from '@/lib/sites/types.ts';

/**
 * Extension storage as the badges read it: plain `browser.storage.local` under the keys of
 * lib/storage-keys.ts, the ones utils/storage.ts's items use (`local:page-view` is stored under
 * `page-view`). Not `storage.defineItem` here: WXT's storage wrapper is ~8 KB of minified code in a
 * script injected into every dapp page, for two reads and one listener. The controller decodes what it
 * reads (lib/sites/page-view.ts, lib/sites/panel-state.ts).
 *
 * Two items: the page view the background builds (everything shown, display-ready), and this script's
 * own floating panel placement per site, in extension storage, where the page cannot read it.
 */

/** What this script reads, by the name the controller uses. */
const READ = { view: STORAGE_KEYS.pageView, panel: STORAGE_KEYS.dappPanel } as const;
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

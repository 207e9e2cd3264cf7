import { isPlainObject } from '../core/codec.ts';
import type { SiteId } from './types.ts';

/**
 * Where the floating panel sits on each dapp, and whether it is collapsed: remembered per site in
 * extension storage (never in the page's storage, which the page can read). Pure decode/encode here;
 * the storage item lives with the content script.
 */
export interface PanelPlacement {
  /** CSS pixels from the viewport's left and top edges. */
  x: number;
  y: number;
  collapsed: boolean;
}

export const PANEL_STATE_VERSION = 1;

export interface PanelState {
  version: typeof PANEL_STATE_VERSION;
  sites: Partial<Record<SiteId, PanelPlacement>>;
}

/** Farther than any screen: a stored value beyond it is corrupt, not a big monitor. */
const MAX_COORD = 100_000;
const SITE_IDS: readonly SiteId[] = ['aave', 'spark', 'compound', 'morpho', 'aave-pro'];

export function emptyPanelState(): PanelState {
  return { version: PANEL_STATE_VERSION, sites: {} };
}

const coord = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_COORD;

/** Read back a stored value, keeping only well-formed placements of known sites. */
export function decodePanelState(raw: unknown): PanelState {
  const state = emptyPanelState();
  if (!isPlainObject(raw) || raw.version !== PANEL_STATE_VERSION || !isPlainObject(raw.sites)) return state;
  for (const id of SITE_IDS) {
    const p = raw.sites[id];
    if (isPlainObject(p) && coord(p.x) && coord(p.y) && typeof p.collapsed === 'boolean') {
      state.sites[id] = { x: Math.round(p.x), y: Math.round(p.y), collapsed: p.collapsed };
    }
  }
  return state;
}

/** Keep a placement inside a viewport of `width` × `height` (a window can shrink between visits). */
export function clampPlacement(p: PanelPlacement, width: number, height: number, panel: { width: number; height: number }): PanelPlacement {
  const x = Math.min(Math.max(0, p.x), Math.max(0, width - Math.min(panel.width, width)));
  const y = Math.min(Math.max(0, p.y), Math.max(0, height - Math.min(panel.height, height)));
  return { ...p, x: Math.round(x), y: Math.round(y) };
}

/**
 * UI state only (what is selected, open, being typed). The data is the snapshot in storage; nothing here
 * is a copy of it, so a storage change can never disagree with what zustand holds.
 */
import { create } from 'zustand';
import type { PriceTarget, SimInput } from './model.ts';

export interface SimState {
  key: string;
  input: SimInput;
  /** Bumped when a proposal (re)fills the simulator, so the view can move focus to it. */
  openedAt: number;
}

export interface PopupUiState {
  /** The position the user (or a notification link) picked: scrolled to and highlighted. */
  selectedKey: string | null;
  /** Explicit open/closed per position; absent = the default (open when at risk). */
  expanded: Record<string, boolean>;
  sim: SimState | null;
  /** What the user is typing as target HF (null = use the stored setting). */
  targetText: string | null;
  /** The price the chart moves, per position (absent = the main collateral). */
  chartTarget: Record<string, PriceTarget>;
  /** Positions grouped by chain and protocol instead of one list, worst first (remembered). */
  groupByChain: boolean;

  select(key: string | null): void;
  setExpanded(key: string, open: boolean): void;
  openSimulator(key: string, input: SimInput): void;
  updateSimulator(patch: Partial<SimInput>): void;
  closeSimulator(): void;
  setTargetText(text: string | null): void;
  setChartTarget(key: string, target: PriceTarget): void;
  setGroupByChain(on: boolean): void;
}

export const initialUiState = {
  selectedKey: null,
  expanded: {},
  sim: null,
  targetText: null,
  chartTarget: {},
  groupByChain: false,
} satisfies Partial<PopupUiState>;

let opened = 0;

/** Where the view choice is remembered: the extension's own localStorage (per profile, never synced). */
const VIEW_STORAGE_KEY = 'lg-popup-group-by-chain';

/**
 * The remembered choice; false when none. Written only when the user changes it, so a stored value this
 * version cannot read stays as it is (and the default applies).
 */
function storedGroupByChain(): boolean {
  try {
    return globalThis.localStorage?.getItem(VIEW_STORAGE_KEY) === 'true';
  } catch {
    return false;
  }
}

export const usePopupStore = create<PopupUiState>()((set) => ({
  ...initialUiState,
  groupByChain: storedGroupByChain(),
  select: (key) => set({ selectedKey: key }),
  setExpanded: (key, open) => set((s) => ({ expanded: { ...s.expanded, [key]: open } })),
  openSimulator: (key, input) =>
    set((s) => ({ sim: { key, input, openedAt: ++opened }, selectedKey: key, expanded: { ...s.expanded, [key]: true } })),
  updateSimulator: (patch) => set((s) => (s.sim ? { sim: { ...s.sim, input: { ...s.sim.input, ...patch } } } : {})),
  closeSimulator: () => set({ sim: null }),
  setTargetText: (text) => set({ targetText: text }),
  setChartTarget: (key, target) => set((s) => ({ chartTarget: { ...s.chartTarget, [key]: target } })),
  setGroupByChain: (on) => {
    try {
      globalThis.localStorage?.setItem(VIEW_STORAGE_KEY, String(on));
    } catch {
      // storage full or blocked: the choice holds for this visit
    }
    set({ groupByChain: on });
  },
}));

/** For tests and a fresh page: back to nothing selected or open. */
export function resetPopupStore(): void {
  usePopupStore.setState({ ...initialUiState, groupByChain: storedGroupByChain() });
}

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

  select(key: string | null): void;
  setExpanded(key: string, open: boolean): void;
  openSimulator(key: string, input: SimInput): void;
  updateSimulator(patch: Partial<SimInput>): void;
  closeSimulator(): void;
  setTargetText(text: string | null): void;
  setChartTarget(key: string, target: PriceTarget): void;
}

export const initialUiState = {
  selectedKey: null,
  expanded: {},
  sim: null,
  targetText: null,
  chartTarget: {},
} satisfies Partial<PopupUiState>;

let opened = 0;

export const usePopupStore = create<PopupUiState>()((set) => ({
  ...initialUiState,
  select: (key) => set({ selectedKey: key }),
  setExpanded: (key, open) => set((s) => ({ expanded: { ...s.expanded, [key]: open } })),
  openSimulator: (key, input) =>
    set((s) => ({ sim: { key, input, openedAt: ++opened }, selectedKey: key, expanded: { ...s.expanded, [key]: true } })),
  updateSimulator: (patch) => set((s) => (s.sim ? { sim: { ...s.sim, input: { ...s.sim.input, ...patch } } } : {})),
  closeSimulator: () => set({ sim: null }),
  setTargetText: (text) => set({ targetText: text }),
  setChartTarget: (key, target) => set((s) => ({ chartTarget: { ...s.chartTarget, [key]: target } })),
}));

/** For tests and a fresh page: back to nothing selected or open. */
export function resetPopupStore(): void {
  usePopupStore.setState(initialUiState);
}

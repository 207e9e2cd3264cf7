/**
 * Where the popup's data comes from, as one small interface: the real one (extension storage + the
 * background's messages, in `entrypoints/popup/source.ts`) and the tests' in-memory one implement it.
 */
import type { Address } from 'viem';
import type { AccountsState, Settings, SettingsPatch } from '@/lib/settings/index.ts';
import type { Snapshot } from '@/lib/snapshot/index.ts';
import type { StoredProblem } from '@/components/shared/StoredNotice.tsx';

export interface PopupData {
  /** null until the background wrote one (or when what storage holds is unreadable). */
  snapshot: Snapshot | null;
  settings: Settings;
  accounts: AccountsState;
  /** `customMarketKey` of every market from a markets file (build or import): these get no dapp link. */
  customMarkets: ReadonlySet<string>;
  /** Stored settings/accounts this version could not read (kept as stored; shown with an export). */
  problems?: StoredProblem[];
}

export interface PopupSource {
  load(): Promise<PopupData>;
  /** Calls back with the whole, re-validated data whenever any of it changes in storage. */
  watch(onChange: (data: PopupData) => void): () => void;
  /** Ask the background to read everything now; resolves when that refresh is written. */
  refresh(): Promise<void>;
  saveSettings(patch: SettingsPatch): Promise<void>;
  /** The user's answer about an address a dapp page reported: watch it, or ignore it. */
  answerDetected?(address: Address, watch: boolean): Promise<void>;
  /** The options page (accounts, chains, markets file). */
  optionsUrl: string;
  openOptions?(): void;
  /** This page in a tab (the popup is also a full page). */
  pageUrl?: string;
}

import type { Address } from 'viem';
import {
  clampLabel,
  DETECTION_WINDOW_MS,
  MAX_ACCOUNTS,
  MAX_DETECTED_ACCOUNTS,
  MAX_IGNORED_ACCOUNTS,
  MAX_PENDING_ACCOUNTS,
  NEW_DETECTIONS_PER_WINDOW,
  type AccountsState,
  type WatchedAccount,
} from './index.ts';

/**
 * Changes to the watched accounts, pure (the background applies them and stores the result).
 * Addresses are compared checksummed (the codecs checksum everything they read).
 *
 * A dapp page is untrusted: any page script can post the report our page script posts. So an address a
 * page reports for the first time is only *pending*: kept, not read, shown nowhere but in the popup's
 * "Watch / Ignore" question. Slots are bounded (pending, detected, total), new addresses are rate-limited
 * per window, ignored and removed addresses leave their slot and are not asked about again.
 */

export type DetectionOutcome = 'added' | 'known' | 'ignored' | 'paused' | 'full';

/** Accounts a dapp page reported connected: unknown ones become pending, known ones get `lastSeen…`. */
export function recordDetected(
  state: AccountsState,
  accounts: Address[],
  seenOn: string,
  now: number,
): { state: AccountsState; added: Address[]; outcomes: DetectionOutcome[] } {
  const next = state.accounts.map((a) => ({ ...a }));
  const ignored = new Set(state.ignored ?? []);
  let detection = state.detection && now - state.detection.windowStart < DETECTION_WINDOW_MS ? { ...state.detection } : { windowStart: now, count: 0 };
  const added: Address[] = [];
  const outcomes: DetectionOutcome[] = [];
  for (const address of accounts) {
    const known = next.find((a) => a.address === address);
    if (known) {
      known.lastSeenAt = now;
      known.lastSeenOn = seenOn;
      outcomes.push('known');
      continue;
    }
    if (ignored.has(address)) {
      outcomes.push('ignored');
      continue;
    }
    if (detection.count >= NEW_DETECTIONS_PER_WINDOW) {
      outcomes.push('paused');
      continue;
    }
    const detected = next.filter((a) => a.source === 'detected').length;
    const pending = next.filter((a) => a.pending).length;
    if (pending >= MAX_PENDING_ACCOUNTS || detected >= MAX_DETECTED_ACCOUNTS || next.length >= MAX_ACCOUNTS) {
      outcomes.push('full');
      continue;
    }
    detection = { ...detection, count: detection.count + 1 };
    next.push({ address, source: 'detected', hidden: false, pending: true, addedAt: now, lastSeenAt: now, lastSeenOn: seenOn });
    added.push(address);
    outcomes.push('added');
  }
  return { state: { ...state, accounts: next, detection }, added, outcomes };
}

/** What the popup says about detection: who waits for an answer, and whether new addresses are refused. */
export interface DetectionStatus {
  pending: WatchedAccount[];
  /** Too many new addresses in this window: none is recorded until `pausedUntil`. */
  pausedUntil: number | null;
  /** No slot for another detected address (pending or detected budget used up). */
  full: boolean;
}

export function detectionStatus(state: AccountsState, now: number): DetectionStatus {
  const pending = state.accounts.filter((a) => a.pending);
  const d = state.detection;
  const pausedUntil = d && d.count >= NEW_DETECTIONS_PER_WINDOW && now - d.windowStart < DETECTION_WINDOW_MS ? d.windowStart + DETECTION_WINDOW_MS : null;
  const detected = state.accounts.filter((a) => a.source === 'detected').length;
  const full = pending.length >= MAX_PENDING_ACCOUNTS || detected >= MAX_DETECTED_ACCOUNTS || state.accounts.length >= MAX_ACCOUNTS;
  return { pending, pausedUntil, full };
}

function withIgnored(state: AccountsState, address: Address): Address[] {
  return [...(state.ignored ?? []).filter((a) => a !== address), address].slice(-MAX_IGNORED_ACCOUNTS);
}

/** The user's answer about a pending address: watch it (read from now on) or ignore it (slot freed). */
export function answerDetected(state: AccountsState, address: Address, watch: boolean): { state: AccountsState; found: boolean } {
  const account = state.accounts.find((a) => a.address === address && a.pending);
  if (!account) return { state, found: false };
  if (!watch) return { state: { ...state, accounts: state.accounts.filter((a) => a !== account), ignored: withIgnored(state, address) }, found: true };
  const accounts = state.accounts.map((a) => {
    if (a !== account) return a;
    const { pending: _pending, ...rest } = a;
    return rest;
  });
  return { state: { ...state, accounts }, found: true };
}

/** Watch an address by hand. A detected one becomes manual (and is shown again if it was hidden). */
export function addManual(state: AccountsState, address: Address, rawLabel: string | undefined, now: number): { state: AccountsState; account: WatchedAccount } {
  const label = clampLabel(rawLabel);
  const next = state.accounts.map((a) => ({ ...a }));
  let account = next.find((a) => a.address === address);
  if (account) {
    account.source = 'manual';
    account.hidden = false;
    delete account.pending;
    if (label) account.label = label;
  } else {
    if (next.length >= MAX_ACCOUNTS) throw new Error(`At most ${MAX_ACCOUNTS} accounts can be watched.`);
    account = { address, source: 'manual', hidden: false, addedAt: now, ...(label ? { label } : {}) };
    next.push(account);
  }
  const ignored = state.ignored?.filter((a) => a !== address);
  return { state: { ...state, accounts: next, ...(ignored ? { ignored } : {}) }, account };
}

export function setHidden(state: AccountsState, address: Address, hidden: boolean): { state: AccountsState; found: boolean } {
  let found = false;
  const accounts = state.accounts.map((a) => {
    if (a.address !== address) return a;
    found = true;
    return { ...a, hidden };
  });
  return { state: { ...state, accounts }, found };
}

/**
 * Forget an account. A detected one is also remembered as ignored, so a page reporting it again does not
 * ask again — and it no longer holds a detection slot.
 */
export function removeAccount(state: AccountsState, address: Address): { state: AccountsState; removed: boolean } {
  const account = state.accounts.find((a) => a.address === address);
  if (!account) return { state, removed: false };
  const accounts = state.accounts.filter((a) => a.address !== address);
  if (account.source === 'detected') return { state: { ...state, accounts, ignored: withIgnored(state, address) }, removed: true };
  return { state: { ...state, accounts }, removed: true };
}

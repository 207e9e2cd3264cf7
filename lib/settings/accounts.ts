import type { Address } from 'viem';
import { clampLabel, MAX_ACCOUNTS, MAX_DETECTED_ACCOUNTS, type AccountsState, type WatchedAccount } from './index.ts';

/**
 * Changes to the watched accounts, pure (the background applies them and stores the result).
 * Addresses are compared checksummed (the codecs checksum everything they read).
 */

/** Accounts a dapp page reported connected: new ones are added as detected, known ones get `lastSeen…`. */
export function recordDetected(
  state: AccountsState,
  accounts: Address[],
  seenOn: string,
  now: number,
): { state: AccountsState; added: Address[] } {
  const next = state.accounts.map((a) => ({ ...a }));
  const added: Address[] = [];
  for (const address of accounts) {
    const known = next.find((a) => a.address === address);
    if (known) {
      known.lastSeenAt = now;
      known.lastSeenOn = seenOn;
      continue;
    }
    const detected = next.filter((a) => a.source === 'detected').length;
    if (detected >= MAX_DETECTED_ACCOUNTS || next.length >= MAX_ACCOUNTS) break;
    next.push({ address, source: 'detected', hidden: false, addedAt: now, lastSeenAt: now, lastSeenOn: seenOn });
    added.push(address);
  }
  return { state: { ...state, accounts: next }, added };
}

/** Watch an address by hand. A detected one becomes manual (and is shown again if it was hidden). */
export function addManual(state: AccountsState, address: Address, rawLabel: string | undefined, now: number): { state: AccountsState; account: WatchedAccount } {
  const label = clampLabel(rawLabel);
  const next = state.accounts.map((a) => ({ ...a }));
  let account = next.find((a) => a.address === address);
  if (account) {
    account.source = 'manual';
    account.hidden = false;
    if (label) account.label = label;
  } else {
    if (next.length >= MAX_ACCOUNTS) throw new Error(`At most ${MAX_ACCOUNTS} accounts can be watched.`);
    account = { address, source: 'manual', hidden: false, addedAt: now, ...(label ? { label } : {}) };
    next.push(account);
  }
  return { state: { ...state, accounts: next }, account };
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
 * Forget an account. A detected one would come back the next time a dapp page reports it, so removing a
 * detected account hides it instead (the user's "stop watching this" sticks).
 */
export function removeAccount(state: AccountsState, address: Address): { state: AccountsState; removed: boolean } {
  const account = state.accounts.find((a) => a.address === address);
  if (!account) return { state, removed: false };
  if (account.source === 'detected') return { state: setHidden(state, address, true).state, removed: true };
  return { state: { ...state, accounts: state.accounts.filter((a) => a.address !== address) }, removed: true };
}

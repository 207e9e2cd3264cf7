/**
 * Issue 11 (extension side): nothing the user set is lost, the page does not decide what is watched or
 * whose numbers it gets. Pure modules here; the background's handlers with WXT's fakeBrowser in
 * trust-background.test.ts; the real browser in tests/e2e/trust.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { addManual } from '../../../../lib/settings/watched-accounts.ts';
import { clampLabel, decodeAccounts, emptyAccounts, MAX_LABEL_CHARS } from '../../../../lib/settings/index.ts';
import { accountsForPage } from '../../../../lib/sites/page-accounts.ts';
import { morpho } from '../../../../lib/sites/morpho.ts';
import { selectPositions } from '../../../../lib/sites/plan.ts';
import { buildPageView } from '../../../../lib/sites/page-view-build.ts';
import type { AccountsState } from '../../../../lib/settings/index.ts';
import { alicePosition, shown as shownEntry } from '../../fixtures/sites.ts';
import { ALICE, BOB } from '../../fixtures/snapshot.ts';

const LONG_ENS = `${'a'.repeat(150)}.eth`;

/** The remembered accounts as the background hands them to the page (lib/sites/page-view-build.ts). */
const pageAccountsOf = (state: AccountsState) =>
  buildPageView({ snapshot: null, settings: { warnBelow: 1.25, urgentBelow: 1.1, rememberedBadges: true }, accounts: state }).remembered;

describe('item 7: one label limit, clamped on write', () => {
  it('an ENS name over the limit is clamped when the account is added, and the account reads back', () => {
    const { state, account } = addManual(emptyAccounts(), ALICE, LONG_ENS, 1);
    expect(account.label).toBe('a'.repeat(MAX_LABEL_CHARS));
    const stored = JSON.parse(JSON.stringify(state));
    const { value, issues } = decodeAccounts(stored);
    expect(issues).toEqual([]);
    expect(value.accounts).toMatchObject([{ address: ALICE, label: 'a'.repeat(MAX_LABEL_CHARS) }]);
  });

  it('a label stored over the limit (an older version) costs its tail, never the account', () => {
    const raw = { version: 1, accounts: [{ address: ALICE, source: 'manual', hidden: false, addedAt: 1, label: LONG_ENS }] };
    expect(decodeAccounts(raw).value.accounts).toMatchObject([{ address: ALICE, label: 'a'.repeat(MAX_LABEL_CHARS) }]);
  });

  it('never cuts a surrogate pair in half', () => {
    const label = `${'x'.repeat(MAX_LABEL_CHARS - 1)}😀tail`;
    expect(clampLabel(label)).toBe('x'.repeat(MAX_LABEL_CHARS - 1));
    expect(clampLabel('   ')).toBeUndefined();
  });
});

describe('item 12: app.morpho.org/dashboard/<address> decides whose badges', () => {
  const state = { version: 1 as const, accounts: [{ address: ALICE, source: 'manual' as const, hidden: false, addedAt: 1, lastSeenAt: 5, lastSeenOn: 'app.morpho.org' }] };
  const shown = (url: string, live: string[] = [ALICE]) => accountsForPage(morpho.pageMarket({ url }), live, pageAccountsOf(state), 'app.morpho.org', true);

  it("someone else's dashboard shows that account (if watched) and never the connected wallet's", () => {
    expect(shown(`https://app.morpho.org/dashboard/${BOB}`)).toEqual([BOB.toLowerCase()]);
    expect(shown(`https://app.morpho.org/base/dashboard/${BOB.toLowerCase()}`)).toEqual([BOB.toLowerCase()]);
    expect(shown(`https://app.morpho.org/dashboard/${ALICE}`)).toEqual([ALICE.toLowerCase()]);
  });

  it('the positions placed on the page are that account\'s only', () => {
    const morphoOf = (account: `0x${string}`) => alicePosition({ account, protocol: 'morpho-blue', market: 'Morpho Blue', details: { protocol: 'morpho-blue', marketId: `0x${'ab'.repeat(32)}` } } as never);
    const entries = [shownEntry(morphoOf(ALICE)), shownEntry(morphoOf(BOB))];
    const pageOf = (url: string) => morpho.pageMarket({ url, walletChainId: 31337 });
    const accountsOf = (url: string) => selectPositions(morpho, pageOf(url), entries, shown(url)).candidates.map((e) => e.position.account);
    expect(accountsOf(`https://app.morpho.org/dashboard/${BOB}`)).toEqual([BOB]);
    expect(accountsOf(`https://app.morpho.org/dashboard/0x${'9'.repeat(40)}`)).toEqual([]); // not watched: nobody
    expect(accountsOf('https://app.morpho.org/dashboard')).toEqual([ALICE]);
  });

  it('a dashboard path with no valid address shows nobody; the plain dashboard shows the connected wallet', () => {
    expect(shown('https://app.morpho.org/dashboard/0x1234')).toEqual([]);
    expect(shown('https://app.morpho.org/dashboard/vitalik.eth')).toEqual([]);
    expect(shown('https://app.morpho.org/dashboard')).toEqual([ALICE]);
    expect(shown('https://app.morpho.org/dashboard', [])).toEqual([ALICE]); // opted in: remembered account
  });
});

describe('item 6: badges for a remembered account only when the user opted in', () => {
  const state = { version: 1 as const, accounts: [{ address: ALICE, source: 'manual' as const, hidden: false, addedAt: 1, lastSeenAt: 5, lastSeenOn: 'app.aave.com' }] };
  const page = { view: 'positions' as const };
  it('no live wallet: nothing unless opted in', () => {
    const accounts = pageAccountsOf(state);
    expect(accountsForPage(page, [], accounts, 'app.aave.com', false)).toEqual([]);
    expect(accountsForPage(page, [], accounts, 'app.aave.com', true)).toEqual([ALICE]);
    expect(accountsForPage(page, [BOB], accounts, 'app.aave.com', false)).toEqual([BOB]);
  });

  it('a hidden or unanswered account is never remembered, even when it was seen last', () => {
    for (const flag of [{ hidden: true }, { pending: true }]) {
      const later = { address: BOB, source: 'detected' as const, hidden: false, addedAt: 2, lastSeenAt: 9, lastSeenOn: 'app.aave.com', ...flag };
      const accounts = pageAccountsOf({ ...state, accounts: [...state.accounts, later] });
      expect(accounts).toEqual([{ host: 'app.aave.com', address: ALICE }]);
      expect(accountsForPage(page, [], accounts, 'app.aave.com', true)).toEqual([ALICE]);
    }
  });
});

/**
 * Issue 11 items 3, 4, 5, 9 through the background's real handlers and storage (WXT's fakeBrowser).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storedProblems } from '../../../../components/shared/StoredNotice.tsx';
import { handleMessage } from '../../../../entrypoints/background/handlers.ts';
import { accountsItem, decodeStoredAccountsFull, decodeStoredSettingsFull, readAccounts, readSettings, settingsItem } from '../../../../utils/storage.ts';
import { ALICE, BOB } from '../../fixtures/snapshot.ts';

const refreshes = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../../entrypoints/background/tracker.ts', () => ({
  // Counts full refreshes (every account on every chain); a known wallet's report may bring its own chain
  // forward (`{ chainIds }`), which reads only watched accounts.
  requestRefresh: async (scope: unknown = 'all') => {
    if (scope === 'all') refreshes.count++;
    return { updatedAt: 1 };
  },
}));

const ID = fakeBrowser.runtime.id;
const page = { id: ID, url: fakeBrowser.runtime.getURL('/options.html') };
const dappTab = (tabId: number, host = 'app.aave.com') => ({ id: ID, url: `https://${host}/`, tab: { id: tabId, url: `https://${host}/` }, frameId: 0 });
const detected = (accounts: string[], host = 'app.aave.com') => ({ type: 'wallet-detected', accounts, chainId: 1, origin: `https://${host}` });
const addr = (i: number) => `0x${(i + 1).toString(16).padStart(40, '0')}`;

/** One market on a built-in chain, no chains: the README's "new deployment" case. */
const NEW_DEPLOYMENT = { markets: [{ protocol: 'compound-v3', chainId: 1, name: 'My new Comet', comet: BOB }] };

beforeEach(() => {
  fakeBrowser.reset();
  refreshes.count = 0;
});

describe('item 3: imported markets on a built-in chain read back the same way forever', () => {
  it('a market imported on Ethereum (no chains in the file) is listed, and survives later settings writes', async () => {
    expect(await handleMessage({ type: 'import-markets', json: JSON.stringify(NEW_DEPLOYMENT) }, page)).toMatchObject({ ok: true, value: { markets: 1, imported: true } });
    expect((await readSettings()).imported.markets.map((m) => m.name)).toEqual(['My new Comet']);
    expect(await handleMessage({ type: 'set-settings', patch: { warnBelow: 1.3 } }, page)).toMatchObject({ ok: true });
    expect(await handleMessage({ type: 'set-chain', chainId: 8453, enabled: false }, page)).toMatchObject({ ok: true });
    expect((await readSettings()).imported.markets.map((m) => m.name)).toEqual(['My new Comet']);
    expect((await settingsItem.getValue()) as { imported: unknown }).toMatchObject({ imported: { markets: [{ name: 'My new Comet' }] } });
  });

  it('stored RPC URLs are judged by the stored-URL rule, so a URL accepted at import stays readable', async () => {
    const imported = { chains: [{ chainId: 777, name: 'Lab chain', rpcUrls: ['http://rpc.lab.example:8545', 'https://rpc2.lab.example'] }], markets: [{ protocol: 'compound-v3', chainId: 777, name: 'Lab Comet', comet: BOB }] };
    await settingsItem.setValue({ version: 1, imported });
    expect((await readSettings()).imported).toEqual(imported);
  });

  it('a stored import that fails validation is kept verbatim by the next write, shown, and only replaced on request', async () => {
    const unreadable = { chains: [], markets: [{ protocol: 'aave-v9', chainId: 1, name: 'Future market' }] };
    await settingsItem.setValue({ version: 1, warnBelow: 1.3, imported: unreadable, chains: { 10: { rpcUrls: ['ftp://old', 'https://op.example'] } } });
    expect((await readSettings()).imported.markets).toEqual([]);
    expect(await handleMessage({ type: 'set-settings', patch: { targetHealthFactor: 2 } }, page)).toMatchObject({ ok: true });
    const stored = (await settingsItem.getValue()) as Record<string, unknown>;
    expect(stored.imported).toEqual(unreadable);
    expect(stored.targetHealthFactor).toBe(2);
    expect(stored.chains).toEqual({ 10: { rpcUrls: ['ftp://old', 'https://op.example'] } });
    const problems = storedProblems(stored, decodeStoredSettingsFull(stored), null, decodeStoredAccountsFull(null));
    expect(problems.map((p) => p.text)).toEqual([expect.stringMatching(/imported markets.*kept as stored/)]);
    // Importing on top would lose it: refused with the reason.
    expect(await handleMessage({ type: 'import-markets', json: JSON.stringify(NEW_DEPLOYMENT) }, page)).toMatchObject({ ok: false, error: expect.stringMatching(/cannot be read/) });
    expect(await handleMessage({ type: 'clear-imported-markets' }, page)).toMatchObject({ ok: true });
    expect(((await settingsItem.getValue()) as Record<string, unknown>).imported).toEqual({ chains: [], markets: [] });
  });
});

describe('item 4: a newer or missing version is kept, never written over', () => {
  const accounts21 = Array.from({ length: 21 }, (_, i) => ({ address: addr(i), source: 'manual', hidden: false, addedAt: 1, nickname: 'v2 field' }));

  it('accounts from a newer version: read as none, every write refused, the stored value unchanged and reported', async () => {
    const newer = { version: 2, accounts: accounts21 };
    await accountsItem.setValue(newer);
    expect((await readAccounts()).accounts).toEqual([]);
    expect(await handleMessage({ type: 'add-account', address: ALICE }, page)).toMatchObject({ ok: false, error: expect.stringMatching(/newer version.*kept unchanged.*export/i) });
    expect(await handleMessage(detected([ALICE]), dappTab(1))).toMatchObject({ ok: false });
    expect(await accountsItem.getValue()).toEqual(newer);
    const problems = storedProblems(null, decodeStoredSettingsFull(null), newer, decodeStoredAccountsFull(newer));
    expect(problems).toEqual([{ item: 'accounts', raw: newer, text: expect.stringMatching(/not loaded: they were saved by a newer version/) }]);
  });

  it('only the user\'s explicit "Discard" replaces locked accounts, and then adding works again', async () => {
    await accountsItem.setValue({ version: 2, accounts: accounts21 });
    expect(await handleMessage({ type: 'discard-stored', item: 'accounts' }, dappTab(3))).toMatchObject({ ok: false });
    expect(await handleMessage({ type: 'discard-stored', item: 'accounts' }, page)).toEqual({ ok: true, value: { discarded: true } });
    expect(await accountsItem.getValue()).toEqual({ version: 1, accounts: [] });
    expect(await handleMessage({ type: 'add-account', address: ALICE }, page)).toMatchObject({ ok: true });
  });

  it('settings without a version: defaults used, writes refused, value kept', async () => {
    const old = { warnBelow: 1.4, imported: { chains: [], markets: [1, 2, 3] }, chains: { 1: { rpcUrls: ['https://a.example'] } } };
    await settingsItem.setValue(old);
    expect((await readSettings()).warnBelow).toBe(1.25);
    expect(await handleMessage({ type: 'set-settings', patch: { warnBelow: 1.3 } }, page)).toMatchObject({ ok: false, error: expect.stringMatching(/without a version number/) });
    expect(await handleMessage({ type: 'set-chain', chainId: 1, enabled: false }, page)).toMatchObject({ ok: false });
    expect(await settingsItem.getValue()).toEqual(old);
  });

  it('single unreadable accounts and a newer version\'s extra keys are written back unchanged', async () => {
    const odd = { address: '0xnot-an-address', source: 'manual', hidden: false, addedAt: 1 };
    await accountsItem.setValue({ version: 1, accounts: [odd], futureKey: { a: 1 } });
    expect(await handleMessage({ type: 'add-account', address: ALICE }, page)).toMatchObject({ ok: true });
    expect(await accountsItem.getValue()).toEqual({ version: 1, accounts: [expect.objectContaining({ address: ALICE }), odd], futureKey: { a: 1 } });
  });
});

describe('item 5: a page cannot decide what is watched', () => {
  it('detected addresses wait for the user; paused after too many new ones; removal frees the slot', async () => {
    for (let i = 0; i < 3; i++) await handleMessage(detected([addr(i)]), dappTab(10 + i));
    let state = await readAccounts();
    expect(state.accounts.every((a) => a.pending)).toBe(true);
    expect(refreshes.count).toBe(0);
    // Three wait: full, a fourth is not recorded.
    expect(await handleMessage(detected([addr(3)]), dappTab(20))).toEqual({ ok: true, value: { added: 0 } });
    // Ignoring frees the slot; the ignored address is never asked about again.
    expect(await handleMessage({ type: 'confirm-account', address: addr(0), watch: false }, page)).toMatchObject({ ok: true, value: { found: true } });
    expect(await handleMessage(detected([addr(0)]), dappTab(21))).toEqual({ ok: true, value: { added: 0 } });
    expect(await handleMessage(detected([addr(3)]), dappTab(22))).toEqual({ ok: true, value: { added: 1 } });
    await handleMessage({ type: 'confirm-account', address: addr(1), watch: false }, page);
    await handleMessage({ type: 'confirm-account', address: addr(2), watch: false }, page);
    await handleMessage({ type: 'confirm-account', address: addr(3), watch: false }, page);
    // Four new addresses so far in this window; the fifth is accepted, the sixth pauses detection.
    expect(await handleMessage(detected([addr(4)]), dappTab(23))).toEqual({ ok: true, value: { added: 1 } });
    expect(await handleMessage(detected([addr(5)]), dappTab(24))).toEqual({ ok: true, value: { added: 0 } });
    state = await readAccounts();
    expect(state.accounts.map((a) => a.address.toLowerCase())).toEqual([addr(4)]);
    expect(refreshes.count).toBe(0);
  });
});

describe('item 9: an import that replaces what ships with the extension asks first', () => {
  it('replacing Ethereum\'s RPCs and a built-in market: nothing written until confirmed', async () => {
    const core = { protocol: 'aave-v3', chainId: 1, name: 'Aave Ethereum Core', poolAddressesProvider: BOB };
    const file = JSON.stringify({ chains: [{ chainId: 1, name: 'Mainnet fork', rpcUrls: ['http://127.0.0.1:8545'] }], markets: [core] });
    const first = await handleMessage({ type: 'import-markets', json: file }, page);
    expect(first).toMatchObject({ ok: true, value: { imported: false, replaces: [expect.stringMatching(/RPC URLs of Ethereum/), expect.stringMatching(/built-in market Aave Ethereum Core/)] } });
    expect(await settingsItem.getValue()).toBeNull();
    expect(refreshes.count).toBe(0);
    expect(await handleMessage({ type: 'import-markets', json: file, confirmReplace: true }, page)).toMatchObject({ ok: true, value: { imported: true } });
    expect((await readSettings()).imported.markets).toEqual([expect.objectContaining({ name: 'Aave Ethereum Core', poolAddressesProvider: BOB })]);
  });

  it('adding markets that replace nothing imports at once', async () => {
    expect(await handleMessage({ type: 'import-markets', json: JSON.stringify(NEW_DEPLOYMENT) }, page)).toMatchObject({ ok: true, value: { imported: true, replaces: [] } });
  });
});

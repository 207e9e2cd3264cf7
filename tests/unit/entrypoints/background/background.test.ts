import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { notifyForSnapshot, openFromNotification } from '../../../../entrypoints/background/alerts.ts';
import { updateBadge } from '../../../../entrypoints/background/toolbar-badge.ts';
import { handleMessage } from '../../../../entrypoints/background/handlers.ts';
import { defaultSettings } from '../../../../lib/settings/index.ts';
import { readAccounts, readSettings, readSnapshot, settingsItem, snapshotItem } from '../../../../utils/storage.ts';
import { ALICE, BOB, entry, positionWithHf, snapshotOf } from '../../fixtures/snapshot.ts';

// `browser` (wxt/browser) and WXT storage are WXT's in-memory fakeBrowser (the unit project's WxtVitest plugin).
// No chain reads here: the refresh is recorded, not run.
const refreshes = vi.hoisted(() => ({ count: 0, scopes: [] as unknown[] }));
vi.mock('../../../../entrypoints/background/tracker.ts', () => ({
  requestRefresh: async (scope: unknown = 'all') => {
    refreshes.scopes.push(scope);
    if (scope === 'all') refreshes.count++;
    return { updatedAt: 1 };
  },
}));

const ID = fakeBrowser.runtime.id;
const page = { id: ID, url: fakeBrowser.runtime.getURL('/options.html') };
const dappTab = (tabId = 7) => ({ id: ID, url: 'https://app.aave.com/dashboard', tab: { id: tabId, url: 'https://app.aave.com/dashboard' }, frameId: 0 });
const detected = (accounts: string[], origin = 'https://app.aave.com') => ({ type: 'wallet-detected', accounts, chainId: 1, origin });

beforeEach(() => {
  fakeBrowser.reset();
  refreshes.count = 0;
  refreshes.scopes = [];
});

describe('background messages', () => {
  it('records accounts a dapp tab reports as pending: nothing is read until the user says Watch', async () => {
    expect(await handleMessage(detected([ALICE.toLowerCase()]), dappTab())).toEqual({ ok: true, value: { added: 1 } });
    expect(await handleMessage(detected([ALICE]), dappTab())).toEqual({ ok: true, value: { added: 0 } });
    expect((await readAccounts()).accounts).toMatchObject([{ address: ALICE, source: 'detected', lastSeenOn: 'app.aave.com', pending: true }]);
    expect(refreshes.count).toBe(0);
    expect(await handleMessage({ type: 'confirm-account', address: ALICE, watch: true }, page)).toEqual({ ok: true, value: { found: true } });
    expect((await readAccounts()).accounts[0]!.pending).toBeUndefined();
    expect(refreshes.count).toBe(1);
    // Only an extension page may answer.
    expect(await handleMessage({ type: 'confirm-account', address: ALICE, watch: true }, dappTab())).toMatchObject({ ok: false });
    // A known account's report reads nothing more than the wallet's chain, if that one is read rarely (see
    // chainsDue); the new (pending) one read nothing; "Watch" reads everything.
    expect(refreshes.scopes).toEqual([{ chainIds: [1] }, 'all']);
  });

  it('refuses wallet reports from anything but a dapp tab, and extension messages from a dapp tab', async () => {
    expect(await handleMessage(detected([ALICE]), page)).toEqual({ ok: false, error: "'wallet-detected' is not accepted from extension-page" });
    const evil = { id: ID, url: 'https://evil.example/', tab: { id: 1, url: 'https://evil.example/' } };
    expect(await handleMessage(detected([ALICE]), evil)).toEqual({ ok: false, error: 'sender not accepted' });
    expect(await handleMessage(detected([ALICE]), { ...dappTab(), id: 'another-extension' })).toEqual({ ok: false, error: 'sender not accepted' });
    expect(await handleMessage({ type: 'hide-account', address: ALICE, hidden: true }, dappTab())).toMatchObject({ ok: false });
    expect(await handleMessage({ type: 'import-markets', json: '{}' }, dappTab())).toMatchObject({ ok: false });
    expect((await readAccounts()).accounts).toEqual([]);
  });

  it('refuses a report whose origin is not the sender’s', async () => {
    expect(await handleMessage(detected([ALICE], 'https://app.spark.fi'), dappTab())).toEqual({ ok: false, error: 'origin does not match the sender' });
  });

  it('rate-limits reports per tab', async () => {
    const results = [];
    for (let i = 0; i < 20; i++) {
      results.push(await handleMessage(detected([`0x${(i + 1).toString(16).padStart(40, '0')}`]), dappTab(9)));
    }
    expect(results.filter((r) => r.ok).length).toBe(5);
    expect(results.at(-1)).toEqual({ ok: false, error: 'rate limited' });
    // Another tab has its own budget.
    expect(await handleMessage(detected([BOB]), dappTab(10))).toMatchObject({ ok: true });
  });

  it('answers malformed messages with a one-line error', async () => {
    expect(await handleMessage({ type: 'add-account' }, page)).toEqual({ ok: false, error: 'Invalid message: address: expected a string of at most 300 characters' });
    expect(await handleMessage(42, page)).toEqual({ ok: false, error: 'Invalid message: type: expected a known message type' });
  });

  it('adds, hides and removes watch-only accounts from the options page', async () => {
    expect(await handleMessage({ type: 'add-account', address: '0x70997970c51812dc3A010C7d01b50e0d17dc79C8' }, page)).toEqual({
      ok: false,
      error: '0x70997970c51812dc3A010C7d01b50e0d17dc79C8 has an invalid checksum; check the address for a typo.',
    });
    expect(await handleMessage({ type: 'add-account', address: 'hello' }, page)).toMatchObject({ ok: false, error: expect.stringMatching(/neither an address/) });
    expect(await handleMessage({ type: 'add-account', address: BOB, label: 'cold' }, page)).toMatchObject({ ok: true, value: { account: { address: BOB, label: 'cold' } } });
    expect(await handleMessage({ type: 'hide-account', address: BOB, hidden: true }, page)).toEqual({ ok: true, value: { found: true } });
    expect((await readAccounts()).accounts[0]!.hidden).toBe(true);
    expect(await handleMessage({ type: 'remove-account', address: BOB }, page)).toEqual({ ok: true, value: { removed: true } });
    expect((await readAccounts()).accounts).toEqual([]);
  });

  it('imports a markets file, switching its chain on, and refuses a bad one with the key named', async () => {
    const file = {
      chains: [{ chainId: 31337, name: 'Devnet', rpcUrls: ['http://127.0.0.1:8545'] }],
      markets: [{ protocol: 'aave-v3', chainId: 31337, name: 'Devnet Aave', poolAddressesProvider: BOB }],
    };
    await handleMessage({ type: 'set-chain', chainId: 1, enabled: false }, page);
    expect(await handleMessage({ type: 'import-markets', json: JSON.stringify(file) }, page)).toEqual({ ok: true, value: { chains: 1, markets: 1, replaces: [], imported: true } });
    const settings = await readSettings();
    expect(settings.imported.markets).toHaveLength(1);
    expect(settings.chains[31337]).toEqual({ enabled: true });
    expect(settings.chains[1]).toEqual({ enabled: false });
    const bad = { ...file, markets: [{ ...file.markets[0], poolAddressProvider: BOB }] };
    expect(await handleMessage({ type: 'import-markets', json: JSON.stringify(bad) }, page)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown key "poolAddressProvider"/),
    });
  });

  it('sets per-chain RPCs and settings with validation', async () => {
    expect(await handleMessage({ type: 'set-chain', chainId: 8453, rpcUrls: ['https://base.example/rpc'] }, page)).toMatchObject({ ok: true });
    expect((await readSettings()).chains[8453]).toEqual({ rpcUrls: ['https://base.example/rpc'] });
    expect(await handleMessage({ type: 'set-chain', chainId: 8453, rpcUrls: null }, page)).toMatchObject({ ok: true });
    expect((await readSettings()).chains[8453]).toEqual({});
    expect(await handleMessage({ type: 'set-chain', chainId: 999999, enabled: true }, page)).toMatchObject({ ok: false, error: expect.stringMatching(/not known/) });
    expect(await handleMessage({ type: 'set-settings', patch: { urgentBelow: 1.3 } }, page)).toMatchObject({ ok: false });
    expect(await handleMessage({ type: 'set-settings', patch: { warnBelow: 1.3 } }, page)).toMatchObject({ ok: true, value: { settings: { warnBelow: 1.3 } } });
  });
});

describe('storage items', () => {
  it('read back defensively: a corrupt stored snapshot or settings do not break the worker', async () => {
    await snapshotItem.setValue({ version: 1, updatedAt: 'yesterday' } as never);
    await settingsItem.setValue({ version: 1, warnBelow: 'high', urgentBelow: 1.05 });
    expect(await readSnapshot()).toBeNull();
    expect((await readSettings())).toMatchObject({ warnBelow: 1.25, urgentBelow: 1.05 });
    await expect(updateBadge()).resolves.toBeUndefined();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});

describe('alerts in the background', () => {
  it('notifies once per crossing, keeps the state across worker restarts, and can be switched off', async () => {
    const s = snapshotOf([entry(positionWithHf(1.2), Date.now())]);
    expect(await notifyForSnapshot(s, defaultSettings())).toHaveLength(1);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toHaveLength(1);
    // The state is in storage, so a fresh worker (same storage) does not alert again.
    expect(await notifyForSnapshot(s, defaultSettings())).toHaveLength(0);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toHaveLength(1);
    const urgent = snapshotOf([entry(positionWithHf(1.0), Date.now())]);
    expect(await notifyForSnapshot(urgent, { ...defaultSettings(), notifications: false })).toHaveLength(1);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toHaveLength(1); // decided, not shown
  });

  it('opens the position when an alert is clicked', async () => {
    await notifyForSnapshot(snapshotOf([entry(positionWithHf(1.2), Date.now())]), defaultSettings());
    const [id] = Object.keys(await fakeBrowser.notifications.getAll());
    await openFromNotification(id!);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.at(-1)!.url).toBe(`chrome-extension://${ID}/popup.html#position=${encodeURIComponent('31337:aave-v3:Devnet Aave:0x70997970c51812dc3a010c7d01b50e0d17dc79c8')}`);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    await openFromNotification('not-ours'); // ignored
  });
});

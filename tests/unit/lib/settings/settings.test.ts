import { describe, expect, it } from 'vitest';
import { builtinChains } from '../../../../lib/markets/index.ts';
import { addManual, answerDetected, recordDetected, removeAccount, setHidden } from '../../../../lib/settings/watched-accounts.ts';
import { chainsToRead, resolveChains } from '../../../../lib/settings/chains.ts';
import {
  activeAccounts,
  applySettingsPatch,
  decodeAccounts,
  decodeSettings,
  defaultSettings,
  emptyAccounts,
  DETECTION_WINDOW_MS,
  MAX_DETECTED_ACCOUNTS,
} from '../../../../lib/settings/index.ts';
import { ALICE, BOB } from '../../fixtures/snapshot.ts';

const devnetFile = {
  chains: [{ chainId: 31337, name: 'Devnet', rpcUrls: ['http://127.0.0.1:8545'] }],
  markets: [{ protocol: 'aave-v3' as const, chainId: 31337, name: 'Devnet Aave', poolAddressesProvider: BOB }],
};

describe('settings', () => {
  it('defaults to the documented thresholds', () => {
    expect(decodeSettings(undefined).value).toMatchObject({ warnBelow: 1.25, urgentBelow: 1.1, targetHealthFactor: 1.5, rpcTimeoutMs: 10_000 });
  });

  it('keeps good fields when one is bad', () => {
    const { value, issues } = decodeSettings({ version: 1, warnBelow: 1.3, urgentBelow: 'x', chains: { 1: { enabled: false, rpcUrls: ['ftp://x', 'https://rpc.example'] }, bad: {} } });
    expect(value.warnBelow).toBe(1.3);
    expect(value.urgentBelow).toBe(1.1);
    expect(value.chains).toEqual({ 1: { enabled: false, rpcUrls: ['https://rpc.example'] } });
    expect(issues).toHaveLength(2);
  });

  it('re-validates imported markets with the given parser', () => {
    const refuse = () => {
      throw new Error('unknown key "x"');
    };
    const { value, issues } = decodeSettings({ version: 1, imported: { chains: [], markets: [{ x: 1 }] } }, refuse);
    expect(value.imported).toEqual({ chains: [], markets: [] });
    expect(issues[0]).toMatch(/unknown key "x"/);
  });

  it('falls back to defaults for a newer version', () => {
    expect(decodeSettings({ version: 99, warnBelow: 2 }).value.warnBelow).toBe(1.25);
  });

  it('refuses thresholds in the wrong order', () => {
    expect(() => applySettingsPatch(defaultSettings(), { urgentBelow: 1.3 })).toThrow(/urgent threshold/);
    expect(() => applySettingsPatch(defaultSettings(), { targetHealthFactor: 1.2 })).toThrow(/target/);
    expect(applySettingsPatch(defaultSettings(), { warnBelow: 1.4, targetHealthFactor: 2 })).toMatchObject({ warnBelow: 1.4, targetHealthFactor: 2 });
  });
});

describe('accounts', () => {
  it('adds detected accounts once, updating when they were seen', () => {
    let { state, added } = recordDetected(emptyAccounts(), [ALICE], 'app.aave.com', 1);
    expect(added).toEqual([ALICE]);
    ({ state, added } = recordDetected(state, [ALICE, BOB], 'app.spark.fi', 2));
    expect(added).toEqual([BOB]);
    expect(state.accounts.find((a) => a.address === ALICE)).toMatchObject({ lastSeenAt: 2, lastSeenOn: 'app.spark.fi', addedAt: 1 });
  });

  it('keeps a hidden detected account hidden when it is seen again; removing one frees its slot and ignores it', () => {
    let state = answerDetected(recordDetected(emptyAccounts(), [ALICE], 'app.aave.com', 1).state, ALICE, true).state;
    state = setHidden(state, ALICE, true).state;
    state = recordDetected(state, [ALICE], 'app.aave.com', 2).state;
    expect(activeAccounts(state)).toEqual([]);
    state = setHidden(state, ALICE, false).state;
    state = removeAccount(state, ALICE).state;
    expect(state.accounts).toHaveLength(0);
    expect(state.ignored).toEqual([ALICE]);
    const again = recordDetected(state, [ALICE], 'app.aave.com', 3);
    expect(again.outcomes).toEqual(['ignored']);
    expect(again.state.accounts).toHaveLength(0);
  });

  it('removes manual accounts for good; adding a detected one by hand makes it manual and visible', () => {
    let state = addManual(emptyAccounts(), BOB, 'cold wallet', 1).state;
    expect(removeAccount(state, BOB).state.accounts).toEqual([]);
    state = setHidden(recordDetected(emptyAccounts(), [ALICE], 'app.aave.com', 1).state, ALICE, true).state;
    state = addManual(state, ALICE, undefined, 2).state;
    expect(state.accounts[0]).toMatchObject({ source: 'manual', hidden: false });
  });

  it('caps what pages can add: pending slots, then the detected budget; a manual one still fits', () => {
    const many = Array.from({ length: 40 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as `0x${string}`);
    let state = emptyAccounts();
    // Answer every batch as the user would (watch), across windows, until the detected budget is used up.
    for (let t = 0; t < 20; t++) {
      const r = recordDetected(state, many, 'app.aave.com', t * DETECTION_WINDOW_MS);
      state = r.state;
      for (const a of r.added) state = answerDetected(state, a, true).state;
    }
    expect(state.accounts).toHaveLength(MAX_DETECTED_ACCOUNTS);
    expect(recordDetected(state, [BOB], 'app.aave.com', 10 ** 9).outcomes).toEqual(['full']);
    expect(addManual(state, BOB, undefined, 2).state.accounts).toHaveLength(MAX_DETECTED_ACCOUNTS + 1);
  });

  it('reads stored accounts back defensively', () => {
    const { value, issues } = decodeAccounts({
      version: 1,
      accounts: [
        { address: ALICE.toLowerCase(), source: 'detected', hidden: false, addedAt: 1 },
        { address: ALICE, source: 'manual', hidden: false, addedAt: 2 }, // duplicate
        { address: '0xnope', source: 'manual', hidden: false, addedAt: 1 },
      ],
    });
    expect(value.accounts.map((a) => a.address)).toEqual([ALICE]);
    expect(issues).toHaveLength(1);
  });
});

describe('resolveChains', () => {
  it('has the built-in chains, switched on, with their default RPCs', () => {
    const chains = resolveChains(defaultSettings(), undefined);
    expect(chains.map((c) => c.chainId)).toEqual(builtinChains.map((c) => c.chainId));
    expect(chains.every((c) => c.enabled && c.source === 'builtin' && !c.customRpc)).toBe(true);
  });

  it('adds the build file and imported markets; user settings win', () => {
    const settings = { ...defaultSettings(), imported: { chains: [{ chainId: 1, name: 'Fork', rpcUrls: ['http://127.0.0.1:9545'] }], markets: [] } };
    settings.chains = { 31337: { rpcUrls: ['http://127.0.0.1:1234'] }, 1: { enabled: false } };
    const chains = resolveChains(settings, devnetFile);
    const devnet = chains.find((c) => c.chainId === 31337)!;
    expect(devnet).toMatchObject({ source: 'build', customRpc: true, rpcUrls: ['http://127.0.0.1:1234'], defaultRpcUrls: ['http://127.0.0.1:8545'] });
    expect(devnet.markets.map((m) => m.name)).toEqual(['Devnet Aave']);
    const fork = chains.find((c) => c.chainId === 1)!;
    expect(fork).toMatchObject({ source: 'imported', enabled: false, rpcUrls: ['http://127.0.0.1:9545'] });
    expect(chainsToRead(chains).some((c) => c.chainId === 1)).toBe(false);
  });
});

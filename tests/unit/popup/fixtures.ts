import { getAddress, type Address } from 'viem';
import type { Position } from '../../../lib/risk/types.ts';
import type { Settings } from '../../../lib/settings/index.ts';
import { defaultSettings, emptyAccounts, type AccountsState } from '../../../lib/settings/index.ts';
import type { PositionEntry, Snapshot } from '../../../lib/snapshot/index.ts';
import { asset, collateral, debt, position } from '../../helpers/positions.ts';
import type { PopupData, PopupSource } from '../../../components/popup/source.ts';

/**
 * Hand-built positions with round numbers, so the tests can state the expected figures from the
 * formulas themselves (HF = Σ c·p·LT / Σ d·p) rather than from the engine's output.
 */
export const ALICE: Address = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
export const BOB: Address = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');

export const WETH = asset({ symbol: 'WETH', decimals: 18, price: 2000, lt: 0.825, bonus: 1.05, address: getAddress('0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2') });
export const USDC = asset({ symbol: 'USDC', decimals: 6, price: 1, lt: 0.8, bonus: 1.045, address: getAddress('0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48') });
export const WBTC = asset({ symbol: 'WBTC', decimals: 8, price: 60000, lt: 0.75, bonus: 1.065, address: getAddress('0x2260fac5e5542a773aa44fbcfedf7c193bc2c599') });

/** 10 WETH at $2000 (LT 0.825) against `owed` USDC: HF = 16 500 / owed (1.375 for 12 000). */
export function alice(owed: number | string = 12000, over: Partial<Position> = {}): Position {
  const p = position({ collateral: [collateral(WETH, 10)], debt: [debt(USDC, owed)], assets: [WETH, USDC, WBTC] });
  return { ...p, chainId: 1, market: 'Aave Ethereum Core', account: ALICE, blockNumber: 100n, timestamp: 1_700_000_000n, ...over };
}

export const NOW = 1_700_000_000_000;

export function entry(p: Position, readAt = NOW - 10_000, stale = false): PositionEntry {
  return { position: p, readAt, stale };
}

export function snapshotOf(entries: PositionEntry[], over: Partial<Snapshot> = {}): Snapshot {
  const names: Record<number, string> = { 1: 'Ethereum', 8453: 'Base', 31337: 'Devnet' };
  const chainIds = [...new Set(entries.map((e) => e.position.chainId))];
  return {
    version: 1,
    updatedAt: NOW - 10_000,
    accounts: [...new Set(entries.map((e) => e.position.account))],
    chains: Object.fromEntries(
      chainIds.map((id) => [
        id,
        { chainId: id, name: names[id] ?? `Chain ${id}`, ok: true, errors: [], rpcUrl: 'http://127.0.0.1:8545', lastAttemptAt: NOW - 10_000, lastSuccessAt: NOW - 10_000, blockNumber: 100n },
      ]),
    ),
    positions: entries,
    ...over,
  };
}

export function watching(...addresses: Address[]): AccountsState {
  return { ...emptyAccounts(), accounts: addresses.map((address) => ({ address, source: 'manual' as const, hidden: false, addedAt: 0 })) };
}

/** An in-memory PopupSource: `push` plays the role of a storage change. */
export function memorySource(initial: Partial<PopupData> & { settings?: Settings } = {}) {
  let data: PopupData = {
    snapshot: null,
    settings: defaultSettings(),
    accounts: emptyAccounts(),
    customMarkets: new Set(),
    ...initial,
  };
  const listeners = new Set<(d: PopupData) => void>();
  const calls = { refresh: 0, saved: [] as unknown[] };
  const source: PopupSource = {
    load: async () => data,
    watch(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    async refresh() {
      calls.refresh++;
    },
    async saveSettings(patch) {
      calls.saved.push(patch);
      data = { ...data, settings: { ...data.settings, ...patch } };
      listeners.forEach((l) => l(data));
    },
    optionsUrl: 'chrome-extension://test/options.html',
  };
  return {
    source,
    calls,
    push(next: Partial<PopupData>) {
      data = { ...data, ...next };
      listeners.forEach((l) => l(data));
    },
  };
}

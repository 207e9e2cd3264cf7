import { getAddress, type Address } from 'viem';
import type { Position } from '../../../lib/risk/types.ts';
import type { PositionEntry, Snapshot } from '../../../lib/snapshot/index.ts';
import { asset, collateral, debt, position } from '../../helpers/positions.ts';

export const ALICE: Address = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
export const BOB: Address = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');

export const WETH = asset({ symbol: 'WETH', decimals: 18, price: 2000, lt: 0.825, bonus: 1.05, address: getAddress('0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2') });
export const USDC = asset({ symbol: 'USDC', decimals: 6, price: 1, lt: 0.8, bonus: 1.045, address: getAddress('0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48') });

/**
 * An Aave-like position whose health factor is `hf` exactly enough for tests: 10 WETH at 2000 with
 * LT 0.825 (16 500 of borrowing power) against 16 500 / hf USDC of debt.
 */
export function positionWithHf(hf: number, over: Partial<Position> = {}): Position {
  const p = position({ collateral: [collateral(WETH, 10)], debt: [debt(USDC, (16500 / hf).toFixed(6))], assets: [WETH, USDC] });
  return { ...p, account: ALICE, market: 'Devnet Aave', blockNumber: 100n, timestamp: 1_700_000_000n, ...over };
}

export function entry(p: Position, readAt = 1_000_000, stale = false): PositionEntry {
  return { position: p, readAt, stale };
}

export function snapshotOf(entries: PositionEntry[], over: Partial<Snapshot> = {}): Snapshot {
  const chainIds = [...new Set(entries.map((e) => e.position.chainId))];
  return {
    version: 1,
    updatedAt: Math.max(0, ...entries.map((e) => e.readAt)),
    accounts: [...new Set(entries.map((e) => e.position.account))],
    chains: Object.fromEntries(
      chainIds.map((id) => [
        id,
        { chainId: id, name: 'Devnet', ok: true, errors: [], rpcUrl: 'http://127.0.0.1:8545', lastAttemptAt: 1_000_000, lastSuccessAt: 1_000_000, blockNumber: 100n },
      ]),
    ),
    positions: entries,
    ...over,
  };
}

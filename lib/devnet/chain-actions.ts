/**
 * What a test or demo does to the chain itself, whatever the protocol: move time, pin the next block's
 * timestamp, snapshot and revert. They take the `Devnet` or any one protocol's deployment (all carry the
 * devnet's `rpcUrl`), so they live here once rather than in each protocol's actions.
 */
import type { Hex } from 'viem';
import { devnetClientFor } from './chain.ts';

/** The `Devnet`, or any protocol deployment on it. */
export interface OnDevnet {
  rpcUrl: string;
}

/** Move time forward and mine a block, so interest accrues by exactly `seconds` on the next interaction. */
export async function advanceTime(devnet: OnDevnet, p: { seconds: number | bigint }): Promise<void> {
  const client = devnetClientFor(devnet.rpcUrl);
  await client.increaseTime({ seconds: Number(p.seconds) });
  await client.mine({ blocks: 1 });
}

/** Fix the next block's timestamp (unix seconds), e.g. to make interest exactly predictable. */
export async function pinNextTimestamp(devnet: OnDevnet, p: { timestamp: number | bigint }): Promise<void> {
  await devnetClientFor(devnet.rpcUrl).setNextBlockTimestamp({ timestamp: BigInt(p.timestamp) });
}

/** evm_snapshot: returns an id to pass to `revertTo`. */
export function snapshot(devnet: OnDevnet): Promise<Hex> {
  return devnetClientFor(devnet.rpcUrl).snapshot();
}

/** evm_revert to a snapshot (each id can be reverted to once). */
export async function revertTo(devnet: OnDevnet, p: { id: Hex }): Promise<void> {
  await devnetClientFor(devnet.rpcUrl).revert({ id: p.id });
}

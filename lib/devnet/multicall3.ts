/**
 * Put our own Multicall3 (contracts/Multicall3.sol) at the canonical address with `anvil_setCode`.
 * No npm package ships Multicall3 bytecode, so we compile our source with solc 0.8.19 (cached).
 */
import type { Hex } from 'viem';
import { MULTICALL3_ADDRESS, type DevnetClient } from './chain.ts';
import { compileOwnContracts } from './solc.ts';

export { MULTICALL3_ADDRESS };

/** Runtime bytecode of our Multicall3 (compiled once, then read from `.cache/solc`). */
export async function multicall3Code(): Promise<Hex> {
  return (await compileOwnContracts('Multicall3.sol'))('Multicall3').deployedBytecode;
}

/** Installs Multicall3 at 0xcA11…CA11 on the devnet. The contract has no constructor state to set up. */
export async function deployMulticall3(client: DevnetClient): Promise<void> {
  await client.setCode({ address: MULTICALL3_ADDRESS, bytecode: await multicall3Code() });
}

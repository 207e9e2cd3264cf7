/**
 * Put our own Multicall3 (contracts/Multicall3.sol) at the canonical address with `anvil_setCode`.
 * No npm package ships Multicall3 bytecode, so we compile our source with solc 0.8.19 (cached).
 */
import { readFileSync } from 'node:fs';
import type { Hex } from 'viem';
import { MULTICALL3_ADDRESS, type DevnetClient } from './chain.ts';
import { compileSolidity, contractBytecode } from './solc.ts';

export { MULTICALL3_ADDRESS };

const SOURCE_FILE = 'Multicall3.sol';

/** Runtime bytecode of our Multicall3 (compiled once, then read from `.cache/solc`). */
export async function multicall3Code(): Promise<Hex> {
  const source = readFileSync(new URL('./contracts/Multicall3.sol', import.meta.url), 'utf8');
  const output = await compileSolidity({ [SOURCE_FILE]: source });
  return contractBytecode(output, SOURCE_FILE, 'Multicall3').deployedBytecode;
}

/** Installs Multicall3 at 0xcA11…CA11 on the devnet. The contract has no constructor state to set up. */
export async function deployMulticall3(client: DevnetClient): Promise<void> {
  await client.setCode({ address: MULTICALL3_ADDRESS, bytecode: await multicall3Code() });
}

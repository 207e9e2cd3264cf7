/**
 * Our 3.2+ Pool facade (lib/devnet/contracts/aave/PoolV32Facade.sol) in front of the devnet's real Aave 3.0.2
 * Pool, so the reader's 'bitmaps' e-mode path runs on real state. A test stand-in: see the .sol file's header.
 */
import { readFileSync } from 'node:fs';
import type { Address } from 'viem';
import { ANVIL_ACCOUNTS, compileSolidity, contractBytecode, type Devnet } from '../../../lib/devnet/index.ts';
import { Deployer } from '../../../lib/devnet/deployer.ts';

const SOURCE_FILE = 'PoolV32Facade.sol';

/** ABIs and bytecode of the Pool facade and its addresses provider (solc 0.8.19, cached in .cache/solc). */
export async function v32FacadeArtifacts() {
  const source = readFileSync(new URL('../../../lib/devnet/contracts/aave/PoolV32Facade.sol', import.meta.url), 'utf8');
  const output = await compileSolidity({ [SOURCE_FILE]: source });
  return {
    pool: contractBytecode(output, SOURCE_FILE, 'PoolV32Facade'),
    provider: contractBytecode(output, SOURCE_FILE, 'PoolAddressesProviderV32Facade'),
  };
}

/**
 * Deploy the facade Pool (forwarding to the real Pool) and an addresses provider whose `getPool()` is the
 * facade and `getPriceOracle()` the real oracle. Pass `poolAddressesProvider` to `readAavePositions`.
 */
export async function deployV32Facade(devnet: Devnet): Promise<{ poolAddressesProvider: Address; pool: Address }> {
  const artifacts = await v32FacadeArtifacts();
  const d = await Deployer.create(devnet.client, ANVIL_ACCOUNTS[0]);
  const { pool: realPool, poolAddressesProvider: realProvider } = devnet.aave.addresses;
  const pool = await d.deploy('PoolV32Facade', artifacts.pool.abi, artifacts.pool.bytecode, [realPool]);
  const poolAddressesProvider = await d.deploy(
    'PoolAddressesProviderV32Facade',
    artifacts.provider.abi,
    artifacts.provider.bytecode,
    [realProvider, pool],
  );
  await d.settle();
  return { poolAddressesProvider, pool };
}

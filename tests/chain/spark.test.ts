/**
 * Spark (SparkLend) is an Aave v3 fork read by the Aave reader with Spark's addresses. This proves the
 * reader is driven by market config only: a second, independent Aave-v3-style market deployed on the same
 * devnet and named "Devnet Spark" is read next to "Devnet Aave", each position under its own market,
 * each health factor equal to its own Pool's.
 */
import { describe, expect, it } from 'vitest';
import { parseAbi } from 'viem';
import { aaveV3, deployAaveV3 } from '../../lib/devnet/index.ts';
import { healthFactor } from '../../lib/risk/index.ts';
import { scan } from '../../lib/scan/index.ts';
import { freshAccount } from './helpers/aave-fixtures.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
const accountData = parseAbi(['function getUserAccountData(address) view returns (uint256, uint256, uint256, uint256, uint256, uint256)']);

describe('a second Aave-v3-style market on the same chain (Spark)', () => {
  it('is read from its config alone, under its own name, with its own Pool’s numbers', async () => {
    const d = devnet();
    const spark = await deployAaveV3(d.rpcUrl);
    expect(spark.addresses.pool).not.toBe(d.aave.addresses.pool);
    const alice = await freshAccount(d, 'spark-alice');
    const bob = await freshAccount(d, 'spark-bob');
    await aaveV3.openPosition(spark, { account: alice, supply: { WETH: aaveV3.toUnits('WETH', '3') }, borrow: { DAI: aaveV3.toUnits('DAI', '2500') } });
    await aaveV3.openPosition(d, { account: bob, supply: { WBTC: aaveV3.toUnits('WBTC', '0.3') }, borrow: { USDC: aaveV3.toUnits('USDC', '9000') } });

    const chains = [{ chainId: 31337, name: 'Devnet', rpcUrls: [d.rpcUrl] }];
    const markets = [
      { protocol: 'aave-v3' as const, chainId: 31337, name: 'Devnet Aave', poolAddressesProvider: d.aave.addresses.poolAddressesProvider },
      { protocol: 'aave-v3' as const, chainId: 31337, name: 'Devnet Spark', poolAddressesProvider: spark.addresses.poolAddressesProvider },
    ];
    const { positions, errors } = await scan({ chains, markets, accounts: [alice, bob] });
    expect(errors).toEqual([]);
    expect(positions.map((p) => [p.market, p.account]).sort()).toEqual([
      ['Devnet Aave', bob],
      ['Devnet Spark', alice],
    ]);
    for (const p of positions) {
      const pool = p.market === 'Devnet Spark' ? spark.addresses.pool : d.aave.addresses.pool;
      const data = await d.client.readContract({ address: pool, abi: accountData, functionName: 'getUserAccountData', args: [p.account], blockNumber: p.blockNumber });
      expect(healthFactor(p)).toBe(data[5]);
    }
    // The Spark position's assets are the second market's own tokens, not the first market's.
    const sparkPosition = positions.find((p) => p.market === 'Devnet Spark')!;
    expect(sparkPosition.collateral[0]!.address).toBe(spark.reserves.WETH.address);
    expect(sparkPosition.collateral[0]!.address).not.toBe(d.aave.reserves.WETH.address);
  });
});

/**
 * Issue 3's figure: one refresh of 50 accounts with positions on every protocol of one chain (the
 * devnet), as the extension runs it through `scan()`: JSON-RPC calls and wall time, beside one bare
 * Multicall3 `aggregate3` carrying each account's position reads (the floor any reader could reach).
 */
import { createClient, http, parseAbi, type Address } from 'viem';
import { aaveV3, aaveV4, compoundV3, devnetMarketsFile, morphoBlue, type Devnet } from '../../lib/devnet/index.ts';
import { multicall } from '../../lib/protocols/shared/multicall.ts';
import { scan } from '../../lib/scan/index.ts';
import { freshAccount } from '../chain/helpers/aave-fixtures.ts';
import { startRpcCounter } from '../helpers/rpc-counter.ts';

const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchProtocols(devnet: Devnet, count = 50) {
  const accounts: Address[] = [];
  const market = devnet.morpho.markets['WETH/USDC'];
  for (let i = 0; i < count; i++) {
    const account = await freshAccount(devnet, `bench-all-${i}`);
    await aaveV3.openPosition(devnet, { account, supply: { WETH: aaveV3.toUnits('WETH', '2') }, borrow: { USDC: aaveV3.toUnits('USDC', String(1000 + i)) } });
    await morphoBlue.openPosition(devnet, { account, market, collateral: 10n ** 18n, borrow: BigInt(100 + i) * 10n ** 6n });
    await compoundV3.openPosition(devnet.compound, { account, collateral: { WETH: 10n ** 18n }, borrow: BigInt(100 + i) * 10n ** 6n });
    await aaveV4.openPosition(devnet, { account, spoke: 'main', supply: { WETH: 10n ** 18n }, borrow: { USDC: BigInt(100 + i) * 10n ** 6n } });
    accounts.push(account);
  }
  const proxy = await startRpcCounter(devnet.rpcUrl);
  try {
    const file = devnetMarketsFile(devnet, { rpcUrls: [proxy.url] });
    const cache = new Map<string, unknown>();
    proxy.reset();
    const cold = await scan({ chains: file.chains, markets: file.markets, accounts, cache });
    const coldCalls = proxy.counts.calls;
    const times: number[] = [];
    let warm = { calls: 0, http: 0 };
    let positions = cold.positions.length;
    for (let r = 0; r < RUNS; r++) {
      proxy.reset();
      const t0 = performance.now();
      const result = await scan({ chains: file.chains, markets: file.markets, accounts, cache });
      times.push(performance.now() - t0);
      warm = { calls: proxy.counts.calls, http: proxy.counts.http };
      positions = result.positions.length;
    }
    const abi = parseAbi([
      'function getUserConfiguration(address) view returns ((uint256))',
      'function balanceOf(address) view returns (uint256)',
      'function position(bytes32, address) view returns (uint256, uint128, uint128)',
      'function borrowBalanceOf(address) view returns (uint256)',
      'function collateralBalanceOf(address, address) view returns (uint128)',
      'function getUserPosition(uint256, address) view returns ((uint120, uint120, int200, uint120, uint32))',
    ]);
    const spoke = devnet.aaveV4.spokes.main;
    const client = createClient({ transport: http(proxy.url) });
    const calls = accounts.flatMap((user) => [
      { address: devnet.aave.addresses.pool, abi, functionName: 'getUserConfiguration', args: [user] },
      { address: devnet.aave.reserves.WETH.aToken, abi, functionName: 'balanceOf', args: [user] },
      { address: devnet.aave.reserves.USDC.variableDebtToken, abi, functionName: 'balanceOf', args: [user] },
      { address: devnet.morpho.addresses.morpho, abi, functionName: 'position', args: [market.id, user] },
      { address: devnet.compound.comet, abi, functionName: 'borrowBalanceOf', args: [user] },
      { address: devnet.compound.comet, abi, functionName: 'collateralBalanceOf', args: [user, devnet.compound.collaterals.WETH.address] },
      { address: spoke.spoke, abi, functionName: 'getUserPosition', args: [BigInt(spoke.reserveIds.WETH!), user] },
      { address: spoke.spoke, abi, functionName: 'getUserPosition', args: [BigInt(spoke.reserveIds.USDC!), user] },
    ]);
    const bare: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      proxy.reset();
      const t0 = performance.now();
      await multicall(client, calls);
      bare.push(performance.now() - t0);
    }
    return {
      accounts: count,
      positions,
      coldCalls,
      warmCalls: warm.calls,
      warmHttp: warm.http,
      warmMs: Math.round(median(times) * 10) / 10,
      bareCalls: proxy.counts.calls,
      bareMulticallMs: Math.round(median(bare) * 10) / 10,
    };
  } finally {
    await proxy.close();
  }
}

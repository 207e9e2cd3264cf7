/**
 * Refresh cost of the Aave v3 reader for 1, 10 and 50 accounts with positions in one market: JSON-RPC
 * calls and HTTP requests as a loopback proxy sees them, and wall time, beside one bare Multicall3
 * `aggregate3` carrying the same per-account reads (the floor any reader could reach).
 */
import { createClient, http, parseAbi, type Address } from 'viem';
import { multicall } from '../../lib/protocols/shared/multicall.ts';
import { readAavePositions } from '../../lib/protocols/aave-v3/positions.ts';
import { aaveV3, type AaveDevnet, type Devnet } from '../../lib/devnet/index.ts';
import { freshAccount } from '../chain/helpers/aave-fixtures.ts';
import { startRpcCounter } from '../helpers/rpc-counter.ts';

export interface AaveBenchRow {
  accounts: number;
  coldCalls: number;
  warmCalls: number;
  warmHttp: number;
  warmMs: number;
  bareMulticallMs: number;
  bareCalls: number;
}

const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `market`: the devnet's 3.0.2 market (default) or its real 3.6 one (`devnet.aave36`). */
export async function benchAave(devnet: Devnet, sizes = [1, 10, 50], market: AaveDevnet = devnet.aave): Promise<AaveBenchRow[]> {
  const accounts: Address[] = [];
  const max = Math.max(...sizes);
  for (let i = 0; i < max; i++) {
    const account = await freshAccount(devnet, `bench-aave-${market.addresses.pool}-${i}`);
    await aaveV3.openPosition(market, {
      account,
      supply: { WETH: aaveV3.toUnits('WETH', '3'), ...(i % 2 ? { WBTC: aaveV3.toUnits('WBTC', '0.05') } : {}) },
      borrow: { USDC: aaveV3.toUnits('USDC', String(1000 + i)), ...(i % 3 === 0 ? { DAI: aaveV3.toUnits('DAI', '500') } : {}) },
    });
    accounts.push(account);
  }
  const proxy = await startRpcCounter(devnet.rpcUrl);
  const client = createClient({ transport: http(proxy.url, { batch: true }) });
  const params = { chainId: 31337, market: 'Devnet Aave', poolAddressesProvider: market.addresses.poolAddressesProvider };
  const rows: AaveBenchRow[] = [];
  try {
    for (const n of sizes) {
      const subset = accounts.slice(0, n);
      proxy.reset();
      const cold = await readAavePositions(client, { ...params, accounts: subset });
      const coldCalls = proxy.counts.calls;
      const times: number[] = [];
      let warmCalls = 0;
      let warmHttp = 0;
      for (let r = 0; r < RUNS; r++) {
        proxy.reset();
        const t0 = performance.now();
        await readAavePositions(client, { ...params, accounts: subset, marketStatic: cold.marketStatic });
        times.push(performance.now() - t0);
        warmCalls = proxy.counts.calls;
        warmHttp = proxy.counts.http;
      }
      // The bare floor: one aggregate3 with each account's configuration, e-mode and token balances.
      const abi = parseAbi([
        'function getUserConfiguration(address) view returns ((uint256))',
        'function getUserEMode(address) view returns (uint256)',
        'function balanceOf(address) view returns (uint256)',
      ]);
      const r = market.reserves;
      const calls = subset.flatMap((user) => [
        { address: market.addresses.pool, abi, functionName: 'getUserConfiguration', args: [user] },
        { address: market.addresses.pool, abi, functionName: 'getUserEMode', args: [user] },
        ...[r.WETH.aToken, r.WBTC.aToken, r.USDC.variableDebtToken, r.DAI.variableDebtToken].map((token) => ({
          address: token,
          abi,
          functionName: 'balanceOf',
          args: [user],
        })),
      ]);
      const bare: number[] = [];
      for (let k = 0; k < RUNS; k++) {
        proxy.reset();
        const t0 = performance.now();
        await multicall(client, calls);
        bare.push(performance.now() - t0);
      }
      rows.push({
        accounts: n,
        coldCalls,
        warmCalls,
        warmHttp,
        warmMs: Math.round(median(times) * 10) / 10,
        bareMulticallMs: Math.round(median(bare) * 10) / 10,
        bareCalls: proxy.counts.calls,
      });
    }
  } finally {
    await proxy.close();
  }
  return rows;
}

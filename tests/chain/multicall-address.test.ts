/**
 * A chain whose Multicall3 is not at the canonical address (zkSync Era): the scan gives the client the
 * chain `readerChain` names, and every read goes to that chain's own Multicall3 — not to 0xcA11…CA11 and
 * not through the deployless fallback. The devnet plays zkSync: its chain id set to 324 and Multicall3
 * moved to zkSync's address, then the same Aave position is read again.
 */
import { expect, it } from 'vitest';
import { http, type Address } from 'viem';
import { aaveV3, devnetMarketsFile, multicall3Code } from '../../lib/devnet/index.ts';
import { readerChain } from '../../lib/markets/chains.ts';
import { MULTICALL3_ADDRESS } from '../../lib/protocols/shared/multicall.ts';
import { healthFactor } from '../../lib/risk/index.ts';
import { scan } from '../../lib/scan/index.ts';
import { freshAccount } from './helpers/aave-fixtures.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
const ZKSYNC = 324;

it("reads zkSync Era's markets through the Multicall3 at the address its chain names", async () => {
  const d = devnet();
  const zkMulticall = readerChain(ZKSYNC)?.contracts?.multicall3?.address;
  expect(zkMulticall).toBeDefined();
  expect(zkMulticall!.toLowerCase()).not.toBe(MULTICALL3_ADDRESS.toLowerCase());

  const account = await freshAccount(d, 'zksync-multicall');
  await aaveV3.openPosition(d, { account, supply: { WETH: aaveV3.toUnits('WETH', '4') }, borrow: { USDC: aaveV3.toUnits('USDC', '3000') } });
  const file = devnetMarketsFile(d);
  const aave = file.markets.filter((m) => m.protocol === file.markets[0]!.protocol);
  const before = await scan({ chains: file.chains, markets: aave, accounts: [account] });
  expect(before.errors).toEqual([]);

  const originalChainId = await d.client.getChainId();
  await d.client.request({ method: 'anvil_setChainId', params: [ZKSYNC] } as never);
  await d.client.setCode({ address: zkMulticall!, bytecode: await multicall3Code() });
  await d.client.setCode({ address: MULTICALL3_ADDRESS, bytecode: '0x' });
  try {
    const targets: (Address | undefined)[] = [];
    const record = async (request: Request) => {
      const body = (await request.clone().json()) as { method: string; params?: [{ to?: Address }] } | { method: string; params?: [{ to?: Address }] }[];
      for (const call of Array.isArray(body) ? body : [body]) if (call.method === 'eth_call') targets.push(call.params?.[0]?.to);
    };
    const after = await scan({
      chains: [{ ...file.chains[0]!, chainId: ZKSYNC }],
      markets: aave.map((m) => ({ ...m, chainId: ZKSYNC })),
      accounts: [account],
      transport: (chain) => http(chain.rpcUrls[0], { batch: true, onFetchRequest: record }),
    });
    expect(after.errors).toEqual([]);
    expect(after.positions).toHaveLength(1);
    const [position] = after.positions;
    expect(position!.chainId).toBe(ZKSYNC);
    expect(position!.blockNumber).toBe(before.positions[0]!.blockNumber);
    expect(healthFactor(position!)).toBe(healthFactor(before.positions[0]!));
    // Every eth_call went to zkSync's Multicall3: none to the canonical address, none deployless (no `to`).
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.map((t) => t?.toLowerCase())).toEqual(targets.map(() => zkMulticall!.toLowerCase()));
  } finally {
    await d.client.request({ method: 'anvil_setChainId', params: [originalChainId] } as never);
  }
});

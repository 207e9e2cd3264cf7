/**
 * The call batch the readers build their requests with (lib/protocols/shared/batch.ts), against the devnet's
 * real tokens and Pool behind a counting proxy: answers arrive in the handles they were asked through, typed
 * from the ABI; a call that fails fails alone; a batch is one eth_call, pinned to a block when asked.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, erc20Abi, http, parseAbi, type Client } from 'viem';
import { readContract } from 'viem/actions';
import { aaveV3 } from '../../lib/devnet/index.ts';
import { GuardError } from '../../lib/errors.ts';
import { poolAbi } from '../../lib/protocols/aave-v3/abi.ts';
import { addBlock, callBatch, readValues, valuesOf } from '../../lib/protocols/shared/batch.ts';
import { startRpcCounter, type RpcCounter } from '../helpers/rpc-counter.ts';
import { freshAccount } from './helpers/aave-fixtures.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
let proxy: RpcCounter;
let client: Client;

beforeAll(async () => {
  proxy = await startRpcCounter(devnet().rpcUrl);
  client = createClient({ transport: http(proxy.url, { batch: true }) });
});
afterAll(async () => {
  await proxy?.close();
});

describe('callBatch', () => {
  it('answers each call through its own handle, typed from the ABI, in one eth_call', async () => {
    const { reserves, addresses } = devnet().aave;
    const tokens = [reserves.USDC.address, reserves.WETH.address, reserves.WBTC.address];
    const batch = callBatch();
    // Interleaved on purpose: an answer that landed in its neighbour's handle would have the wrong type or value.
    const reads = tokens.map((token) => ({
      decimals: batch.add({ address: token, abi: erc20Abi, functionName: 'decimals' }),
      symbol: batch.add({ address: token, abi: erc20Abi, functionName: 'symbol' }),
      data: batch.add({ address: addresses.pool, abi: poolAbi, functionName: 'getReserveData', args: [token] }),
    }));
    // Checked by tsc (`npx tsc --noEmit` covers tests): the handle's type comes from the ABI's outputs.
    type Reads = (typeof reads)[number];
    expectTypeOf<Reads['decimals']['value']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Reads['symbol']['value']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<Reads['data']['value']>['aTokenAddress']>().toEqualTypeOf<`0x${string}`>();
    expect(batch.calls).toHaveLength(9);

    proxy.reset();
    await batch.run(client);
    expect(proxy.counts).toMatchObject({ http: 1, calls: 1, methods: { eth_call: 1 } });

    // Each answer equals the same call made on its own.
    for (const [i, token] of tokens.entries()) {
      const r = reads[i]!;
      expect(r.decimals.value).toBe(await readContract(client, { address: token, abi: erc20Abi, functionName: 'decimals' }));
      expect(r.symbol.value).toBe(await readContract(client, { address: token, abi: erc20Abi, functionName: 'symbol' }));
      const data = await readContract(client, { address: addresses.pool, abi: poolAbi, functionName: 'getReserveData', args: [token] });
      expect(r.data.value).toEqual(data);
      expect(r.data.result).toEqual({ status: 'success', result: data });
    }
    expect(reads.map((r) => r.symbol.value)).toEqual(['USDC', 'WETH', 'WBTC']);
  });

  it('isolates a failing call: it fails alone, its neighbours answer, and the request still succeeds', async () => {
    const { reserves } = devnet().aave;
    const account = await freshAccount(devnet(), 'batch-isolation');
    const batch = callBatch();
    const before = batch.add({ address: reserves.USDC.address, abi: erc20Abi, functionName: 'decimals' });
    // An account without code answers nothing; a transferFrom without allowance reverts.
    const noContract = batch.add({ address: account, abi: erc20Abi, functionName: 'decimals' });
    const reverts = batch.add({
      address: reserves.USDC.address,
      abi: parseAbi(['function transferFrom(address, address, uint256) view returns (bool)']),
      functionName: 'transferFrom',
      args: [account, account, 1n],
    });
    const after = batch.add({ address: reserves.WETH.address, abi: erc20Abi, functionName: 'decimals' });
    proxy.reset();
    await batch.run(client);
    expect(proxy.counts.http).toBe(1);
    expect(before.value).toBe(reserves.USDC.decimals);
    expect(after.value).toBe(reserves.WETH.decimals);
    expect(valuesOf({ before, noContract, reverts, after })).toEqual({
      before: reserves.USDC.decimals,
      noContract: undefined,
      reverts: undefined,
      after: reserves.WETH.decimals,
    });
    for (const failed of [noContract, reverts]) {
      expect(failed.value).toBeUndefined();
      expect(failed.result.status).toBe('failure');
    }
  });

  it('runs pinned to a block: the answer is the state at that block, not the latest', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'batch-pinned');
    const usdc = d.aave.reserves.USDC.address;
    const pinned = await d.client.getBlockNumber();
    const balanceThen = await readContract(client, { address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [account] });
    await aaveV3.fund(d, { account, symbol: 'USDC', amount: aaveV3.toUnits('USDC', '1234') });

    const atBlock = callBatch();
    const old = atBlock.add({ address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [account] });
    const block = addBlock(atBlock, d.aave.chainId);
    await atBlock.run(client, { blockNumber: pinned });
    const latest = callBatch();
    const now = latest.add({ address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [account] });
    await latest.run(client);

    expect(block.value.blockNumber).toBe(pinned);
    expect(old.value).toBe(balanceThen);
    expect(now.value).toBe(balanceThen + aaveV3.toUnits('USDC', '1234'));
  });

  it('answers an included batch when the including one runs, still in one request', async () => {
    const { reserves } = devnet().aave;
    const planned = callBatch();
    const weth = planned.add({ address: reserves.WETH.address, abi: erc20Abi, functionName: 'symbol' });
    const batch = callBatch();
    const usdc = batch.add({ address: reserves.USDC.address, abi: erc20Abi, functionName: 'symbol' });
    batch.include(planned);
    const dai = batch.add({ address: reserves.DAI.address, abi: erc20Abi, functionName: 'symbol' });
    expect(batch.calls.map((c) => c.address)).toEqual([reserves.USDC.address, reserves.WETH.address, reserves.DAI.address]);
    proxy.reset();
    await batch.run(client);
    expect(proxy.counts.http).toBe(1);
    expect([usdc.value, weth.value, dai.value]).toEqual(['USDC', 'WETH', 'DAI']);
    // Its calls went out with the including batch: running it again would ask them twice.
    await expect(planned.run(client)).rejects.toThrow(/already included/);
  });

  it('reads named calls at once (readValues): their values by name, a failed one undefined, one request', async () => {
    const { reserves } = devnet().aave;
    const account = await freshAccount(devnet(), 'batch-read-values');
    proxy.reset();
    const values = await readValues(client, (batch) => ({
      symbol: batch.add({ address: reserves.WBTC.address, abi: erc20Abi, functionName: 'symbol' }),
      missing: batch.add({ address: account, abi: erc20Abi, functionName: 'symbol' }),
      decimals: batch.add({ address: reserves.WBTC.address, abi: erc20Abi, functionName: 'decimals' }),
    }));
    expectTypeOf(values).toEqualTypeOf<{ symbol: string | undefined; missing: string | undefined; decimals: number | undefined }>();
    expect(values).toEqual({ symbol: 'WBTC', missing: undefined, decimals: reserves.WBTC.decimals });
    expect(proxy.counts.http).toBe(1);
  });

  it('sends nothing for an empty batch, and refuses to be read early or run twice', async () => {
    const empty = callBatch();
    proxy.reset();
    await empty.run(client);
    expect(proxy.counts.http).toBe(0);

    const batch = callBatch();
    const symbol = batch.add({ address: devnet().aave.reserves.USDC.address, abi: erc20Abi, functionName: 'symbol' });
    expect(() => symbol.value).toThrow(/before its batch ran/);
    await batch.run(client);
    await expect(batch.run(client)).rejects.toThrow(/already ran/);
  });

  it('dates the batch with its block, and refuses an RPC that serves another chain', async () => {
    const batch = callBatch();
    const right = addBlock(batch, devnet().aave.chainId);
    const wrong = addBlock(batch, 1);
    await batch.run(client);
    const head = await devnet().client.getBlock();
    expect(right.value).toEqual({ blockNumber: head.number, timestamp: head.timestamp });
    expect(() => wrong.value).toThrow(GuardError);
    expect(() => wrong.value).toThrow(/serves chain \d+, not chain 1\./);
  });
});

import {
  AbiDecodingZeroDataError,
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionZeroDataError,
  CallExecutionError,
  HttpRequestError,
  RpcRequestError,
  TimeoutError,
  type Abi,
  type Address,
  type Client,
  type ContractFunctionParameters,
} from 'viem';
import { getBlock, getChainId, multicall as viemMulticall } from 'viem/actions';
import { GuardError } from '../../errors.ts';
import { asGuardError } from './classify.ts';

/**
 * Multicall3's canonical address: where it lives on every chain we support but zkSync Era (and where the
 * devnet puts it). Readers address `blockCalls` to it; `multicall` sends them to the client's own.
 */
export const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11' as const;

/**
 * Where Multicall3 lives for this client: its chain's `contracts.multicall3` when the scan gave it a chain
 * that says so (zkSync Era, see `readerChain` in lib/markets/chains.ts), else the canonical address.
 */
export function multicall3Address(client: Client): Address {
  return client.chain?.contracts?.multicall3?.address ?? MULTICALL3_ADDRESS;
}

/**
 * Large enough that one refresh of many accounts stays one eth_call: viem's default (1 KiB of calldata per
 * chunk) would split a 50-account read into dozens of requests. Public RPCs accept calls far larger.
 */
export const MULTICALL_BATCH_BYTES = 512 * 1024;

export interface Call {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
}
export type CallResult = { status: 'success'; result: unknown } | { status: 'failure'; error: Error };

/**
 * One Multicall3 `aggregate3` with allowFailure: every call answers on its own, so one odd token cannot
 * sink the whole read. Results are `unknown`: each reader decodes and checks the shapes it needs.
 *
 * A chain without Multicall3 at its canonical address (a bare devnet, a young chain) is read the same way
 * through viem's deployless multicall — the contract's bytecode rides along in the `eth_call` — and the
 * client is remembered, so only the first read pays the detour.
 */
export async function multicall(client: Client, calls: readonly Call[], blockNumber?: bigint): Promise<CallResult[]> {
  if (calls.length === 0) return [];
  if (withoutMulticall3.has(client)) return deploylessMulticall(client, calls, blockNumber);
  const multicallAddress = multicall3Address(client);
  const atChain =
    isCanonical(multicallAddress) ? calls : calls.map((c) => (isCanonical(c.address) ? { ...c, address: multicallAddress } : c));
  const results = await aggregate(client, atChain, blockNumber, multicallAddress);
  if (results.length > 0 && results.every((r) => r.status === 'failure' && isMissingContract(r.error))) {
    withoutMulticall3.add(client);
    return deploylessMulticall(client, calls, blockNumber);
  }
  return results;
}

const isCanonical = (address: Address) => address.toLowerCase() === MULTICALL3_ADDRESS.toLowerCase();

/** Clients whose chain has no Multicall3 at the canonical address. */
const withoutMulticall3 = new WeakSet<Client>();

/** `multicallAddress` undefined: deployless. */
async function aggregate(client: Client, calls: readonly Call[], blockNumber: bigint | undefined, multicallAddress: Address | undefined) {
  const results = await viemMulticall(client, {
    contracts: calls as unknown as ContractFunctionParameters[],
    allowFailure: true,
    batchSize: MULTICALL_BATCH_BYTES,
    ...(multicallAddress === undefined ? { deployless: true } : { multicallAddress }),
    ...(blockNumber === undefined ? {} : { blockNumber }),
  });
  // viem turns a failed aggregate3 request (RPC down, timeout) into a failure of every call in it; that is
  // not "the contract said no" and must not read as an empty market.
  for (const r of results) {
    if (r.status === 'failure' && isTransportFailure(r.error)) {
      throw asGuardError(r.error, 'rpc-unreachable');
    }
  }
  return results as CallResult[];
}

/**
 * Deployless, the Multicall3 instance lives at no known address, so its block views (`blockCalls`) are
 * answered from the node instead: the block (pinned, so every read describes it) and the chain id.
 */
async function deploylessMulticall(client: Client, calls: readonly Call[], blockNumber?: bigint): Promise<CallResult[]> {
  const own = (c: Call) => isCanonical(c.address);
  let block: { number: bigint; timestamp: bigint } | undefined;
  let chainId: number | undefined;
  if (calls.some(own)) {
    try {
      const [b, id] = await Promise.all([
        getBlock(client, blockNumber === undefined ? {} : { blockNumber }),
        getChainId(client),
      ]);
      block = { number: b.number!, timestamp: b.timestamp };
      chainId = id;
    } catch (error) {
      throw asGuardError(error, 'rpc-unreachable');
    }
  }
  const others = calls.filter((c) => !own(c));
  const answers = others.length === 0 ? [] : await aggregate(client, others, block?.number ?? blockNumber, undefined);
  let next = 0;
  return calls.map((c): CallResult => {
    if (!own(c)) return answers[next++]!;
    const value = { getBlockNumber: block!.number, getCurrentBlockTimestamp: block!.timestamp, getChainId: BigInt(chainId!) }[
      c.functionName
    ];
    return value === undefined
      ? { status: 'failure', error: new Error(`${c.functionName} is not available without Multicall3`) }
      : { status: 'success', result: value };
  });
}

/**
 * `aggregate3` itself returned no data: nothing lives at the Multicall3 address. (A single call reaching
 * an address without code fails the same way, but under its own function name, not `aggregate3`.)
 */
function isMissingContract(error: unknown): boolean {
  if (!(error instanceof ContractFunctionExecutionError) || error.functionName !== 'aggregate3') return false;
  return Boolean(error.walk((e) => e instanceof ContractFunctionZeroDataError || e instanceof AbiDecodingZeroDataError));
}

/** The request itself failed (network, HTTP status, timeout, RPC error), as opposed to a contract revert. */
export function isTransportFailure(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false;
  return Boolean(
    error.walk(
      (e) =>
        e instanceof CallExecutionError ||
        e instanceof HttpRequestError ||
        e instanceof TimeoutError ||
        e instanceof RpcRequestError,
    ),
  );
}

/** The value of a successful call, or undefined. */
export const value = <T>(r: CallResult | undefined): T | undefined =>
  r?.status === 'success' ? (r.result as T) : undefined;

export const multicall3Abi = [
  { type: 'function', name: 'getBlockNumber', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] },
  { type: 'function', name: 'getChainId', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] },
  {
    type: 'function',
    name: 'getCurrentBlockTimestamp',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ type: 'uint256' }],
  },
] as const;

/**
 * Block number, timestamp and chain id, as calls to put first in the same multicall as the reads they
 * date. The chain id costs nothing here and catches an RPC that serves another chain than it claims.
 */
export const blockCalls: readonly Call[] = [
  { address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getBlockNumber' },
  { address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getCurrentBlockTimestamp' },
  { address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getChainId' },
];

export interface BlockInfo {
  blockNumber: bigint;
  timestamp: bigint;
}

/** Check and decode the three `blockCalls` results; throws when the chain is not the expected one. */
export function blockInfo(results: readonly CallResult[], expectedChainId: number): BlockInfo {
  const blockNumber = value<bigint>(results[0]);
  const timestamp = value<bigint>(results[1]);
  const chainId = value<bigint>(results[2]);
  if (blockNumber === undefined || timestamp === undefined || chainId === undefined) {
    throw new GuardError('bad-data', 'Multicall3 did not answer with the block number and chain id.');
  }
  if (chainId !== BigInt(expectedChainId)) {
    throw new GuardError('wrong-chain', `The RPC serves chain ${chainId}, not chain ${expectedChainId}.`);
  }
  return { blockNumber, timestamp };
}

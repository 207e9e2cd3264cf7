import {
  BaseError,
  CallExecutionError,
  HttpRequestError,
  RpcRequestError,
  TimeoutError,
  type Abi,
  type Address,
  type Client,
  type ContractFunctionParameters,
} from 'viem';
import { multicall as viemMulticall } from 'viem/actions';
import { GuardError, oneLine } from '../../errors.ts';

/** Multicall3 is deployed at this address on every chain we support (and put there on the devnet). */
export const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11' as const;

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
 */
export async function multicall(client: Client, calls: readonly Call[], blockNumber?: bigint): Promise<CallResult[]> {
  if (calls.length === 0) return [];
  const results = await viemMulticall(client, {
    contracts: calls as unknown as ContractFunctionParameters[],
    allowFailure: true,
    batchSize: MULTICALL_BATCH_BYTES,
    multicallAddress: MULTICALL3_ADDRESS,
    ...(blockNumber === undefined ? {} : { blockNumber }),
  });
  // viem turns a failed aggregate3 request (RPC down, timeout, no Multicall3) into a failure of every call
  // in it; that is not "the contract said no" and must not read as an empty market.
  for (const r of results) {
    if (r.status === 'failure' && isTransportFailure(r.error)) {
      throw new GuardError('RPC_UNREACHABLE', `The RPC did not answer: ${oneLine(r.error)}`, { cause: r.error });
    }
  }
  return results as CallResult[];
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
    throw new GuardError('PROTOCOL_READ', 'Multicall3 did not answer with the block number and chain id.');
  }
  if (chainId !== BigInt(expectedChainId)) {
    throw new GuardError('RPC_MISMATCH', `The RPC serves chain ${chainId}, not chain ${expectedChainId}.`);
  }
  return { blockNumber, timestamp };
}

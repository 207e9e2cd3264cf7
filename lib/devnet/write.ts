/**
 * The one way every protocol's devnet actions send a transaction: simulate (eth_call, for a decoded revert
 * reason), send with a fixed gas limit, wait for the receipt. A refusal surfaces as a `DevnetActionError`
 * naming the action and the contract's reason, e.g. `borrow 1000 USDC for 0x7099…: reverted with 36
 * (COLLATERAL_CANNOT_COVER_NEW_BORROW)`; `refusal` asks the same question without sending.
 *
 * Kept apart from the protocol folders so that what "a devnet write" means (gas, errors, waiting) is decided
 * once; the protocol modules only say which call an action is. Deployment uses `Deployer` instead (back to
 * back, no simulation): it sends hundreds of known-good transactions where actions send a few.
 */
import { BaseError, ContractFunctionRevertedError, type Abi, type Address, type Hash, type TransactionReceipt } from 'viem';
import type { DevnetClient } from './chain.ts';

export class DevnetActionError extends Error {
  override name = 'DevnetActionError';
  /** The revert reason (Aave error code such as '36', a reason string, a custom error name), when the chain gave one. */
  readonly reason: string | undefined;
  constructor(action: string, reason: string | undefined, detail: string, opts?: { cause?: unknown }) {
    super(`${action}: ${detail}`, opts);
    this.reason = reason;
  }
}

/** A contract call sent by an unlocked (or impersonated) devnet account. */
export interface WriteCall {
  account: Address;
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

export interface WriteOptions {
  /** A readable name for a bare revert reason (Aave's numeric error codes), shown after it. */
  reasonName?: (reason: string) => string | undefined;
}

/**
 * A fixed, generous gas limit rather than eth_estimateGas: the estimate runs at the latest block's timestamp,
 * where no interest is due, and the transaction a second later must also write the accrued indices (Morpho,
 * the Comet stand-in); and anvil's estimate for Aave's supply sometimes lands a few thousand gas short (the
 * 63/64 rule on nested calls). Either way an estimated limit can run out. Only used gas is paid.
 */
const WRITE_GAS_LIMIT = 5_000_000n;

export const short = (a: Address): string => `${a.slice(0, 6)}…`;

/** The revert reason in a viem error (the `Error(string)` message or custom error name), if any. */
export function revertReason(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  return reverted.reason ?? reverted.data?.errorName;
}

/**
 * Simulate a call a test expects may be refused (a liquidation of a healthy position): the decoded revert
 * reason when the contract refuses, undefined when it would succeed. Any other failure still throws.
 */
export async function refusal(client: DevnetClient, call: WriteCall): Promise<string | undefined> {
  try {
    await client.simulateContract(call as never);
    return undefined;
  } catch (error) {
    const reason = revertReason(error);
    if (reason !== undefined) return reason;
    throw error;
  }
}

/** Simulate, send, wait. Returns the receipt and the simulated return value (e.g. Morpho's shares). */
export async function write<T = unknown>(
  client: DevnetClient,
  action: string,
  call: WriteCall,
  opts: WriteOptions = {},
): Promise<{ receipt: TransactionReceipt; result: T }> {
  let hash: Hash;
  let result: unknown;
  try {
    const simulated = await client.simulateContract(call as never);
    result = simulated.result;
    hash = await client.writeContract({ ...(simulated.request as object), gas: WRITE_GAS_LIMIT } as never);
  } catch (error) {
    const reason = revertReason(error);
    if (reason === undefined) {
      throw new DevnetActionError(action, undefined, (error as Error).message.split('\n')[0] ?? 'failed', { cause: error });
    }
    const name = opts.reasonName?.(reason);
    throw new DevnetActionError(action, reason, `reverted with ${reason}${name ? ` (${name})` : ''}`, { cause: error });
  }
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new DevnetActionError(action, undefined, `transaction ${hash} reverted`);
  return { receipt, result: result as T };
}

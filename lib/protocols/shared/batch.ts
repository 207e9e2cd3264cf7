import type {
  Abi,
  Client,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionParameters,
  ContractFunctionReturnType,
} from 'viem';
import { blockCalls, blockInfo, multicall, type BlockInfo, type Call, type CallResult } from './multicall.ts';

/**
 * The calls of one multicall round, each added as it is thought of and answered through the handle `add`
 * returned, so no reader counts positions in a results array. Calls go out in the order they were added,
 * in one `multicall` (one `eth_call` of Multicall3's `aggregate3`, each call allowed to fail on its own).
 *
 *   const batch = callBatch();
 *   const eMode = batch.add({ address: pool, abi: poolAbi, functionName: 'getUserEMode', args: [user] });
 *   await batch.run(client, { blockNumber });
 *   eMode.value; // bigint | undefined (undefined: that call failed)
 */
export interface CallBatch {
  /** Queue one call; its handle answers once the batch has run. Typed from the ABI, as viem's `readContract`. */
  add<
    const abi extends Abi | readonly unknown[],
    functionName extends ContractFunctionName<abi, 'pure' | 'view'>,
    const args extends ContractFunctionArgs<abi, 'pure' | 'view', functionName>,
  >(
    call: ContractFunctionParameters<abi, 'pure' | 'view', functionName, args>,
  ): CallHandle<ContractFunctionReturnType<abi, 'pure' | 'view', functionName, args>>;
  /**
   * Queue every call of `other` (built on its own, e.g. a round planned before its inputs were confirmed):
   * its handles are answered when this batch runs. `other` cannot then be run itself.
   */
  include(other: CallBatch): void;
  /** The calls queued so far, in order. */
  readonly calls: readonly Call[];
  /** Send every queued call in one multicall (none when the batch is empty), pinned to `blockNumber` if given. */
  run(client: Client, options?: { blockNumber?: bigint }): Promise<void>;
}

/** One call's answer. */
export interface CallHandle<T> {
  readonly call: Call;
  /** Success with the decoded value, or the call's own failure. */
  readonly result: CallResult;
  /** The decoded value; undefined when the call failed (reverted, no contract, undecodable). */
  readonly value: T | undefined;
}

interface Slot {
  call: Call;
  result?: CallResult;
}

interface Queue {
  slots: Slot[];
  /** Run, or included in a batch that answers its slots: either way it sends nothing more. */
  done: 'ran' | 'included' | undefined;
}

/** Each batch's queue; `include` shares another batch's slots, so the including batch answers them. */
const queues = new WeakMap<CallBatch, Queue>();

export function callBatch(): CallBatch {
  const queue: Queue = { slots: [], done: undefined };
  const { slots } = queue;
  const batch: CallBatch = {
    add(call) {
      const slot: Slot = { call: call as Call };
      slots.push(slot);
      return handle(slot);
    },
    include(other) {
      const included = queues.get(other)!;
      if (included.done) throw new Error(`This call batch was already ${included.done}.`);
      included.done = 'included';
      slots.push(...included.slots);
    },
    get calls() {
      return slots.map((s) => s.call);
    },
    async run(client, options = {}) {
      if (queue.done) throw new Error(`This call batch was already ${queue.done}.`);
      queue.done = 'ran';
      const results = await multicall(client, slots.map((s) => s.call), options.blockNumber);
      slots.forEach((s, i) => (s.result = results[i]));
    },
  };
  queues.set(batch, queue);
  return batch;
}

function handle<T>(slot: Slot): CallHandle<T> {
  const result = (): CallResult => {
    if (!slot.result) throw new Error(`${slot.call.functionName} was read before its batch ran.`);
    return slot.result;
  };
  return {
    call: slot.call,
    get result() {
      return result();
    },
    get value() {
      const r = result();
      return r.status === 'success' ? (r.result as T) : undefined;
    },
  };
}

type Values<H extends Record<string, CallHandle<unknown>>> = { [K in keyof H]: H[K] extends CallHandle<infer V> ? V | undefined : never };

/** The values of named handles (each undefined where its call failed), for destructuring in one line. */
export function valuesOf<H extends Record<string, CallHandle<unknown>>>(handles: H): Values<H> {
  return Object.fromEntries(Object.entries(handles).map(([k, h]) => [k, h.value])) as never;
}

/** A batch of named calls, run at once: their values by name (one request). */
export async function readValues<H extends Record<string, CallHandle<unknown>>>(
  client: Client,
  queue: (batch: CallBatch) => H,
  options?: { blockNumber?: bigint },
): Promise<Values<H>> {
  const batch = callBatch();
  const handles = queue(batch);
  await batch.run(client, options);
  return valuesOf(handles);
}

/**
 * A value decoded from handles once their batch has run: `value` decodes on its first read after the run
 * and keeps the result (a read before the run throws, as the handles do, and is not remembered).
 */
export interface Decoded<T> {
  readonly value: T;
}

export const decoded = <T>(decode: () => T): Decoded<T> => {
  let kept: { value: T } | undefined;
  return {
    get value() {
      kept ??= { value: decode() };
      return kept.value;
    },
  };
};

/**
 * The block the batch is answered at and the chain that answers, as calls to Multicall3 in the same batch
 * (so every number read describes that block); `value` throws when the chain is not `expectedChainId`.
 */
export function addBlock(batch: CallBatch, expectedChainId: number): Decoded<BlockInfo> {
  const handles = blockCalls.map((c) => batch.add(c as ContractFunctionParameters));
  return decoded(() => blockInfo(handles.map((h) => h.result), expectedChainId));
}

/**
 * Fast deployment on anvil: send transactions back to back from an unlocked account and check all the
 * receipts at the next `settle()`.
 *
 * Why not viem's `deployContract`/`writeContract` + `waitForTransactionReceipt` per step: each of those
 * estimates gas, reads fees and nonce and then polls, i.e. 4–6 round trips per transaction. anvil mines each
 * transaction as it arrives (automine), so a fixed gas limit and one `eth_sendTransaction` per step is
 * enough; a failed step is reported at `settle()`, with its label and the revert reason replayed by eth_call.
 */
import {
  encodeDeployData,
  encodeFunctionData,
  getContractAddress,
  numberToHex,
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type EIP1193RequestFn,
  type WalletRpcSchema,
  type Hash,
  type Hex,
} from 'viem';
import type { DevnetClient } from './chain.ts';

/**
 * Fixed gas per transaction, kept under EIP-7825's per-transaction cap (2^24, Osaka) so the same script works
 * on nodes that enforce it (anvil 1.7.1 by default does not). Only used gas is paid, so a generous limit costs
 * nothing and saves an eth_estimateGas per transaction.
 */
const GAS_LIMIT = 16_000_000n;

interface Sent {
  label: string;
  hash: Hash;
  request: { from: Address; to?: Address; data: Hex };
}

export class Deployer {
  readonly from: Address;
  private nonce = 0;
  private pending: Sent[] = [];
  private readonly client: DevnetClient;

  private constructor(client: DevnetClient, from: Address, nonce: number) {
    this.client = client;
    this.from = from;
    this.nonce = nonce;
  }

  static async create(client: DevnetClient, from: Address): Promise<Deployer> {
    return new Deployer(client, from, await client.getTransactionCount({ address: from }));
  }

  /** Deploys and returns the address the contract gets (known from the nonce before it is mined). */
  async deploy(label: string, abi: Abi, bytecode: Hex, args: readonly unknown[] = []): Promise<Address> {
    const address = getContractAddress({ from: this.from, nonce: BigInt(this.nonce) });
    const data = args.length ? encodeDeployData({ abi, bytecode, args }) : bytecode;
    await this.send(label, { from: this.from, data });
    return address;
  }

  /** Calls a contract function (typed against `abi` when it is a const ABI). */
  async call<
    const abi extends Abi,
    name extends ContractFunctionName<abi, 'nonpayable' | 'payable'>,
    args extends ContractFunctionArgs<abi, 'nonpayable' | 'payable', name>,
  >(label: string, to: Address, abi: abi, functionName: name, args: args): Promise<void> {
    const data = encodeFunctionData({ abi, functionName, args } as never);
    await this.send(label, { from: this.from, to, data });
  }

  /** Waits for every transaction sent since the last settle; throws on the first one that reverted. */
  async settle(): Promise<void> {
    const sent = this.pending;
    this.pending = [];
    const receipts = await Promise.all(sent.map((s) => this.client.waitForTransactionReceipt({ hash: s.hash })));
    const failed = receipts.findIndex((r) => r.status !== 'success');
    if (failed === -1) return;
    const step = sent[failed]!;
    let reason = 'unknown reason';
    try {
      await this.client.call({ account: step.request.from, to: step.request.to, data: step.request.data, blockNumber: receipts[failed]!.blockNumber - 1n });
    } catch (error) {
      reason = (error as { shortMessage?: string }).shortMessage ?? String(error);
    }
    throw new Error(`Devnet deployment step "${step.label}" reverted: ${reason}`);
  }

  private async send(label: string, request: Sent['request']): Promise<void> {
    // The test client's request type knows only anvil_/evm_ methods; eth_sendTransaction is a wallet method.
    const rpc = this.client.request as unknown as EIP1193RequestFn<WalletRpcSchema>;
    const hash = await rpc({
      method: 'eth_sendTransaction',
      params: [{ ...request, gas: numberToHex(GAS_LIMIT), nonce: numberToHex(this.nonce) }],
    });
    this.nonce++;
    this.pending.push({ label, hash, request });
  }
}

/**
 * The devnet as a viem chain, the client every devnet module shares (one per devnet URL), and how an action
 * finds its protocol's deployment and that client from whatever it was given.
 */
import {
  createTestClient,
  defineChain,
  http,
  publicActions,
  walletActions,
  type Address,
} from 'viem';
import { DEVNET_CHAIN_ID } from './anvil.ts';

export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

/**
 * Chain 31337 with Multicall3 declared, so `client.multicall` works without a `multicallAddress`. viem's own
 * `anvil`/`foundry` chains declare no Multicall3 (a fresh anvil has none); the devnet puts one there.
 */
export function devnetChain(rpcUrl: string) {
  return defineChain({
    id: DEVNET_CHAIN_ID,
    name: 'Devnet',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    contracts: { multicall3: { address: MULTICALL3_ADDRESS } },
  });
}

/**
 * Test actions (anvil_*, evm_*), reads and writes on one client. Accounts are anvil's unlocked dev accounts,
 * passed by address per call (JSON-RPC accounts: the node signs). Short polling interval: anvil mines on
 * every transaction, so receipts are there at once and viem's default 4 s polling would only add latency.
 */
export function createDevnetClient(rpcUrl: string) {
  return createTestClient({
    mode: 'anvil',
    chain: devnetChain(rpcUrl),
    transport: http(rpcUrl, { batch: true, retryCount: 0 }),
    pollingInterval: 20,
  })
    .extend(publicActions)
    .extend(walletActions);
}

export type DevnetClient = ReturnType<typeof createDevnetClient>;

/**
 * Anvil's default accounts (from the well-known "test test … junk" mnemonic), unlocked on every anvil.
 * #0 deploys and administers the Aave market, #9 is the liquidity provider; #1–#8 are free for tests.
 */
export const ANVIL_ACCOUNTS = [
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
] as const satisfies readonly Address[];

const clients = new Map<string, DevnetClient>();

/** One client per devnet URL, shared by every action module (they are called thousands of times in tests). */
export function devnetClientFor(rpcUrl: string): DevnetClient {
  let client = clients.get(rpcUrl);
  if (!client) {
    client = createDevnetClient(rpcUrl);
    clients.set(rpcUrl, client);
  }
  return client;
}

/** A protocol's deployment, or anything holding one under `key` (the `Devnet` from startDevnet). */
export type Within<K extends string, T> = T | { readonly [k in K]: T };

/** The deployment itself, from either form of `Within`. */
export function deploymentOf<K extends string, T extends object>(devnet: Within<K, T>, key: K): T {
  return key in devnet ? (devnet as { readonly [k in K]: T })[key] : (devnet as T);
}

/** The deployment under `key` and the devnet's shared client, as `{ [key]: deployment, client }`. */
export function reach<K extends string, T extends { rpcUrl: string }>(devnet: Within<K, T>, key: K): Record<K, T> & { client: DevnetClient } {
  const deployment = deploymentOf(devnet, key);
  return { [key]: deployment, client: devnetClientFor(deployment.rpcUrl) } as Record<K, T> & { client: DevnetClient };
}

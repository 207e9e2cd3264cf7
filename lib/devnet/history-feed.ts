import type { Abi, Address, Hex } from 'viem';
import { compileOwnContracts } from './solc.ts';
import type { DevnetClient } from './chain.ts';
import { ANVIL_ACCOUNTS } from './chain.ts';

/**
 * Our labelled stand-in price feed with a written history (lib/devnet/contracts/oracle/HistoryFeed.sol),
 * and price paths from known processes to fill it: what the volatility estimate is tested against.
 */
const SOURCE_PATH = 'oracle/HistoryFeed.sol';

export async function historyFeedArtifact(): Promise<{ abi: Abi; bytecode: Hex }> {
  return (await compileOwnContracts(SOURCE_PATH))('HistoryFeed');
}

/** The FeedOracle stand-in (same source file): a Morpho oracle priced from one HistoryFeed. */
export async function deployFeedOracle(client: DevnetClient, baseFeed: Address, scaleFactor: bigint): Promise<Address> {
  const { abi, bytecode } = (await compileOwnContracts(SOURCE_PATH))('FeedOracle');
  const hash = await client.deployContract({ abi, bytecode, args: [baseFeed, scaleFactor], account: ANVIL_ACCOUNTS[0] });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error('FeedOracle deployment failed');
  return receipt.contractAddress;
}

export interface HistoryFeed {
  address: Address;
  abi: Abi;
}

export async function deployHistoryFeed(client: DevnetClient, description: string): Promise<HistoryFeed> {
  const { abi, bytecode } = await historyFeedArtifact();
  const hash = await client.deployContract({ abi, bytecode, args: [description], account: ANVIL_ACCOUNTS[0] });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error('HistoryFeed deployment failed');
  return { address: receipt.contractAddress, abi };
}

/** Append rounds (8-decimal answers, unix-second timestamps), in chunks that fit a block. */
export async function pushRounds(client: DevnetClient, feed: HistoryFeed, rounds: readonly { t: number; p: number }[]): Promise<void> {
  const CHUNK = 200;
  for (let i = 0; i < rounds.length; i += CHUNK) {
    const part = rounds.slice(i, i + CHUNK);
    const hash = await client.writeContract({
      address: feed.address,
      abi: feed.abi,
      functionName: 'pushRounds',
      args: [part.map((r) => BigInt(Math.round(r.p * 1e8))), part.map((r) => BigInt(r.t))],
      account: ANVIL_ACCOUNTS[0],
      chain: null,
    });
    await client.waitForTransactionReceipt({ hash });
  }
}

/** Seeded uniform [0, 1) (mulberry32): the same seed, the same path. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export interface PathSpec {
  start: number;
  p0: number;
  /** Seconds between rounds. */
  step: number;
  rounds: number;
  /** Annualised diffusion volatility. */
  sigma: number;
  /** Jumps per year, log sizes N(jumpMean, jumpStd²). */
  jumpRate?: number;
  jumpMean?: number;
  jumpStd?: number;
  seed: number;
}

/** A jump-diffusion path sampled at fixed steps (driftless log price). */
export function jumpDiffusionPath(s: PathSpec): { t: number; p: number }[] {
  const u = seeded(s.seed);
  const dt = s.step / (365 * 86_400);
  const out = [{ t: s.start, p: s.p0 }];
  let x = Math.log(s.p0);
  for (let i = 1; i < s.rounds; i++) {
    x += s.sigma * Math.sqrt(dt) * gaussian(u);
    if (s.jumpRate && u() < s.jumpRate * dt) x += (s.jumpMean ?? 0) + (s.jumpStd ?? 0) * gaussian(u);
    out.push({ t: s.start + i * s.step, p: Math.exp(x) });
  }
  return out;
}

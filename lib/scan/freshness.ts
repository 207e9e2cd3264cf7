import { GuardError } from '../errors.ts';
import { BLOCK_TIME_MS } from '../markets/chains.ts';
import { isLocalHost } from '../markets/rpc-url.ts';

/**
 * When a chain's latest block is too old to vouch for. An endpoint can answer the right chain id and still
 * serve the past (a node that stopped syncing, a load balancer behind, a hostile proxy pinned to an old
 * block); its numbers would then look current and be wrong. So the block's own timestamp, read in the same
 * multicall as the positions, is compared with the clock and with the block read before.
 */

/** The CLI's `--max-block-age` default (DESIGN.md contract 2), and the limit for chains of unknown block time. */
export const DEFAULT_MAX_BLOCK_AGE_SECONDS = 300;
/** This many missed blocks is "behind", on any chain … */
const MAX_MISSED_BLOCKS = 20;
/** … but never less than 3 min: a sequencer's ordinary pause, or a computer clock a little fast, is not lag. */
const MIN_MAX_BLOCK_AGE_SECONDS = 180;

/**
 * A chain of unknown block time read only through this machine or the local network: a devnet, which mines
 * only when used (anvil's automine), so an hour without a block says nothing about lag. The block read before
 * still bounds it.
 */
export const LOCAL_CHAIN_MAX_BLOCK_AGE_SECONDS = 3_600;

/**
 * The extension's limit for a chain: 20 block times, at least 3 minutes (Ethereum: 240 s; 2-s L2s: 180 s);
 * for a chain whose block time we do not know (from a markets file), 300 s — or an hour when every RPC URL of
 * it is local (a devnet, see `LOCAL_CHAIN_MAX_BLOCK_AGE_SECONDS`).
 */
export function maxBlockAgeSeconds(chainId: number, rpcUrls: readonly string[] = []): number {
  const ms = BLOCK_TIME_MS[chainId];
  if (ms !== undefined) return Math.max(MIN_MAX_BLOCK_AGE_SECONDS, Math.ceil((MAX_MISSED_BLOCKS * ms) / 1000));
  const local = rpcUrls.length > 0 && rpcUrls.every((url) => {
    try {
      return isLocalHost(new URL(url).hostname);
    } catch {
      return false;
    }
  });
  return local ? LOCAL_CHAIN_MAX_BLOCK_AGE_SECONDS : DEFAULT_MAX_BLOCK_AGE_SECONDS;
}

export interface FreshnessRule {
  /** Seconds; a block older than this (by `now`) is stale. */
  maxAgeSeconds: number;
  /** Unix ms. */
  now: number;
  /** Unix seconds of the block read last time on this chain: an older block now is stale. */
  notBefore?: bigint | undefined;
}

/**
 * Throws a `stale-block` GuardError when a block is too old. A block *ahead* of the clock is accepted: a
 * computer clock running slow, or a devnet whose time was moved forward, is not a lagging endpoint.
 */
export function assertFresh(chainId: number, block: { blockNumber: bigint; timestamp: bigint }, rule: FreshnessRule): void {
  const nowSeconds = BigInt(Math.floor(rule.now / 1000));
  const age = nowSeconds - block.timestamp;
  if (age > BigInt(rule.maxAgeSeconds)) {
    throw new GuardError(
      'stale-block',
      `The RPC's latest block (${block.blockNumber}) is ${formatSeconds(age)} old (limit ${formatSeconds(BigInt(rule.maxAgeSeconds))}): it lags behind chain ${chainId}.`,
    );
  }
  if (rule.notBefore !== undefined && block.timestamp < rule.notBefore) {
    throw new GuardError(
      'stale-block',
      `The RPC's latest block (${block.blockNumber}) is older than the one read before on chain ${chainId} (by ${formatSeconds(rule.notBefore - block.timestamp)}): it lags.`,
    );
  }
}

function formatSeconds(s: bigint): string {
  const n = Number(s);
  if (n < 600) return `${n} s`;
  if (n < 7_200) return `${Math.round(n / 60)} min`;
  if (n < 172_800) return `${Math.round(n / 3_600)} h`;
  return `${Math.round(n / 86_400)} days`;
}

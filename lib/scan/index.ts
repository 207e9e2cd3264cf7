import { createClient, fallback, http, type Address, type Client, type Transport } from 'viem';
import { getChainId } from 'viem/actions';
import { GuardError, type GuardErrorCode } from '../errors.ts';
import { asGuardError } from '../protocols/shared/classify.ts';
import { blockCalls, blockInfo, multicall, type BlockInfo } from '../protocols/shared/multicall.ts';
import { readerChain } from '../markets/chains.ts';
import type { ChainConfig, MarketConfig } from '../markets/types.ts';
import type { MarketFailure } from '../protocols/adapter.ts';
import { adapterOf } from '../protocols/registry.ts';
import type { Position, ProtocolId } from '../core/types.ts';
import { assertFresh, maxBlockAgeSeconds } from './freshness.ts';

export { DEFAULT_MAX_BLOCK_AGE_SECONDS, maxBlockAgeSeconds } from './freshness.ts';

export interface ScanParams {
  chains: readonly ChainConfig[];
  markets: readonly MarketConfig[];
  accounts: readonly Address[];
  /** Only these protocols (default: all). */
  protocols?: readonly ProtocolId[];
  /** Only these chains (default: every chain that has a market). */
  chainIds?: readonly number[];
  /** How to reach a chain (default: `defaultTransport`). */
  transport?: (chain: ChainConfig) => Transport;
  /** Static market data kept between scans (reserve lists, token symbols); filled as markets are read. */
  cache?: Map<string, unknown>;
  /**
   * A chain whose latest block is older than this many seconds is not read (a `stale-block` error for the
   * chain). Default: `maxBlockAgeSeconds(chainId, rpcUrls)`, scaled to the chain's block time.
   */
  maxBlockAgeSeconds?: number | ((chainId: number) => number);
  /** Per chain id, unix seconds of the block read last time: an older latest block is stale too. */
  notBefore?: Readonly<Record<number, bigint>>;
  /** Unix ms (default `Date.now`). */
  now?: () => number;
}

export interface ScanError {
  chainId: number;
  /** The market that failed, or undefined when the whole chain could not be read. */
  market?: string;
  /** The failed market's protocol: a market's name is unique only together with its protocol (and chain). */
  protocol?: ProtocolId;
  /** Within `market`, the one sub-market that failed (a Morpho market id); the deployment's others were read. */
  marketId?: string;
  /** What kind of failure (the reader's typed error, kept). */
  code: GuardErrorCode;
  message: string;
}

export interface ChainBlock extends BlockInfo {
  chainId: number;
}

export interface ScanResult {
  /** One per account × market that holds any collateral or debt. */
  positions: Position[];
  /** Per chain / market failures; the other chains' positions are still returned. */
  errors: ScanError[];
  /** The latest block of each chain that was read and found fresh (the block the positions describe). */
  blocks: ChainBlock[];
}

/** A slow RPC must not hold a refresh hostage; after this the next URL in the list is tried. */
export const RPC_TIMEOUT_MS = 10_000;

/**
 * HTTP to each of the chain's RPC URLs in order (viem `fallback`), with JSON-RPC batching so calls made
 * together travel in one HTTP request.
 */
export function defaultTransport(chain: ChainConfig): Transport {
  const transports = chain.rpcUrls.map((url) => http(url, { batch: true, timeout: RPC_TIMEOUT_MS, retryCount: 1 }));
  return transports.length === 1 ? transports[0]! : fallback(transports, { retryCount: 0 });
}

/**
 * Read every account's positions in every market, chains in parallel, markets of a chain in parallel.
 * Failures stay local: one dead chain or one broken market yields an entry in `errors`, not an exception.
 *
 * Each chain's block number, timestamp and chain id are read beside the markets (the same JSON-RPC batch,
 * so no extra request): a chain that answers for another chain id, or whose latest block is stale (see
 * `freshness.ts`), gives one chain-wide error and none of its positions, whatever the markets returned.
 */
export async function scan(params: ScanParams): Promise<ScanResult> {
  const makeTransport = params.transport ?? defaultTransport;
  const markets = params.markets.filter(
    (m) =>
      (!params.protocols || params.protocols.includes(m.protocol)) &&
      (!params.chainIds || params.chainIds.includes(m.chainId)),
  );
  const chainIds = [...new Set(markets.map((m) => m.chainId))];
  const results = await Promise.all(
    chainIds.map(async (chainId): Promise<ScanResult> => {
      const chain = params.chains.find((c) => c.chainId === chainId);
      if (!chain) {
        return { positions: [], blocks: [], errors: [{ chainId, code: 'invalid-input', message: `No RPC is configured for chain ${chainId}.` }] };
      }
      // The chain only where reads need it (zkSync's own Multicall3 address, see `readerChain`).
      const client = createClient({ chain: readerChain(chainId), transport: makeTransport(chain) });
      const limit = typeof params.maxBlockAgeSeconds === 'function' ? params.maxBlockAgeSeconds(chainId) : (params.maxBlockAgeSeconds ?? maxBlockAgeSeconds(chainId, chain.rpcUrls));
      const rule = { maxAgeSeconds: limit, now: (params.now ?? Date.now)(), notBefore: params.notBefore?.[chainId] };
      // Started together so the head and every market's first request share one batch.
      const head = readHead(client, chainId).then((block) => {
        assertFresh(chainId, block, rule);
        return block;
      });
      const perMarket = Promise.all(
        markets
          .filter((m) => m.chainId === chainId)
          .map(async (market): Promise<ScanResult> => {
            try {
              const { positions, failures = [] } = await readMarket(client, market, params.accounts, params.cache);
              // A market read may have reached another backend than the head read: each position vouches for its own block.
              for (const p of positions) assertFresh(chainId, { blockNumber: p.blockNumber, timestamp: p.timestamp }, rule);
              const errors = failures.map(({ id, error }): ScanError => {
                const e = scanError(chainId, error, market);
                const message = e.message.includes(id) ? e.message : `Market ${id}: ${e.message}`;
                return { ...e, marketId: id, message: message.slice(0, 500) };
              });
              return { positions, blocks: [], errors };
            } catch (error) {
              return { positions: [], blocks: [], errors: [scanError(chainId, error, market)] };
            }
          }),
      );
      const [block, read] = await Promise.all([head.catch((error: unknown) => asGuardError(error, 'rpc-unreachable')), perMarket]);
      if (block instanceof GuardError) return { positions: [], blocks: [], errors: [scanError(chainId, block)] };
      return { ...merge(read), blocks: [{ chainId, ...block }] };
    }),
  );
  return merge(results);
}

/**
 * The chain's latest block and chain id, through Multicall3's block views, plus `eth_chainId` beside it (two
 * calls in the batch, no extra request): the EVM's own `block.chainid` and what the endpoint claims must both be
 * the configured chain.
 */
async function readHead(client: Client, chainId: number): Promise<BlockInfo> {
  const [results, claimed] = await Promise.all([multicall(client, blockCalls), getChainId(client)]);
  if (claimed !== chainId) throw new GuardError('wrong-chain', `The RPC serves chain ${claimed}, not chain ${chainId}.`);
  return blockInfo(results, chainId);
}

async function readMarket(
  client: Client,
  market: MarketConfig,
  accounts: readonly Address[],
  cache: Map<string, unknown> | undefined,
): Promise<{ positions: Position[]; failures?: readonly MarketFailure[] }> {
  if (accounts.length === 0) return { positions: [] };
  const read = await adapterOf(market.protocol).readMarket(client, { market, accounts, cache });
  // An adapter returns its positions, or (one config holding many markets, as Morpho's) also the ones that failed.
  return Array.isArray(read) ? { positions: read } : read;
}

function merge(results: ScanResult[]): ScanResult {
  return {
    positions: results.flatMap((r) => r.positions),
    errors: results.flatMap((r) => r.errors),
    blocks: results.flatMap((r) => r.blocks),
  };
}

/** One line per failure, with its kind: whatever a reader threw becomes a typed error here at the latest. */
function scanError(chainId: number, error: unknown, market?: Pick<MarketConfig, 'name' | 'protocol'>): ScanError {
  const e = asGuardError(error);
  return { chainId, ...(market === undefined ? {} : { market: market.name, protocol: market.protocol }), code: e.code, message: e.shortMessage.slice(0, 500) };
}

import { createClient, fallback, http, type Address, type Client, type Transport } from 'viem';
import { GuardError, oneLine } from '../errors.ts';
import { isTransportFailure } from '../protocols/shared/multicall.ts';
import { readerChain } from '../markets/chains.ts';
import type { ChainConfig, MarketConfig } from '../markets/types.ts';
import { adapterOf } from '../protocols/registry.ts';
import type { Position, ProtocolId } from '../risk/types.ts';

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
}

export interface ScanError {
  chainId: number;
  /** The market that failed, or undefined when the whole chain could not be read. */
  market?: string;
  message: string;
}

export interface ScanResult {
  /** One per account × market that holds any collateral or debt. */
  positions: Position[];
  /** Per chain / market failures; the other chains' positions are still returned. */
  errors: ScanError[];
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
      if (!chain) return { positions: [], errors: [{ chainId, message: `No RPC is configured for chain ${chainId}.` }] };
      // The chain only where reads need it (zkSync's own Multicall3 address, see `readerChain`).
      const client = createClient({ chain: readerChain(chainId), transport: makeTransport(chain) });
      const perMarket = await Promise.all(
        markets
          .filter((m) => m.chainId === chainId)
          .map(async (market): Promise<ScanResult> => {
            try {
              return { positions: await readMarket(client, market, params.accounts, params.cache), errors: [] };
            } catch (error) {
              return { positions: [], errors: [{ chainId, market: market.name, message: describe(error) }] };
            }
          }),
      );
      return merge(perMarket);
    }),
  );
  return merge(results);
}

async function readMarket(
  client: Client,
  market: MarketConfig,
  accounts: readonly Address[],
  cache: Map<string, unknown> | undefined,
): Promise<Position[]> {
  if (accounts.length === 0) return [];
  return adapterOf(market.protocol).readMarket(client, { market, accounts, cache });
}

function merge(results: ScanResult[]): ScanResult {
  return { positions: results.flatMap((r) => r.positions), errors: results.flatMap((r) => r.errors) };
}

/** One line per failure; transport failures read the same whichever reader met them. */
function describe(error: unknown): string {
  if (error instanceof GuardError) return error.shortMessage;
  return isTransportFailure(error) ? `The RPC did not answer: ${oneLine(error)}` : oneLine(error);
}

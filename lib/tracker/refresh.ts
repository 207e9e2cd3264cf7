import { http, type Address } from 'viem';
import { oneLine } from '../errors.ts';
import { scan as defaultScan, type ScanParams, type ScanResult } from '../scan/index.ts';
import type { ResolvedChain } from '../settings/chains.ts';
import type { Snapshot } from '../snapshot/index.ts';
import { mergeSnapshot, type ChainReadResult } from './merge.ts';
import { chooseRpc, classifyMessage, RpcError } from './rpc.ts';

export interface RefreshParams {
  chains: ResolvedChain[];
  accounts: Address[];
  previous: Snapshot | null;
  rpcTimeoutMs: number;
  now?: () => number;
  /** Injected in tests; the real reader otherwise. */
  scan?: (params: ScanParams) => Promise<ScanResult>;
  fetchFn?: typeof fetch;
  /** Static market data kept across refreshes (the worker keeps one while it lives). */
  cache?: Map<string, unknown>;
}

/**
 * One refresh: every chain in parallel, each through its verified endpoint (see `chooseRpc`), then the
 * merged snapshot. Never throws for a chain's failure: that is data (the chain's status), not an error.
 * Runs in Node as well as in the worker (no browser API), so it is tested against a real devnet.
 */
export async function refreshSnapshot(params: RefreshParams): Promise<Snapshot> {
  const now = params.now ?? Date.now;
  const scan = params.scan ?? defaultScan;
  // Nobody to watch: nothing is read, and no chain is reported as read.
  const chains = params.accounts.length === 0 ? [] : params.chains;
  const results = await Promise.all(chains.map((chain) => readChain(chain, params, scan)));
  return mergeSnapshot(params.previous, params.accounts, results, now());
}

async function readChain(
  chain: ResolvedChain,
  params: RefreshParams,
  scan: (p: ScanParams) => Promise<ScanResult>,
): Promise<ChainReadResult> {
  const base = { chainId: chain.chainId, name: chain.name };
  let url: string;
  try {
    url = (await chooseRpc(chain.rpcUrls, chain.chainId, params.rpcTimeoutMs, params.fetchFn)).url;
  } catch (error) {
    const kind = error instanceof RpcError ? error.kind : 'unreachable';
    return { ...base, rpcUrl: null, positions: [], errors: [{ kind, message: oneLine(error) }] };
  }
  try {
    const result = await scan({
      chains: [{ chainId: chain.chainId, name: chain.name, rpcUrls: [url] }],
      markets: chain.markets,
      accounts: params.accounts,
      // Only the verified endpoint: falling back mid-read to an unchecked one could mix in another chain.
      transport: () => http(url, { batch: true, timeout: params.rpcTimeoutMs, retryCount: 1, fetchOptions: { credentials: 'omit' } }),
      ...(params.cache ? { cache: params.cache } : {}),
    });
    return {
      ...base,
      rpcUrl: url,
      positions: result.positions.filter((p) => p.chainId === chain.chainId),
      errors: result.errors.map((e) => ({
        kind: classifyMessage(e.message),
        message: e.message.slice(0, 500),
        ...(e.market !== undefined ? { market: e.market } : {}),
      })),
    };
  } catch (error) {
    const message = oneLine(error);
    return { ...base, rpcUrl: url, positions: [], errors: [{ kind: classifyMessage(message), message: message.slice(0, 500) }] };
  }
}

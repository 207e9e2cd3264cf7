import { builtinChains, builtinMarkets, mergeMarkets } from '../markets/index.ts';
import type { ChainConfig, MarketConfig, MarketsFile } from '../markets/types.ts';
import type { Settings } from './index.ts';

export type ChainSource = 'builtin' | 'build' | 'imported';

/** A chain as the background reads it and the options page shows it. */
export interface ResolvedChain extends ChainConfig {
  /** Where the chain comes from: the built-in list, the build's markets file (LG_MARKETS), an import. */
  source: ChainSource;
  /** The endpoints before the user's edits (shown as "defaults" and restored by "reset"). */
  defaultRpcUrls: string[];
  /** True when `rpcUrls` are the user's. */
  customRpc: boolean;
  enabled: boolean;
  markets: MarketConfig[];
}

/**
 * Built-in chains and markets, plus the build's markets file (contract 3), plus the user's imported file
 * (contract 1), later ones overriding earlier ones by chain id / market key; then the user's per-chain
 * settings (on/off, RPC URLs). Pure, so the options page and the background agree by construction.
 */
export function resolveChains(settings: Settings, buildMarkets: MarketsFile | undefined): ResolvedChain[] {
  const base: MarketsFile = { chains: builtinChains, markets: builtinMarkets };
  const withBuild = mergeMarkets(buildMarkets, base);
  const all = mergeMarkets(settings.imported, withBuild);
  const sourceOf = (chainId: number): ChainSource =>
    settings.imported.chains.some((c) => c.chainId === chainId)
      ? 'imported'
      : buildMarkets?.chains.some((c) => c.chainId === chainId)
        ? 'build'
        : 'builtin';
  return all.chains.map((chain) => {
    const user = settings.chains[chain.chainId];
    const customRpc = (user?.rpcUrls?.length ?? 0) > 0;
    return {
      chainId: chain.chainId,
      name: chain.name,
      rpcUrls: customRpc ? [...user!.rpcUrls!] : [...chain.rpcUrls],
      defaultRpcUrls: [...chain.rpcUrls],
      customRpc,
      source: sourceOf(chain.chainId),
      enabled: user?.enabled ?? true,
      markets: all.markets.filter((m) => m.chainId === chain.chainId),
    };
  });
}

/** The chains a refresh reads: switched on and with at least one market. */
export function chainsToRead(chains: ResolvedChain[]): ResolvedChain[] {
  return chains.filter((c) => c.enabled && c.markets.length > 0);
}

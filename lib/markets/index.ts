import { builtinChains } from './chains.ts';
import { builtinMarkets } from './builtin.ts';
import { marketKey } from './key.ts';
import type { ChainConfig, MarketConfig, MarketsFile } from './types.ts';

export * from './types.ts';
export { builtinChains, findChain } from './chains.ts';
export { builtinMarkets } from './builtin.ts';
export { parseMarketsFile, parseMarketsFileText } from './file.ts';
export { marketKey } from './key.ts';

/**
 * Built-in chains and markets with a markets file's added. A file chain with a built-in id replaces its
 * RPC list (a fork of mainnet on localhost); a file market with the same protocol, chain and name
 * replaces the built-in one.
 */
export function mergeMarkets(extra: MarketsFile | undefined, base: MarketsFile = { chains: builtinChains, markets: builtinMarkets }): {
  chains: ChainConfig[];
  markets: MarketConfig[];
} {
  if (!extra) return { chains: [...base.chains], markets: [...base.markets] };
  const chains = new Map(base.chains.map((c) => [c.chainId, c]));
  for (const c of extra.chains) chains.set(c.chainId, c);
  const markets = new Map(base.markets.map((m) => [marketKey(m), m]));
  for (const m of extra.markets) markets.set(marketKey(m), m);
  return { chains: [...chains.values()], markets: [...markets.values()] };
}

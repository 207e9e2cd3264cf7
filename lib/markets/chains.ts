import { arbitrum, avalanche, base, bsc, celo, gnosis, linea, mainnet, mantle, optimism, polygon, ronin, scroll, sonic, unichain } from 'viem/chains';
import type { ChainConfig } from './types.ts';

/**
 * Built-in chains with public RPC defaults (viem's, plus a second endpoint where one is well known so
 * the fallback has somewhere to go). Users can see and change every URL in the options page.
 */
const withRpc = (chain: { id: number; name: string; rpcUrls: { default: { http: readonly string[] } } }, name: string, extra: string[] = []): ChainConfig => ({
  chainId: chain.id,
  name,
  rpcUrls: [...new Set([...chain.rpcUrls.default.http, ...extra])],
});

export const builtinChains: ChainConfig[] = [
  withRpc(mainnet, 'Ethereum', ['https://ethereum-rpc.publicnode.com']),
  withRpc(arbitrum, 'Arbitrum', ['https://arbitrum-one-rpc.publicnode.com']),
  withRpc(optimism, 'Optimism', ['https://optimism-rpc.publicnode.com']),
  withRpc(base, 'Base', ['https://base-rpc.publicnode.com']),
  withRpc(polygon, 'Polygon', ['https://polygon-bor-rpc.publicnode.com']),
  withRpc(avalanche, 'Avalanche', ['https://avalanche-c-chain-rpc.publicnode.com']),
  withRpc(bsc, 'BNB Chain', ['https://bsc-rpc.publicnode.com']),
  withRpc(gnosis, 'Gnosis', ['https://gnosis-rpc.publicnode.com']),
  withRpc(scroll, 'Scroll'),
  withRpc(linea, 'Linea'),
  withRpc(sonic, 'Sonic'),
  withRpc(celo, 'Celo'),
  withRpc(mantle, 'Mantle'),
  withRpc(unichain, 'Unichain'),
  withRpc(ronin, 'Ronin'),
];

/**
 * Milliseconds between blocks, from viem's chain definitions where it has them (Mantle and Ronin have
 * none there: 2 s and 3 s by their docs). The staleness check scales with it (`lib/scan/freshness.ts`).
 */
export const BLOCK_TIME_MS: Readonly<Record<number, number>> = Object.fromEntries([
  ...[mainnet, arbitrum, optimism, base, polygon, avalanche, bsc, gnosis, scroll, linea, sonic, celo, unichain].flatMap((c) =>
    c.blockTime ? [[c.id, c.blockTime] as const] : [],
  ),
  [mantle.id, 2_000],
  [ronin.id, 3_000],
]);

/** Short names the CLI accepts for `--chain` besides the display name. */
const aliases: Record<string, number> = {
  ethereum: 1, mainnet: 1, eth: 1, arbitrum: 42161, arb: 42161, optimism: 10, op: 10, base: 8453,
  polygon: 137, matic: 137, avalanche: 43114, avax: 43114, bnb: 56, bsc: 56, gnosis: 100, xdai: 100,
  scroll: 534352, linea: 59144, sonic: 146, celo: 42220, mantle: 5000, unichain: 130, ronin: 2020,
};

/** A chain by id, display name or alias (case-insensitive), among the given chains. */
export function findChain(chains: readonly ChainConfig[], query: string): ChainConfig | undefined {
  const q = query.trim().toLowerCase();
  const id = /^\d+$/.test(q) ? Number(q) : aliases[q];
  return chains.find((c) => c.chainId === id || c.name.toLowerCase() === q);
}

import { arbitrum, arc, avalanche, base, bsc, celo, gnosis, linea, mainnet, mantle, optimism, polygon, ronin, scroll, sonic, unichain } from 'viem/chains';
import type { ChainConfig } from './types.ts';
// Chains of the Aave v3 markets added from the address book (one import line apiece keeps merges simple).
import { ink, megaeth, metis, monad, plasma, soneium, xLayer, zksync } from 'viem/chains';
import type { Chain } from 'viem';

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
  withRpc(ink, 'Ink'),
  withRpc(megaeth, 'MegaETH'),
  withRpc(metis, 'Metis'),
  withRpc(monad, 'Monad'),
  withRpc(plasma, 'Plasma'),
  withRpc(soneium, 'Soneium'),
  withRpc(xLayer, 'X Layer'),
  withRpc(zksync, 'zkSync'),
  withRpc(mantle, 'Mantle'),
  withRpc(unichain, 'Unichain'),
  withRpc(ronin, 'Ronin'),
  // Circle's Arc: Aave v4 Spokes (AaveV4Arc in the address book).
  withRpc(arc, 'Arc'),
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
  ink: 57073, megaeth: 4326, metis: 1088, monad: 143, plasma: 9745, soneium: 1868, xlayer: 196, zksync: 324, era: 324,
  ethereum: 1, mainnet: 1, eth: 1, arbitrum: 42161, arb: 42161, optimism: 10, op: 10, base: 8453,
  polygon: 137, matic: 137, avalanche: 43114, avax: 43114, bnb: 56, bsc: 56, gnosis: 100, xdai: 100,
  scroll: 534352, linea: 59144, sonic: 146, celo: 42220, mantle: 5000, unichain: 130, ronin: 2020, arc: 5042,
};

/** A chain by id, display name or alias (case-insensitive), among the given chains. */
export function findChain(chains: readonly ChainConfig[], query: string): ChainConfig | undefined {
  const q = query.trim().toLowerCase();
  const id = /^\d+$/.test(q) ? Number(q) : aliases[q];
  return chains.find((c) => c.chainId === id || c.name.toLowerCase() === q);
}

/**
 * Chains the readers must be told something about, as viem defines them (scan gives the client this
 * chain). zkSync Era runs EraVM, where contract addresses derive differently, so Multicall3 is not at
 * the canonical 0xcA11…CA11 but at the address viem names (`contracts.multicall3`); without it every read
 * would first miss, then take the deployless detour, which sends EVM bytecode to a chain whose native VM
 * is not the EVM. Every other built-in chain has Multicall3 at the canonical address (checked against
 * viem in tests/unit/lib/markets/aave-book.test.ts).
 */
const SPECIAL_CHAINS: Record<number, Chain> = { [zksync.id]: zksync };

/** The viem chain a reader's client should carry for `chainId`, when that chain needs anything special. */
export const readerChain = (chainId: number): Chain | undefined => SPECIAL_CHAINS[chainId];

/**
 * app.morpho.org names a chain by a slug in its paths (`/<chain>/market/<id>`). One table, read both ways:
 * the dapp page module (lib/sites/morpho.ts) turns a page's slug into a chain id, the descriptor's link
 * does the reverse (the first slug listed for a chain is the one the app writes).
 */
/** Slug → chain id (aliases after the slug the app writes). */
export const MORPHO_CHAINS: Readonly<Record<string, number>> = {
  ethereum: 1,
  mainnet: 1,
  base: 8453,
  arbitrum: 42161,
  optimism: 10,
  polygon: 137,
  unichain: 130,
  katana: 747474,
  hyperevm: 999,
  worldchain: 480,
  sonic: 146,
  corn: 21000000,
};

/** The slug app.morpho.org writes for a chain, if it serves that chain. */
export function morphoChainSlug(chainId: number): string | undefined {
  return Object.entries(MORPHO_CHAINS).find(([, id]) => id === chainId)?.[0];
}

/**
 * app.compound.finance names a market `<base symbol>-<network>` in `?market=` (usdc-mainnet,
 * weth-basemainnet, usdc.e-polygon). One network table, read both ways: the dapp page module
 * (lib/sites/compound.ts) turns a page's network into a chain id, the descriptor's link does the reverse
 * (the first name listed for a chain is the one the app writes).
 */
/** `?market=` network part → chain id (aliases after the name the app writes). */
export const COMPOUND_NETWORKS: Readonly<Record<string, number>> = {
  mainnet: 1,
  ethereum: 1,
  basemainnet: 8453,
  base: 8453,
  arb: 42161,
  arbitrum: 42161,
  op: 10,
  optimism: 10,
  polygon: 137,
  scroll: 534352,
  linea: 59144,
  mantle: 5000,
  unichain: 130,
  ronin: 2020,
};

/** The network name app.compound.finance writes for a chain, if it serves that chain. */
export function compoundNetwork(chainId: number): string | undefined {
  return Object.entries(COMPOUND_NETWORKS).find(([, id]) => id === chainId)?.[0];
}

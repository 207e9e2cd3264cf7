/**
 * The Aave app (app.aave.com) names a market by its `marketName` query parameter (the interface's
 * `CustomMarket`, src/ui-config/marketsConfig.tsx). One table, read both ways: the dapp page module
 * (lib/sites/aave.ts) turns a page's `marketName` into our market, the descriptor's link does the reverse.
 */

/** Aave interface `CustomMarket` → chain id and our built-in market name (`./markets.ts`). */
export const AAVE_MARKETS: Readonly<Record<string, { chainId: number; market?: string; version?: 2 }>> = {
  proto_mainnet_v3: { chainId: 1, market: 'Aave Ethereum Core' },
  proto_lido_v3: { chainId: 1, market: 'Aave Ethereum Prime' },
  proto_etherfi_v3: { chainId: 1, market: 'Aave Ethereum EtherFi' },
  proto_horizon_v3: { chainId: 1, market: 'Aave Ethereum Horizon' },
  proto_arbitrum_v3: { chainId: 42161, market: 'Aave Arbitrum' },
  proto_optimism_v3: { chainId: 10, market: 'Aave Optimism' },
  proto_base_v3: { chainId: 8453, market: 'Aave Base' },
  proto_polygon_v3: { chainId: 137, market: 'Aave Polygon' },
  proto_avalanche_v3: { chainId: 43114, market: 'Aave Avalanche' },
  proto_bnb_v3: { chainId: 56, market: 'Aave BNB Chain' },
  proto_gnosis_v3: { chainId: 100, market: 'Aave Gnosis' },
  proto_scroll_v3: { chainId: 534352, market: 'Aave Scroll' },
  proto_linea_v3: { chainId: 59144, market: 'Aave Linea' },
  proto_sonic_v3: { chainId: 146, market: 'Aave Sonic' },
  proto_celo_v3: { chainId: 42220, market: 'Aave Celo' },
  proto_metis_v3: { chainId: 1088, market: 'Aave Metis' },
  proto_zksync_v3: { chainId: 324, market: 'Aave zkSync' },
  proto_soneium_v3: { chainId: 1868, market: 'Aave Soneium' },
  proto_plasma_v3: { chainId: 9745, market: 'Aave Plasma' },
  proto_ink_v3: { chainId: 57073, market: 'Aave Ink' },
  proto_megaeth_v3: { chainId: 4326, market: 'Aave MegaETH' },
  proto_mantle_v3: { chainId: 5000, market: 'Aave Mantle' },
  proto_xlayer_v3: { chainId: 196, market: 'Aave X Layer' },
  proto_monad_v3: { chainId: 143, market: 'Aave Monad' },
  proto_base_sepolia_v3: { chainId: 84532 },
  // Aave v2 markets: the guard reads v3 only, so these never match a position (rows stay unbadged).
  proto_mainnet: { chainId: 1, version: 2 },
  proto_polygon: { chainId: 137, version: 2 },
  proto_avalanche: { chainId: 43114, version: 2 },
  proto_fuji: { chainId: 43113, version: 2 },
};

/** The Aave app's `marketName` for a built-in market name, for links ("Open in Aave"). */
export function aaveMarketName(market: string): string | undefined {
  return Object.entries(AAVE_MARKETS).find(([, m]) => m.market === market)?.[0];
}

import type { Position } from '../risk/types.ts';
import { addressParam, all, inOverlay } from './dom.ts';
import type { HealthAnchor, PageInput, PageMarket, RowAnchor, SiteModule } from './types.ts';

/**
 * app.aave.com — the Aave interface (open source: github.com/aave/interface, read at commit
 * 7e1c97841a7aaaf5b4b4ca3ec30d0015ff9f2cd5, 2026-08-13).
 *
 * Market and chain (confidence: high):
 * - `?marketName=<CustomMarket>` in the URL, else the app's remembered choice `localStorage.selectedMarket`
 *   (src/store/root.ts: `getQueryParameter('marketName') || localStorage.getItem('selectedMarket')`);
 * - the CustomMarket → chain table is src/ui-config/marketsConfig.tsx (`chainId` of each entry);
 * - routes from src/components/primitives/Link.tsx (`ROUTES`): `/dashboard`, `/markets`,
 *   `/reserve-overview/?underlyingAsset=…&marketName=…`; `/` is the dashboard too.
 *
 * Rows (confidence: high — Cypress `data-cy` attributes the Aave team keeps stable for its own e2e tests):
 * - "Your supplies": `data-cy="dashboardSuppliedListItem_<SYMBOL>_<Collateral|NoCollateral>"`
 *   (src/modules/dashboard/lists/SuppliedPositionsList/SuppliedPositionsListItem.tsx), symbol upper-cased;
 * - "Your borrows": `data-cy="dashboardBorrowedListItem_<SYMBOL>"` (BorrowedPositionsListItem.tsx);
 * - each row's first column links to `ROUTES.reserveOverview(underlyingAsset, market)`
 *   (src/modules/dashboard/lists/ListItemWrapper.tsx), so the row carries the token's address: rows are
 *   matched by address first, symbol second. The badge goes into that first column, after the link.
 * - Not covered: the mobile layout (ListMobileItemWrapper has no `data-cy`); there the floating panel shows.
 *   Also not the "Assets to supply/borrow" lists (`dashboardSupplyListItem_…`, `dashboardBorrowListItem_…`):
 *   those rows are offers, not the user's position.
 *
 * Health factor (confidence: high): `data-cy="HealthFactorTopPannel"` (sic) on the HealthFactorNumber box
 * (src/components/HealthFactorNumber.tsx). The same component is reused in transaction modals and the
 * risk-details modal, so matches inside dialogs are skipped; the first one left is the dashboard's top panel.
 */

/** Aave interface `CustomMarket` → chain id and our built-in market name (lib/markets/builtin.ts). */
export const AAVE_MARKETS: Readonly<Record<string, { chainId: number; market?: string; version?: 2 }>> = {
  proto_mainnet_v3: { chainId: 1, market: 'Aave Ethereum Core' },
  proto_lido_v3: { chainId: 1, market: 'Aave Ethereum Prime' },
  proto_etherfi_v3: { chainId: 1, market: 'Aave Ethereum EtherFi' },
  proto_horizon_v3: { chainId: 1 },
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
  proto_metis_v3: { chainId: 1088 },
  proto_zksync_v3: { chainId: 324 },
  proto_soneium_v3: { chainId: 1868 },
  proto_plasma_v3: { chainId: 9745 },
  proto_ink_v3: { chainId: 57073 },
  proto_megaeth_v3: { chainId: 4326 },
  proto_mantle_v3: { chainId: 5000 },
  proto_xlayer_v3: { chainId: 196 },
  proto_monad_v3: { chainId: 143 },
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

const SPARK_MARKET = /^Spark\b/;

function view(pathname: string): PageMarket['view'] {
  const p = pathname.replace(/\/+$/, '') || '/';
  if (p === '/' || p === '/dashboard') return 'positions';
  if (p === '/markets') return 'markets';
  if (p === '/reserve-overview') return 'market';
  return 'other';
}

export function aavePageMarket(input: PageInput): PageMarket {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return { view: 'other' };
  }
  let key = url.searchParams.get('marketName');
  if (!key && input.getItem) {
    try {
      key = input.getItem('selectedMarket');
    } catch {
      key = null;
    }
  }
  const known = key && Object.hasOwn(AAVE_MARKETS, key) ? AAVE_MARKETS[key] : undefined;
  const page: PageMarket = { view: view(url.pathname) };
  if (known && key) {
    page.key = key;
    page.chainId = known.chainId;
    if (known.market) page.market = known.market;
    // A v2 market: no v3 position is in it; mark it so nothing matches by name.
    if (known.version === 2) page.market = `${key} (Aave v2)`;
  }
  return page;
}

const SUPPLIED = 'dashboardSuppliedListItem_';
const BORROWED = 'dashboardBorrowedListItem_';

/** `dashboardSuppliedListItem_WETH_Collateral` → "WETH" (older builds had no `_Collateral` suffix). */
export function aaveRowSymbol(dataCy: string): { side: 'collateral' | 'debt'; symbol: string } | null {
  if (dataCy.startsWith(SUPPLIED)) {
    const rest = dataCy.slice(SUPPLIED.length).replace(/_(Collateral|NoCollateral)$/, '');
    return rest ? { side: 'collateral', symbol: rest } : null;
  }
  if (dataCy.startsWith(BORROWED)) {
    const rest = dataCy.slice(BORROWED.length);
    return rest ? { side: 'debt', symbol: rest } : null;
  }
  return null;
}

export function aaveFindRows(root: ParentNode): RowAnchor[] {
  const rows: RowAnchor[] = [];
  for (const row of all(root, `[data-cy^="${SUPPLIED}"], [data-cy^="${BORROWED}"]`)) {
    if (inOverlay(row)) continue;
    const parsed = aaveRowSymbol(row.getAttribute('data-cy') ?? '');
    if (!parsed) continue;
    const link = row.querySelector('a[href*="underlyingAsset="]');
    const address = addressParam(link?.getAttribute('href') ?? null, 'underlyingAsset');
    const slot = row.firstElementChild ?? row;
    rows.push({ row, slot, side: parsed.side, symbol: parsed.symbol, ...(address ? { address } : {}) });
  }
  return rows;
}

export function aaveFindHealthFactor(root: ParentNode): HealthAnchor | null {
  const el = all(root, '[data-cy="HealthFactorTopPannel"]').find((e) => !inOverlay(e));
  return el ? { element: el } : null;
}

export const aave: SiteModule = {
  id: 'aave',
  name: 'Aave',
  hosts: ['app.aave.com'],
  protocol: 'aave-v3',
  anchorConfidence: 'high',
  owns: (p) => p.protocol === 'aave-v3' && !SPARK_MARKET.test(p.market),
  isPageMarket: (p: Position, page) => page.market !== undefined && p.protocol === 'aave-v3' && p.market === page.market && p.chainId === page.chainId,
  pageMarket: aavePageMarket,
  findRows: (root) => aaveFindRows(root),
  findHealthFactor: aaveFindHealthFactor,
};

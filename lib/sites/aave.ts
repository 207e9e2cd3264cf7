import { AAVE_MARKETS } from '../protocols/aave-v3/app.ts';
import type { PagePosition } from './page-view.ts';
import { addressParam, all, inOverlay } from './dom.ts';
import type { HealthAnchor, PageInput, PageMarket, RowAnchor, SiteModule } from './types.ts';
import { pageUrl, trimPath } from './url.ts';

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

// The Aave app's market names belong to the Aave v3 protocol folder (links use them too).
export { AAVE_MARKETS, aaveMarketName } from '../protocols/aave-v3/app.ts';

const SPARK_MARKET = /^Spark\b/;

function view(pathname: string): PageMarket['view'] {
  const p = trimPath(pathname);
  if (p === '/' || p === '/dashboard') return 'positions';
  if (p === '/markets') return 'markets';
  if (p === '/reserve-overview') return 'market';
  return 'other';
}

export function aavePageMarket(input: PageInput): PageMarket {
  const url = pageUrl(input.url);
  if (!url) return { view: 'other' };
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

/** An Aave v3 position on the market the page names (Aave's app and Spark's fork name markets alike). */
export function isAaveV3PageMarket(p: PagePosition, page: PageMarket): boolean {
  return page.market !== undefined && p.protocol === 'aave-v3' && p.market === page.market && p.chainId === page.chainId;
}

export const aave: SiteModule = {
  id: 'aave',
  name: 'Aave',
  hosts: ['app.aave.com'],
  protocol: 'aave-v3',
  anchorConfidence: 'high',
  owns: (p) => p.protocol === 'aave-v3' && !SPARK_MARKET.test(p.market),
  isPageMarket: isAaveV3PageMarket,
  pageMarket: aavePageMarket,
  findRows: (root) => aaveFindRows(root),
  findHealthFactor: aaveFindHealthFactor,
};

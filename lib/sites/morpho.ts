import { MORPHO_CHAINS } from '../protocols/morpho-blue/app.ts';
import type { PagePosition } from './page-view.ts';
import { all, findRowsByText, inOverlay, labelledAnchor, rowAround } from './dom.ts';
import type { FindHints, PageInput, PageMarket, RowAnchor, SiteModule } from './types.ts';
import { pageUrl, trimPath } from './url.ts';

/**
 * app.morpho.org — the Morpho app. Its source is NOT public (morpho-org/morpho-lite-apps is a separate,
 * lighter app), so:
 *
 * Market and chain (confidence: high for the URL form): market pages are `/<chain>/market/<uniqueKey>`
 * with an optional slug (`/base/market/0x9103…1836/cbbtc-usdc`), the form Morpho's own share links and
 * partners use; `<uniqueKey>` is the Morpho Blue market id, which our positions carry
 * (`details.marketId`). `<chain>` is a slug (ethereum, base, arbitrum, …) or, on some links, a chain id.
 * Vault pages are `/<chain>/vault/<address>` (no borrow position there).
 *
 * Rows (confidence: low): on pages that list positions, each row links to its market page, so a row is
 * the row-like ancestor (table row, ARIA row, list item, repeated sibling) of a link to
 * `/…/market/<id>`; its badge is the collateral's liquidation price of the position in that market. On a
 * market page, rows are found by text under "Collateral" / "Loan"/"Borrow" headings (`findRowsByText`).
 *
 * Whose positions (confidence: high): `/dashboard/<address>` shows that address's positions, whoever is
 * connected; the page then gets that account's badges if it is watched, and none otherwise (never the
 * connected wallet's numbers next to someone else's).
 *
 * Health factor (confidence: low): the first element whose whole text is "Health factor" (label);
 * the summary goes after it.
 */

// app.morpho.org's chain slugs belong to the Morpho Blue protocol folder (its links use them too).
export { MORPHO_CHAINS };

const MARKET_PATH = /^\/([a-z0-9-]{1,20})\/market\/(0x[0-9a-fA-F]{64})(?:\/[^/]*)?$/;
const MARKET_LINK = /\/market\/(0x[0-9a-fA-F]{64})(?:[/?#]|$)/;

function chainOf(slug: string): number | undefined {
  if (/^\d{1,10}$/.test(slug)) return Number(slug);
  return Object.hasOwn(MORPHO_CHAINS, slug) ? MORPHO_CHAINS[slug] : undefined;
}

export function morphoPageMarket(input: PageInput): PageMarket {
  const url = pageUrl(input.url);
  if (!url) return { view: 'other' };
  const path = trimPath(url.pathname);
  const market = MARKET_PATH.exec(path);
  if (market) {
    const page: PageMarket = { view: 'market', marketId: market[2]!.toLowerCase() };
    const chainId = chainOf(market[1]!);
    if (chainId !== undefined) page.chainId = chainId;
    return page;
  }
  const parts = path.split('/');
  const [, first, second] = parts;
  // `/dashboard/<address>` (also under a chain slug) is someone's dashboard, not necessarily the wallet's.
  const dash = parts.indexOf('dashboard');
  const owner = dash > 0 && dash + 1 < parts.length ? parts[dash + 1]! : undefined;
  const page: PageMarket = { view: /dashboard|portfolio|positions/.test(path) ? 'positions' : second === 'borrow' || second === 'earn' ? 'markets' : 'other' };
  const chainId = first ? chainOf(first) : undefined;
  if (chainId !== undefined) page.chainId = chainId;
  else if (input.walletChainId) page.chainId = input.walletChainId;
  if (owner !== undefined) page.account = /^0x[0-9a-fA-F]{40}$/.test(owner) ? owner.toLowerCase() : null;
  return page;
}

/** Market id of a link to a market page, lower-case. */
export function morphoLinkMarketId(href: string | null): string | undefined {
  const m = href ? MARKET_LINK.exec(href) : null;
  return m ? m[1]!.toLowerCase() : undefined;
}

export function morphoFindRows(root: ParentNode, hints: FindHints): RowAnchor[] {
  const rows: RowAnchor[] = [];
  const seen = new Set<Element>();
  for (const link of all(root, 'a[href*="/market/0x"]')) {
    const marketId = morphoLinkMarketId(link.getAttribute('href'));
    if (!marketId || inOverlay(link)) continue;
    const row = rowAround(link);
    if (!row || seen.has(row)) continue;
    seen.add(row);
    rows.push({ row, slot: row.firstElementChild ?? row, side: 'collateral', symbol: '', marketId });
  }
  return rows.length > 0 ? rows : findRowsByText(root, hints, 'main');
}

// One `SiteModule` record per dapp (types.ts), alike by design.
export const morpho: SiteModule = {
  id: 'morpho',
  name: 'Morpho',
  hosts: ['app.morpho.org'],
  protocol: 'morpho-blue',
  anchorConfidence: 'low',
  owns: (p) => p.protocol === 'morpho-blue',
  isPageMarket: (p: PagePosition, page) =>
    page.marketId !== undefined && p.details.protocol === 'morpho-blue' && p.details.marketId.toLowerCase() === page.marketId && (page.chainId === undefined || page.chainId === p.chainId),
  pageMarket: morphoPageMarket,
  findRows: morphoFindRows,
  findHealthFactor: (root) => labelledAnchor(root, /^health factor$/i),
};

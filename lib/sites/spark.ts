import { isAaveV3PageMarket } from './aave.ts';
import { all, inOverlay, sideOfHeading, textOf } from './dom.ts';
import type { HealthAnchor, PageInput, PageMarket, RowAnchor, SiteModule } from './types.ts';
import { pageUrl, trimPath } from './url.ts';

/**
 * app.spark.fi — the Spark app (SparkLend, an Aave v3 fork). Open source until 2025:
 * github.com/sparkdotfi/spark-app (formerly marsfoundation/spark-app), read at commit
 * 20fd3825a9133f71a9e0c11f7ade572e0184246a (2025-04-04). Later releases may differ; the anchors below
 * are the app's own Playwright test ids (packages/app/src/ui/utils/testIds.ts), which it keeps for its
 * e2e suite, so they are the most stable handles the app offers.
 *
 * Market and chain (confidence: medium):
 * - routes (packages/app/src/config/paths.ts): `/my-portfolio` (the user's position), `/markets`,
 *   `/markets/:chainId/:asset`, `/borrow`; savings and farms pages have no position rows;
 * - the chain is the wallet's (the app follows the connected network; only `/markets/:chainId/…` says it in
 *   the URL). SparkLend has one market per chain: Ethereum and Gnosis (lib/markets/builtin.ts).
 *
 * Rows (confidence: medium):
 * - My portfolio renders a "Deposit" panel and a "Borrow" panel (features/my-portfolio/components/
 *   deposit-table/DepositTable.tsx, borrow-table/BorrowTable.tsx): `<h3>Deposit</h3>` / `<h3>Borrow</h3>`
 *   followed by a DataTable whose rows carry `data-testid="component-DataTable-row-<index>"`
 *   (ui/molecules/data-table/DataTable.tsx, ui/organisms/responsive-data-table/ResponsiveDataTable.tsx);
 * - the first cell is TokenWithLogo (ui/molecules/data-table/components/TokenWithLogo.tsx): icon, then a
 *   div with the token symbol. The badge goes into that first cell. Rows carry no address: symbol match.
 *
 * Health factor (confidence: medium): `data-testid="component-HealthFactorGauge-value"`
 * (ui/atoms/health-factor-gauge/HealthFactorGauge.tsx); the app renders it twice (mobile and desktop
 * layouts, see pages/Borrow.PageObject.ts), the first visible one is taken.
 */

/** Chain id → SparkLend market name (lib/markets/builtin.ts). */
export const SPARK_MARKETS: Readonly<Record<number, string>> = { 1: 'Spark Ethereum', 100: 'Spark Gnosis' };

const ROW = '[data-testid^="component-DataTable-row-"]';

export function sparkPageMarket(input: PageInput): PageMarket {
  const url = pageUrl(input.url);
  if (!url) return { view: 'other' };
  const path = trimPath(url.pathname);
  const details = /^\/markets\/(\d{1,10})\/(0x[0-9a-fA-F]{40})$/.exec(path);
  const page: PageMarket = {
    view: path === '/my-portfolio' ? 'positions' : path === '/markets' ? 'markets' : details ? 'market' : 'other',
  };
  const chainId = details ? Number(details[1]) : (input.walletChainId ?? undefined);
  if (chainId !== undefined && Number.isSafeInteger(chainId) && chainId > 0) {
    page.chainId = chainId;
    const market = SPARK_MARKETS[chainId];
    if (market) page.market = market;
  }
  return page;
}

/** The symbol in a DataTable row's first cell (TokenWithLogo): the first leaf text, not the pills. */
export function sparkRowSymbol(row: Element): string | null {
  const cell = row.firstElementChild;
  if (!cell) return null;
  for (const el of all(cell, 'div, span, p')) {
    if (el.childElementCount > 0) continue;
    const text = textOf(el, 40);
    if (text && !/^(frozen|paused)$/i.test(text)) return text;
  }
  const text = textOf(cell, 40);
  return text ? (text.split(' ')[0] ?? null) : null;
}

export function sparkFindRows(root: ParentNode): RowAnchor[] {
  const rows: RowAnchor[] = [];
  for (const heading of all(root, 'h3')) {
    const side = sideOfHeading(textOf(heading, 40));
    if (!side || inOverlay(heading)) continue;
    // The panel: the heading's nearest ancestor that also holds the table (h3 may sit in a header div).
    let panel: Element | null = heading.parentElement;
    for (let i = 0; panel && i < 4 && !panel.querySelector(ROW); i++) panel = panel.parentElement;
    if (!panel) continue;
    for (const row of all(panel, ROW)) {
      const symbol = sparkRowSymbol(row);
      if (symbol) rows.push({ row, slot: row.firstElementChild ?? row, side, symbol });
    }
  }
  return rows;
}

export function sparkFindHealthFactor(root: ParentNode): HealthAnchor | null {
  const candidates = all(root, '[data-testid="component-HealthFactorGauge-value"]').filter((e) => !inOverlay(e));
  const visible = candidates.find((e) => !(e as HTMLElement).closest?.('[hidden], [aria-hidden="true"]'));
  const el = visible ?? candidates[0];
  return el ? { element: el } : null;
}

// One `SiteModule` record per dapp (types.ts), alike by design.
export const spark: SiteModule = {
  id: 'spark',
  name: 'Spark',
  hosts: ['app.spark.fi'],
  protocol: 'aave-v3',
  anchorConfidence: 'medium',
  owns: (p) => p.protocol === 'aave-v3' && /^Spark\b/.test(p.market),
  isPageMarket: isAaveV3PageMarket,
  pageMarket: sparkPageMarket,
  findRows: (root) => sparkFindRows(root),
  findHealthFactor: sparkFindHealthFactor,
};

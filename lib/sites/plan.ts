import type { PageEntry, PagePosition, PageReport } from './page-view.ts';
import { ageMs, isStale } from '../snapshot/types.ts';
import type { Thresholds } from '../alerts/index.ts';
import { legBadge, summaryBadge, type BadgeModel } from './page-badge.ts';
import { sameSymbol } from './dom.ts';
import type { FindHints, HealthAnchor, PageMarket, RowAnchor, Side, SiteModule } from './types.ts';

/**
 * Which of the snapshot's positions a dapp page shows, and what goes where. Pure: the content script
 * feeds it the page's anchors and the snapshot, and renders what comes back.
 *
 * 1. Candidates: positions of the accounts the page's wallet shows, on this front-end (`site.owns`: Aave
 *    vs Spark by market family); when there are none, every position of the protocol (a devnet or fork
 *    market has no family name).
 * 2. Compatible: those on the chain the page shows (URL, or the wallet's chain for apps that follow it);
 *    all candidates when the page does not say.
 * 3. Primary: the position in the very market the page selects, if any; otherwise the compatible position
 *    that matches the most rows — by token address where the row carries one (Aave), by symbol otherwise.
 *    A fallback position that matches no row is never attached to rows or to the page's health factor:
 *    a badge on someone else's row is worse than none.
 * 4. Rows that link a market (Morpho lists) take the position of that market.
 * 5. Nothing placed on the page → the floating panel lists the compatible positions (or the candidates,
 *    marked as not the market on this page).
 */

export interface Selection {
  candidates: PageEntry[];
  compatible: PageEntry[];
  /** Positions in the market the page selects (a subset of `compatible`). */
  exact: PageEntry[];
}

const sameAccount = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function selectPositions(site: SiteModule, page: PageMarket, entries: readonly PageEntry[], accounts: readonly string[]): Selection {
  const mine = entries.filter((e) => accounts.some((a) => sameAccount(a, e.position.account)));
  const owned = mine.filter((e) => site.owns(e.position));
  const candidates = owned.length > 0 ? owned : mine.filter((e) => e.position.protocol === site.protocol);
  const compatible = page.chainId === undefined ? candidates : candidates.filter((e) => e.position.chainId === page.chainId);
  const exact = compatible.filter((e) => site.isPageMarket(e.position, page));
  return { candidates, compatible, exact };
}

/** Symbols for text-based finders: every leg of the compatible positions (candidates if none). */
export function hintsFor(selection: Selection): FindHints {
  const pool = selection.compatible.length > 0 ? selection.compatible : selection.candidates;
  const uniq = (xs: string[]) => [...new Set(xs)];
  return {
    symbols: {
      collateral: uniq(pool.flatMap((e) => e.position.collateral.map((l) => l.symbol))),
      debt: uniq(pool.flatMap((e) => e.position.debt.map((l) => l.symbol))),
    },
  };
}

/** The leg of `position` a row shows: by address when the row has one, else by symbol; null if none. */
export function legForRow(position: PagePosition, row: RowAnchor): { index: number; side: Side } | null {
  if (row.marketId !== undefined) {
    if (position.details.protocol !== 'morpho-blue' || position.details.marketId.toLowerCase() !== row.marketId) return null;
    if (position.collateral.length > 0) return { index: 0, side: 'collateral' };
    return position.debt.length > 0 ? { index: 0, side: 'debt' } : null;
  }
  const legs = row.side === 'collateral' ? position.collateral : position.debt;
  const index = legs.findIndex((l) => (row.address !== undefined ? l.address.toLowerCase() === row.address : sameSymbol(l.symbol, row.symbol)));
  return index < 0 ? null : { index, side: row.side };
}

export interface RowPlan {
  anchor: RowAnchor;
  key: string;
  badge: BadgeModel;
}

export interface PanelEntry {
  key: string;
  title: string;
  health: BadgeModel;
  legs: { symbol: string; side: Side; badge: BadgeModel }[];
}

export interface PanelPlan {
  /** True when the positions listed are not in the market this page shows (shown as a note). */
  otherMarkets: boolean;
  entries: PanelEntry[];
}

export interface PagePlan {
  rows: RowPlan[];
  summary: { anchor: HealthAnchor; key: string; badge: BadgeModel } | null;
  panel: PanelPlan | null;
  /** The position attached to the page's rows and health factor, if any. */
  primaryKey: string | null;
}

export interface PlanInput {
  site: SiteModule;
  selection: Selection;
  rows: readonly RowAnchor[];
  health: HealthAnchor | null;
  thresholds: Thresholds;
  now: number;
  locale?: string;
}

function hfOrder(r: PageReport): number {
  return r.healthFactor === null ? Infinity : r.healthFactor;
}

export function planPage(input: PlanInput): PagePlan {
  const { selection, rows, thresholds, now, locale } = input;
  const ctxOf = (e: PageEntry) => ({ thresholds, stale: isStale(e, now), ageMs: ageMs(e, now), locale });
  const listRows = rows.filter((r) => r.marketId === undefined);
  const marketRows = rows.filter((r) => r.marketId !== undefined);

  // Primary: the page's market when known, else the compatible position matching the most rows.
  const score = (e: PageEntry) => listRows.reduce((n, r) => n + (legForRow(e.position, r) ? 1 : 0), 0);
  let primary: PageEntry | null = null;
  const pool = selection.exact.length > 0 ? selection.exact : selection.compatible;
  let best = -1;
  for (const e of pool) {
    const s = score(e);
    if (s > best || (s === best && primary && hfOrder(e.report) < hfOrder(primary.report))) {
      best = s;
      primary = e;
    }
  }
  if (selection.exact.length === 0 && best <= 0) primary = null;

  const out: RowPlan[] = [];
  if (primary) {
    const report = primary.report;
    const key = primary.key;
    for (const anchor of listRows) {
      const leg = legForRow(primary.position, anchor);
      if (!leg) continue;
      const legReport = (leg.side === 'collateral' ? report.collateral : report.debt)[leg.index]!;
      out.push({ anchor, key, badge: legBadge(legReport, leg.side, report, ctxOf(primary)) });
    }
  }
  for (const anchor of marketRows) {
    const entry = selection.candidates.find((e) => legForRow(e.position, anchor));
    if (!entry) continue;
    const leg = legForRow(entry.position, anchor)!;
    const report = entry.report;
    const legReport = (leg.side === 'collateral' ? report.collateral : report.debt)[leg.index]!;
    out.push({ anchor, key: entry.key, badge: legBadge(legReport, leg.side, report, ctxOf(entry)) });
  }

  const summary =
    primary && input.health ? { anchor: input.health, key: primary.key, badge: summaryBadge(primary.report, ctxOf(primary)) } : null;

  let panel: PanelPlan | null = null;
  if (out.length === 0 && !summary) {
    const listed = selection.compatible.length > 0 ? selection.compatible : selection.candidates;
    if (listed.length > 0) {
      panel = { otherMarkets: selection.compatible.length === 0, entries: listed.map((e) => panelEntry(e, ctxOf(e))) };
    }
  }
  return { rows: out, summary, panel, primaryKey: primary ? primary.key : null };
}

function panelEntry(entry: PageEntry, ctx: Parameters<typeof legBadge>[3]): PanelEntry {
  const { position: p, report } = entry;
  return {
    key: entry.key,
    title: `${p.market} \u00b7 ${p.account.slice(0, 6)}\u2026${p.account.slice(-4)}`,
    health: summaryBadge(report, ctx, ''),
    legs: [
      ...report.collateral.map((l) => ({ symbol: l.symbol, side: 'collateral' as const, badge: legBadge(l, 'collateral', report, ctx) })),
      ...report.debt.map((l) => ({ symbol: l.symbol, side: 'debt' as const, badge: legBadge(l, 'debt', report, ctx) })),
    ],
  };
}

import type { AccountsState, Settings } from '../settings/index.ts';
import { report } from '../risk/report.ts';
import { positionCodec, positionKey } from '../snapshot/position.ts';
import type { PositionEntry, Snapshot } from '../snapshot/types.ts';
import { rememberedByHost } from './page-accounts.ts';
import { PAGE_VIEW_VERSION, pagePosition, type PageEntry, type PageReport, type PageView } from './page-view.ts';

/**
 * Builds the dapp pages' view (./page-view.ts) in the background, where the engine already runs. Reports
 * are the expensive part (each liquidation price is refined by bisection), so they are kept by the
 * position's content across builds: a refresh that changed nothing, or a settings change, costs no report.
 */
export interface PageReportCache {
  byContent: Map<string, PageReport>;
}

export function newPageReportCache(): PageReportCache {
  return { byContent: new Map() };
}

export function pageReport(entry: PositionEntry): PageReport {
  const r = report(entry.position);
  const leg = (l: { symbol: string; price: number | null; liquidationPrice: number | null; distance: number | null }) => ({
    symbol: l.symbol,
    price: l.price,
    liquidationPrice: l.liquidationPrice,
    distance: l.distance,
  });
  return {
    market: r.market,
    chainId: r.chainId,
    account: r.account,
    quote: r.quote,
    status: r.status,
    healthFactor: r.healthFactor,
    ...(r.unverifiedMath ? { unverifiedMath: true as const } : {}),
    collateral: r.collateral.map(leg),
    debt: r.debt.map(leg),
  };
}

/** One snapshot entry as the page shows it (its report computed here unless given). */
export function pageEntry(entry: PositionEntry, r: PageReport = pageReport(entry)): PageEntry {
  return { key: positionKey(entry.position), position: pagePosition(entry.position), readAt: entry.readAt, stale: entry.stale, report: r };
}

export interface PageViewInput {
  snapshot: Snapshot | null;
  settings: Pick<Settings, 'warnBelow' | 'urgentBelow' | 'rememberedBadges'>;
  accounts: AccountsState | null;
}

export function buildPageView(input: PageViewInput, cache: PageReportCache = newPageReportCache()): PageView {
  const used = new Map<string, PageReport>();
  const positions = (input.snapshot?.positions ?? []).map((entry) => {
    const content = JSON.stringify(positionCodec.encode(entry.position));
    const r = used.get(content) ?? cache.byContent.get(content) ?? pageReport(entry);
    used.set(content, r);
    return pageEntry(entry, r);
  });
  cache.byContent = used;
  return {
    version: PAGE_VIEW_VERSION,
    thresholds: { warnBelow: input.settings.warnBelow, urgentBelow: input.settings.urgentBelow },
    showRemembered: input.settings.rememberedBadges,
    remembered: rememberedByHost(input.accounts?.accounts ?? []),
    positions,
  };
}

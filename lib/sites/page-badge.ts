import type { Thresholds } from '../alerts/index.ts';
import { formatAge, formatHealthFactorNumber, formatPrice, numberFormat, shortAddress } from '../format/number.ts';
import type { PageLeg, PageReport } from './page-view.ts';
import type { Side } from './types.ts';

/**
 * What a badge says and how loud: pure, so the numbers on the page are unit-tested against the CLI's.
 *
 * Text: "Liq. $1,455 · −27.2%" — the price at which this asset alone liquidates the position and how far
 * the market is from it (collateral must fall, "−"; debt must rise, "+"). Both are rounded in the
 * cautious direction (DESIGN.md: liquidation price up for collateral and down for debt, distance toward
 * zero), so the badge never looks safer than the engine's number. The title carries the unrounded
 * figures.
 *
 * Danger: the distance is turned into the health factor a single-asset move would mean — collateral
 * 1 / (1 − d), debt 1 + d — and compared with the user's alert thresholds (warn 1.25, urgent 1.1 by
 * default), so a badge turns amber/red exactly where the toolbar and notifications would.
 */
export type Danger = 'ok' | 'warn' | 'urgent' | 'liquidatable' | 'none' | 'unknown';

// The user's alert thresholds, as settings and alerts hold them (one declaration, in lib/alerts).

export interface BadgeModel {
  text: string;
  level: Danger;
  /** Longer explanation (tooltip / accessible name). */
  title: string;
  /** The data is older than a fresh read (chain failed or no refresh for a while). */
  stale: boolean;
}

export interface BadgeContext {
  thresholds: Thresholds;
  stale: boolean;
  ageMs: number;
  locale?: string;
}

const MINUS = '\u2212';

/** Nudge before rounding so 1454.9999999997 (binary noise) does not round up to 1455 by mistake. */
const EPS = 1e-9;

/**
 * A price for a badge: whole units from 1,000 up, cents from 1, four significant digits below 1; rounded
 * `up` or `down`. USD as currency ("$1,455"), other quote units as "0.8125 WETH".
 */
export function compactPrice(value: number, quote: string, direction: 'up' | 'down', locale?: string): string {
  if (!Number.isFinite(value)) return '?';
  const abs = Math.abs(value);
  let decimals: number;
  if (abs >= 1000) decimals = 0;
  else if (abs >= 1) decimals = 2;
  else if (abs === 0) decimals = 2;
  else decimals = Math.min(12, 3 - Math.floor(Math.log10(abs)));
  const f = 10 ** decimals;
  const scaled = value * f;
  const rounded = (direction === 'up' ? Math.ceil(scaled - EPS * Math.max(1, Math.abs(scaled))) : Math.floor(scaled + EPS * Math.max(1, Math.abs(scaled)))) / f;
  const opts: Intl.NumberFormatOptions = { minimumFractionDigits: Math.min(decimals, 2), maximumFractionDigits: decimals };
  if (quote === 'USD') return numberFormat(locale, { style: 'currency', currency: 'USD', ...opts }).format(rounded);
  return `${numberFormat(locale, opts).format(rounded)} ${quote}`;
}

/** A distance as a signed percentage with one decimal, truncated toward zero: −27.27 % → "−27.2%". */
export function compactDistance(distance: number, side: Side, locale?: string): string {
  if (!Number.isFinite(distance)) return '?';
  const tenths = Math.trunc(Math.abs(distance) * 1000 + EPS) / 10;
  const sign = tenths === 0 ? '' : side === 'collateral' ? MINUS : '+';
  return `${sign}${numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(tenths)}%`;
}

/** The health factor a move of `distance` in this one asset would leave (see the module comment). */
export function equivalentHealth(distance: number, side: Side): number {
  if (side === 'debt') return 1 + distance;
  return distance >= 1 ? Infinity : 1 / (1 - distance);
}

export function dangerOf(distance: number, side: Side, t: Thresholds): Danger {
  if (distance <= 0) return 'liquidatable';
  const hf = equivalentHealth(distance, side);
  if (hf < t.urgentBelow) return 'urgent';
  if (hf < t.warnBelow) return 'warn';
  return 'ok';
}

/** "Liq. $1,455 · −27.2%" for a leg with a liquidation price; the caller handles the other cases. */
export function badgeText(leg: Pick<PageLeg, 'liquidationPrice' | 'distance'>, side: Side, quote: string, locale?: string): string {
  const price = compactPrice(leg.liquidationPrice ?? NaN, quote, side === 'collateral' ? 'up' : 'down', locale);
  return `Liq. ${price} \u00b7 ${compactDistance(leg.distance ?? NaN, side, locale)}`;
}

function staleSuffix(ctx: BadgeContext): string {
  return ctx.stale ? ` \u00b7 ${formatAge(ctx.ageMs)}` : '';
}

function positionLine(report: PageReport, locale?: string): string {
  return `${report.market} (chain ${report.chainId}), account ${shortAddress(report.account)}, health factor ${formatHealthFactorNumber(report.healthFactor, locale)}`;
}

/**
 * The badge of one asset row. A position whose protocol version the guard does not know (an unknown Aave
 * Pool revision) says "unverified" in the badge itself, not only in the popup.
 */
export function legBadge(leg: PageLeg, side: Side, report: PageReport, ctx: BadgeContext): BadgeModel {
  const b = legBadgeOf(leg, side, report, ctx);
  if (!report.unverifiedMath) return b;
  return {
    ...b,
    text: `${b.text} \u00b7 unverified`,
    title: `Unverified math: this market runs a protocol version the guard does not know; the numbers follow the closest known version. ${b.title}`,
  };
}

function legBadgeOf(leg: PageLeg, side: Side, report: PageReport, ctx: BadgeContext): BadgeModel {
  const { locale } = ctx;
  const tail = `${positionLine(report, locale)}.${ctx.stale ? ` Data from ${formatAge(ctx.ageMs)}, not refreshed since.` : ''} Click for the simulator.`;
  const base = { stale: ctx.stale };
  if (report.status === 'price-missing' || leg.price === null) {
    return { ...base, text: `Liq. ? \u00b7 price missing${staleSuffix(ctx)}`, level: 'unknown', title: `${leg.symbol}: an oracle price is missing, so no liquidation price can be computed. ${tail}` };
  }
  if (report.status === 'no-debt') {
    return { ...base, text: `No debt${staleSuffix(ctx)}`, level: 'none', title: `${leg.symbol}: nothing is borrowed, nothing can be liquidated. ${tail}` };
  }
  if (report.status === 'liquidatable') {
    return { ...base, text: `Liquidatable${staleSuffix(ctx)}`, level: 'liquidatable', title: `${leg.symbol}: the position can be liquidated now. ${tail}` };
  }
  if (leg.liquidationPrice === null || leg.distance === null) {
    return {
      ...base,
      text: `No liq. price${staleSuffix(ctx)}`,
      level: 'none',
      title: `${leg.symbol}: a move of this asset's price alone cannot liquidate the position. ${tail}`,
    };
  }
  const quote = report.quote;
  const direction = side === 'collateral' ? 'falls' : 'rises';
  return {
    ...base,
    text: `${badgeText(leg, side, quote, locale)}${staleSuffix(ctx)}`,
    level: dangerOf(leg.distance, side, ctx.thresholds),
    title:
      `${leg.symbol} (${side}): liquidation if its price ${direction} to ${formatPrice(leg.liquidationPrice, quote, locale)} ` +
      `(now ${formatPrice(leg.price, quote, locale)}, ${(leg.distance * 100).toFixed(2)}% away). ${tail}`,
  };
}

/**
 * Equivalent healths closer than this are the same number (a one-collateral, one-debt position has the
 * same figure on both sides, up to float noise): the collateral leg, met first, then stays the answer.
 */
const SAME_HEALTH = 1e-9;

/** The leg closest to liquidation (smallest equivalent health), or null when none has a price. */
export function nearestLeg(report: PageReport): { leg: PageLeg; side: Side } | null {
  let best: { leg: PageLeg; side: Side; hf: number } | null = null;
  for (const [legs, side] of [
    [report.collateral, 'collateral'],
    [report.debt, 'debt'],
  ] as const) {
    for (const leg of legs) {
      if (leg.distance === null || leg.liquidationPrice === null) continue;
      const hf = equivalentHealth(leg.distance, side);
      if (!best || hf < best.hf - SAME_HEALTH * best.hf) best = { leg, side, hf };
    }
  }
  return best ? { leg: best.leg, side: best.side } : null;
}

/** The compact summary next to the page's health factor. */
export function summaryBadge(report: PageReport, ctx: BadgeContext, prefix = 'Guard: '): BadgeModel {
  const near = nearestLeg(report);
  if (report.status !== 'ok' || !near) {
    const any = report.collateral[0] ?? report.debt[0];
    if (any) {
      const b = legBadge(any, report.collateral[0] ? 'collateral' : 'debt', report, ctx);
      return { ...b, text: `${prefix}${b.text}` };
    }
    return { text: `${prefix}no assets${staleSuffix(ctx)}`, level: 'none', title: positionLine(report, ctx.locale), stale: ctx.stale };
  }
  const b = legBadge(near.leg, near.side, report, ctx);
  return { ...b, text: `${prefix}nearest ${near.leg.symbol} ${b.text}`, title: `Nearest liquidation: ${b.title}` };
}

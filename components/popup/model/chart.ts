/** The health factor against a price move, and where it crosses 1. */
import { healthFactor, report, simulateAll, type HealthFactor, type Position } from '@/lib/risk/index.ts';
import { priceMoveActions, type PriceTarget } from './simulation.ts';

export interface ChartPoint {
  /** Price move, −0.9 … +1.0. */
  move: number;
  /** HF as a float for plotting; null where it cannot be computed. */
  hf: number | null;
}

export const CHART_MIN_MOVE = -0.9;
export const CHART_MAX_MOVE = 1.0;

/** HF against a price move of one asset (or every volatile one), sampled evenly. */
export function chartSeries(position: Position, target: PriceTarget, steps = 76): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (let i = 0; i <= steps; i++) {
    const move = CHART_MIN_MOVE + ((CHART_MAX_MOVE - CHART_MIN_MOVE) * i) / steps;
    const pct = Math.round(move * 10_000) / 100;
    let hf: HealthFactor;
    try {
      hf = healthFactor(simulateAll(position, priceMoveActions(position, target, pct)));
    } catch {
      hf = undefined;
    }
    points.push({ move, hf: typeof hf === 'bigint' ? Number(hf) / 1e18 : null });
  }
  return points;
}

/**
 * The price move at which HF reaches 1: exact from the engine's liquidation price when one asset moves,
 * interpolated on the sampled curve when all volatile assets move together (then only as precise as the
 * plot). null when it does not happen within the plotted range.
 */
export function liquidationMoveFor(position: Position, target: PriceTarget, points: ChartPoint[]): number | null {
  if (target === 'volatile') return liquidationMove(points);
  const r = report(position);
  const leg = r.collateral.find((l) => l.address === target && l.liquidationPrice !== null) ?? r.debt.find((l) => l.address === target);
  if (!leg || leg.price === null || leg.price <= 0 || leg.liquidationPrice === null) return null;
  const move = leg.liquidationPrice / leg.price - 1;
  return move >= CHART_MIN_MOVE && move <= CHART_MAX_MOVE ? move : null;
}

/** Where a sampled series crosses HF = 1 nearest to today's price, if it does. */
export function liquidationMove(points: ChartPoint[]): number | null {
  // Walk from today's price (move 0) downwards and upwards; report the nearest crossing.
  let best: number | null = null;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.hf === null || b.hf === null) continue;
    if ((a.hf - 1) * (b.hf - 1) <= 0 && a.hf !== b.hf) {
      const move = a.move + ((1 - a.hf) * (b.move - a.move)) / (b.hf - a.hf);
      if (best === null || Math.abs(move) < Math.abs(best)) best = move;
    }
  }
  return best;
}

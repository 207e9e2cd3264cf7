import { useId, useMemo } from 'react';
import type { Position } from '@/lib/risk/index.ts';
import { displayPrice, healthFactor } from '@/lib/risk/index.ts';
import { formatHealthFactorNumber, formatPercent, formatPrice } from '@/lib/format/index.ts';
import { useLocale } from './context.ts';
import {
  CHART_MAX_MOVE,
  CHART_MIN_MOVE,
  chartSeries,
  liquidationMoveFor,
  type ChartPoint,
  type PriceTarget,
  type Thresholds,
} from './model.ts';

const W = 320;
const H = 150;
const PAD = { left: 30, right: 8, top: 8, bottom: 22 };

/**
 * Health factor against a price move of the main collateral (or every volatile asset at once), from
 * −90 % to +100 %: the liquidation line at HF 1, the target, today's marker, and the simulated position's
 * curve when the simulator is open. Hand-written SVG; a fixed viewBox scaled to the width, so it never
 * changes the layout.
 */
export function HfChart(props: {
  position: Position;
  /** The simulated position at today's prices (its curve is drawn dashed). */
  after?: Position | null;
  /** The simulated point: the simulator's price move (when it moves this chart's asset) and the HF there. */
  simulated?: { move: number; hf: number } | null;
  target: PriceTarget;
  targetHf: number;
  thresholds: Thresholds;
}) {
  const { position, after, simulated, target, targetHf } = props;
  const locale = useLocale();
  const clipId = useId();
  const series = useMemo(() => chartSeries(position, target), [position, target]);
  const afterSeries = useMemo(() => (after ? chartSeries(after, target) : null), [after, target]);
  const hf = healthFactor(position);
  const today = typeof hf === 'bigint' ? Number(hf) / 1e18 : null;
  const liq = useMemo(() => liquidationMoveFor(position, target, series), [position, target, series]);

  const finite = [...series, ...(afterSeries ?? [])].map((p) => p.hf).filter((x): x is number => x !== null);
  const yMax = Math.min(Math.max(2, targetHf * 1.25, (today ?? 1) * 1.4), Math.max(4, targetHf * 1.6), Math.max(2, ...finite));
  const x = (move: number) => PAD.left + ((move - CHART_MIN_MOVE) / (CHART_MAX_MOVE - CHART_MIN_MOVE)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - Math.min(Math.max(v, 0), yMax * 1.05) / yMax) * (H - PAD.top - PAD.bottom);
  const path = (points: ChartPoint[]) => {
    let d = '';
    let pen = false;
    for (const p of points) {
      if (p.hf === null) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${x(p.move).toFixed(1)},${y(p.hf).toFixed(1)}`;
      pen = true;
    }
    return d;
  };

  const leg = target === 'volatile' ? undefined : [...position.collateral, ...position.debt].find((l) => l.address === target);
  const priceAt = (move: number) =>
    leg?.price !== undefined && leg ? formatPrice(displayPrice(position, leg, leg.price) * (1 + move), position.quote, locale) : null;
  const ticks = [-0.9, -0.5, 0, 0.5, 1];
  const yTicks = [1, ...(targetHf < yMax ? [targetHf] : []), ...(yMax > 2.2 ? [2] : [])];
  const name = target === 'volatile' ? 'all volatile assets' : leg?.symbol ?? 'price';
  const summary =
    today === null
      ? 'No debt: the health factor has no limit.'
      : liq === null
        ? `Within −90 % … +100 % of ${name}, the health factor stays above 1.`
        : `Liquidation at ${target === 'volatile' ? 'about ' : ''}a ${formatPercent(liq, locale, { signed: true })} move of ${name}${priceAt(liq) ? ` (${priceAt(liq)})` : ''}.`;

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Health factor against the price of ${name}. ${summary}`}>
        <clipPath id={clipId}>
          <rect x={PAD.left} y={PAD.top} width={W - PAD.left - PAD.right} height={H - PAD.top - PAD.bottom} />
        </clipPath>
        <rect className="chart-danger" x={PAD.left} y={y(1)} width={W - PAD.left - PAD.right} height={Math.max(0, y(0) - y(1))} />
        {yTicks.map((t) => (
          <g key={t}>
            <line className={t === 1 ? 'chart-liq' : t === targetHf ? 'chart-target' : 'chart-grid'} x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text className="chart-label" x={PAD.left - 3} y={y(t) + 3} textAnchor="end">
              {formatHealthFactorNumber(t, locale)}
            </text>
          </g>
        ))}
        {ticks.map((t) => (
          <text key={t} className="chart-label" x={x(t)} y={H - 6} textAnchor={t === -0.9 ? 'start' : t === 1 ? 'end' : 'middle'}>
            {t === 0 ? 'now' : formatPercent(t, locale, { signed: true }).replace(/\.0(?=\D*$)/, '')}
          </text>
        ))}
        <g clipPath={`url(#${clipId})`}>
          <path className="chart-curve" d={path(series)} />
          {afterSeries && <path className="chart-curve-after" d={path(afterSeries)} />}
        </g>
        {liq !== null && <line className="chart-liq-x" x1={x(liq)} x2={x(liq)} y1={PAD.top} y2={H - PAD.bottom} />}
        {today !== null && (
          <g>
            <line className="chart-now" x1={x(0)} x2={x(0)} y1={PAD.top} y2={H - PAD.bottom} />
            <circle className="chart-dot" cx={x(0)} cy={y(Math.min(today, yMax * 1.05))} r={3.5} />
          </g>
        )}
        {simulated && (
          <circle className="chart-dot-after" cx={x(simulated.move)} cy={y(Math.min(simulated.hf, yMax * 1.05))} r={3.5} />
        )}
      </svg>
      <figcaption className="muted small">
        {summary}
        {afterSeries ? ' Dashed: after the simulated action.' : ''}
      </figcaption>
    </figure>
  );
}

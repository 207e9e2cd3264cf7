import type { HealthFactor } from '@/lib/risk/index.ts';
import { formatHealthFactor } from '@/lib/format/index.ts';
import { useLocale } from './context.ts';
import type { Band, Thresholds } from './model.ts';

export const BAND_LABELS: Record<Band, string> = {
  urgent: 'Urgent',
  warn: 'Warning',
  ok: 'Safe',
  unknown: 'Unknown',
};

/** The label next to the number: what the band means for this HF. */
export function statusLabel(hf: HealthFactor, band: Band): string {
  if (hf === null) return 'No debt';
  if (hf === undefined) return 'Price missing';
  if (hf < 10n ** 18n) return 'Liquidatable';
  return BAND_LABELS[band];
}

const GAUGE_MIN = 0.9;

/**
 * The health factor as a number and a bar with the colour bands of the toolbar badge (red below the
 * urgent threshold, orange below the warning one, green above), the liquidation line at 1 and the
 * target. A plain meter for assistive technology.
 */
export function HealthGauge(props: { hf: HealthFactor; band: Band; thresholds: Thresholds; target: number; stale: boolean }) {
  const { hf, band, thresholds, target, stale } = props;
  const locale = useLocale();
  const max = Math.max(2.5, target + 0.5);
  const value = typeof hf === 'bigint' ? Number(hf) / 1e18 : hf === null ? max : GAUGE_MIN;
  const at = (x: number) => `${(Math.min(Math.max((x - GAUGE_MIN) / (max - GAUGE_MIN), 0), 1) * 100).toFixed(2)}%`;
  const text = formatHealthFactor(hf, locale);
  const label = statusLabel(hf, band);
  return (
    <div className={`gauge band-${band}${stale ? ' is-stale' : ''}`}>
      <div className="gauge-head">
        <span className="gauge-number" data-testid="hf" data-hf-wad={typeof hf === 'bigint' ? hf.toString() : String(hf)}>
          {text}
        </span>
        <span className="gauge-label">
          {label}
          {stale ? ' · stale' : ''}
        </span>
      </div>
      <div
        className="gauge-track"
        role="meter"
        aria-label="Health factor"
        aria-valuemin={GAUGE_MIN}
        aria-valuemax={max}
        aria-valuenow={Math.min(Math.max(value, GAUGE_MIN), max)}
        aria-valuetext={`${text}, ${label}${stale ? ', stale data' : ''}`}
      >
        <span className="seg seg-urgent" style={{ left: 0, width: at(thresholds.urgentBelow) }} />
        <span className="seg seg-warn" style={{ left: at(thresholds.urgentBelow), width: `calc(${at(thresholds.warnBelow)} - ${at(thresholds.urgentBelow)})` }} />
        <span className="seg seg-ok" style={{ left: at(thresholds.warnBelow), right: 0 }} />
        <span className="tick tick-liq" style={{ left: at(1) }} title="Liquidation at 1.00" />
        <span className="tick tick-target" style={{ left: at(target) }} title={`Target ${formatHealthFactor(BigInt(Math.round(target * 100)) * 10n ** 16n, locale)}`} />
        {hf !== undefined && <span className="marker" style={{ left: at(value) }} />}
      </div>
    </div>
  );
}

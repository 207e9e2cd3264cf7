import { useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { healthFactor, report as positionReport, unverifiedMathNote, type LegReport } from '@/lib/risk/index.ts';
import { formatAge, formatAmount, formatHealthFactor, formatPercent, formatPrice, formatValue, shortAddress } from '@/lib/format/index.ts';
import { useLocale } from './context.ts';
import { HealthGauge, statusLabel } from './HealthGauge.tsx';
import { HfChart } from './HfChart.tsx';
import {
  dappLink,
  displayedProposals,
  mainCollateral,
  positionNotes,
  proposalInput,
  type PositionView,
  type PriceTarget,
  type SimResult,
  type Thresholds,
} from './model.ts';
import { Proposals } from './Proposals.tsx';
import { LiquidationOutlook } from './LiquidationOutlook.tsx';
import { Simulator } from './Simulator.tsx';
import { usePopupStore } from './store.ts';

function LegRow({ leg, side, quote, decimals }: { leg: LegReport; side: 'collateral' | 'debt'; quote: string; decimals: number }) {
  const locale = useLocale();
  const amount = formatAmount(unitsOf(leg.amount, decimals), decimals, locale);
  const value = leg.price === null ? null : Number(leg.amount) * leg.price;
  return (
    <li className="leg" data-testid={`leg-${side}-${leg.symbol}`}>
      <div className="leg-main">
        <span className="leg-amount" title={`${leg.amount} ${leg.symbol}`}>
          {amount} <span className="symbol">{leg.symbol}</span>
        </span>
        <span className="muted small">{value === null ? 'no price' : formatValue(value, quote, locale)}</span>
      </div>
      <div className="leg-liq">
        {leg.liquidationPrice === null ? (
          <span className="muted small" title={side === 'collateral' ? 'This asset alone cannot trigger a liquidation.' : 'A rise of this asset alone cannot trigger a liquidation.'}>
            no liq. price
          </span>
        ) : (
          <>
            <span data-testid="liq-price">{formatPrice(leg.liquidationPrice, quote, locale)}</span>
            <span className={`small distance${leg.distance !== null && leg.distance < 0.1 ? ' near' : ''}`} data-testid="liq-distance">
              {leg.distance === null ? '' : leg.distance <= 0 ? 'reached' : `${formatPercent(leg.distance, locale)} ${side === 'collateral' ? 'drop' : 'rise'}`}
            </span>
          </>
        )}
      </div>
    </li>
  );
}

/** One side's legs under its heading (collateral or debt). */
function LegList(props: { title: string; side: 'collateral' | 'debt'; legs: LegReport[]; quote: string; decimals: number[] }) {
  return (
    <>
      <div className="legs-head small muted">
        <span>{props.title}</span>
        <span>Liquidation price</span>
      </div>
      <ul className="legs">
        {props.legs.map((l, i) => (
          <LegRow key={l.address} leg={l} side={props.side} quote={props.quote} decimals={props.decimals[i]!} />
        ))}
      </ul>
    </>
  );
}

/** Amount strings in reports are exact decimals; back to base units for the formatter (no float). */
export function unitsOf(amount: string, decimals: number): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole + fraction.padEnd(decimals, '0').slice(0, decimals));
}

/**
 * One position, named (for assistive technology) by its market and account. Closed: one line for a safe
 * position, two for one at risk — the HF always in view, so five positions fit a 600 px popup. Open: the
 * HF gauge, legs with values and liquidation prices, liquidation cost, age, the proposals for the target
 * HF, the simulator and the chart.
 */
export function PositionCard(props: {
  view: PositionView;
  thresholds: Thresholds;
  target: number;
  targetWad: bigint;
  customMarkets: ReadonlySet<string>;
  defaultOpen: boolean;
}) {
  const { view, thresholds, target, targetWad, customMarkets, defaultOpen } = props;
  const { position, key } = view;
  const locale = useLocale();
  const open = usePopupStore((s) => s.expanded[key] ?? (defaultOpen || s.selectedKey === key));
  const selected = usePopupStore((s) => s.selectedKey === key);
  const sim = usePopupStore((s) => (s.sim?.key === key ? s.sim : null));
  const chartTarget = usePopupStore((s) => s.chartTarget[key]);
  const { setExpanded, openSimulator, setChartTarget } = usePopupStore.getState();
  const [showChart, setShowChart] = useState(false);
  const [simResult, setSimResult] = useState<SimResult | null>(null);
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    if (selected) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);

  const main = mainCollateral(position);
  const defaultPriceTarget: PriceTarget | null = main?.address ?? position.debt[0]?.address ?? null;
  const link = useMemo(() => dappLink(position, customMarkets), [position, customMarkets]);
  // Proposals take a few ms each (a search per asset): the first frame shows the numbers, the proposals
  // follow in the next render (React's deferred value), so opening the popup is not held up by them.
  const proposalsWanted = useDeferredValue(open, false);
  const shown = useMemo(() => (proposalsWanted ? displayedProposals(position, targetWad) : null), [proposalsWanted, position, targetWad]);
  const onResult = useCallback((r: SimResult) => setSimResult(r), []);

  const startSimulation = () => {
    const firstDebt = position.debt.find((l) => l.amount > 0n);
    const firstColl = position.collateral.find((l) => l.amount > 0n);
    openSimulator(key, {
      action: firstDebt ? 'repay' : 'supply',
      asset: firstDebt?.address ?? firstColl?.address ?? position.assets[0]?.address ?? null,
      repayAsset: null,
      amountText: '',
      priceMovePct: 0,
      priceTarget: defaultPriceTarget,
    });
  };

  // With the simulator open, the chart moves the simulator's price; otherwise the user's pick.
  const plotTarget: PriceTarget | null = (sim ? sim.input.priceTarget : null) ?? chartTarget ?? defaultPriceTarget;
  const report = useMemo(() => (open ? positionReport(position) : null), [open, position]);
  const cost = report?.liquidationCost;
  // A closed safe position (nothing owed at risk) is one line; age and totals are a click away.
  const compact = !open && view.band === 'ok' && !view.stale;
  // React's id: the position key holds the market name, and a space would split an aria-labelledby list.
  const headingId = useId();
  return (
    <article
      ref={ref}
      className={`position band-${view.band}${open ? ' is-open' : ''}${selected ? ' is-selected' : ''}${view.stale ? ' is-stale' : ''}`}
      aria-labelledby={headingId}
      data-testid="position"
      data-position-key={key}
    >
      <header className="position-head">
        <h3 id={headingId}>
          <button type="button" className="position-toggle" aria-expanded={open} onClick={() => setExpanded(key, !open)} data-testid="position-toggle">
            {/* A drawn triangle, not a character: nothing for a screen reader to read before the name. */}
            <svg className="caret" aria-hidden="true" focusable="false" width="10" height="10" viewBox="0 0 10 10">
              <path d={open ? 'M1 3h8L5 8z' : 'M3 1v8l5-4z'} />
            </svg>
            <span className="market">{position.market}</span>{' '}
            <span className="account muted" title={position.account}>
              {shortAddress(position.account)}
            </span>
          </button>
        </h3>
        {compact ? (
          <CompactHf view={view} />
        ) : (
          // Closed and fresh, the header's "Read … ago" says it: the line stays free for the name.
          (open || view.stale) && <span className={`age small${view.stale ? ' stale' : ' muted'}`} data-testid="age" title={`Block ${position.blockNumber}`}>
            {view.stale ? `Stale · as of ${formatAge(view.ageMs)}` : `Updated ${formatAge(view.ageMs)}`}
          </span>
        )}
      </header>

      {open ? (
        <HealthGauge hf={view.hf} band={view.band} thresholds={thresholds} target={target} stale={view.stale} />
      ) : (
        !compact && (
          <div className="closed-summary">
            <CompactHf view={view} />
            <span className="totals small" title={`Collateral ${formatValue(view.collateralValue, position.quote, locale)}`}>
              Debt {formatValue(view.debtValue, position.quote, locale)}
            </span>
            {/* At risk: the simulator one click (or key) away, without opening the card first. */}
            <button type="button" className="small-button" onClick={startSimulation} data-testid="simulate">
              Simulate
            </button>
          </div>
        )
      )}

      {unverifiedMathNote(position) !== undefined && (
        <p className="unverified small" data-testid="unverified-math">
          <strong>Unverified math</strong>: this market runs a protocol version the guard does not know (
          {unverifiedMathNote(position)}); its numbers follow the closest known version and may differ from the
          protocol&apos;s.
        </p>
      )}

      {open && (
        <div className="totals small">
          <span>Collateral {formatValue(view.collateralValue, position.quote, locale)}</span>
          <span>Debt {formatValue(view.debtValue, position.quote, locale)}</span>
        </div>
      )}
      {/* How long and how likely: on open cards and on closed ones at risk (a fresh, safe closed card stays one line). */}
      {!compact && <LiquidationOutlook position={position} outlook={view.entry.outlook} nowMs={view.entry.readAt + view.ageMs} />}

      {open && report && (
        <div className="position-body">
          <LegList title="Collateral" side="collateral" legs={report.collateral} quote={position.quote} decimals={position.collateral.map((l) => l.decimals)} />
          {report.debt.length > 0 && (
            <LegList title="Debt" side="debt" legs={report.debt} quote={position.quote} decimals={position.debt.map((l) => l.decimals)} />
          )}
          {positionNotes(position).map((note) => (
            <p key={note} className="note small" data-testid="position-note">
              {note}
            </p>
          ))}
          {cost && cost.bonus !== undefined && (
            <p className="cost small" data-testid="liquidation-cost">
              {cost.hypothetical ? 'If it were liquidated (health factor just under 1), it would cost you about ' : 'A liquidation now would cost you about '}
              <strong>{formatValue(cost.penalty, position.quote, locale)}</strong>: {formatValue(cost.debtRepaid, position.quote, locale)} of {cost.debtSymbol} debt
              repaid{cost.targetHealthFactor !== undefined ? ` to bring the health factor back to ${cost.targetHealthFactor.toFixed(2)}` : ''} with{' '}
              {formatValue(cost.collateralSeized, position.quote, locale)} of your {cost.collateralSymbol}, a liquidation bonus of{' '}
              {formatPercent(cost.bonus - 1, locale)}.{cost.deficit ? ' It would take all that collateral and the rest of the debt would be written off.' : ''}
              {cost.atLiquidationPrice && (
                <>
                  {' '}
                  At the {cost.collateralSymbol} liquidation price ({formatPrice(cost.atLiquidationPrice.price, position.quote, locale)}) it would cost about{' '}
                  {formatValue(cost.atLiquidationPrice.penalty, position.quote, locale)}
                  {cost.atLiquidationPrice.bonus !== null ? ` (bonus ${formatPercent(cost.atLiquidationPrice.bonus - 1, locale)})` : ''}.
                </>
              )}
            </p>
          )}
          {cost && cost.bonus === undefined && (
            <p className="cost small" data-testid="liquidation-cost">
              A liquidation now would cost you about <strong>{formatValue(cost.penalty, position.quote, locale)}</strong>: up to{' '}
              {formatPercent(cost.closeFactor, locale).replace(/\.0(?=\D*$)/, '')} of the debt ({formatValue(cost.debtRepaid, position.quote, locale)}) repaid
              with {formatValue(cost.collateralSeized, position.quote, locale)} of your collateral.
            </p>
          )}

          {shown && (
            <Proposals
              position={position}
              proposals={shown}
              customMarkets={customMarkets}
              onPick={(p) => openSimulator(key, proposalInput(p, sim?.input.priceTarget ?? defaultPriceTarget, locale))}
            />
          )}

          <div className="actions">
            <button type="button" onClick={startSimulation} aria-pressed={sim !== null} data-testid="simulate">
              Simulate
            </button>
            {view.hf !== null && (
              <button type="button" onClick={() => setShowChart(!showChart)} aria-expanded={showChart}>
                {showChart ? 'Hide the chart' : 'Show the chart'}
              </button>
            )}
            {link.url !== null ? (
              <a className="dapp-link" href={link.url} target="_blank" rel="noopener noreferrer" title={`Opens ${new URL(link.url).host} in a new tab`}>
                {link.label}
                <span aria-hidden="true"> ↗</span>
                <span className="sr-only"> (new tab)</span>
              </a>
            ) : (
              <span className="dapp-link is-none small" title={link.reason}>
                {link.reason.startsWith('Custom') ? 'No app link (custom market)' : 'No app link'}
              </span>
            )}
          </div>

          {sim && <Simulator position={position} input={sim.input} openedAt={sim.openedAt} onResult={onResult} />}

          {(showChart || sim) && view.hf !== null && plotTarget && (
            <div className="chart-box">
              {!sim && (
                <label className="small">
                  Price of{' '}
                  <select value={plotTarget} onChange={(e) => setChartTarget(key, e.target.value as PriceTarget)}>
                    {[...position.collateral, ...position.debt]
                      .filter((l, i, all) => l.price !== undefined && all.findIndex((x) => x.address === l.address) === i)
                      .map((l) => (
                        <option key={l.address} value={l.address}>
                          {l.symbol}
                        </option>
                      ))}
                    <option value="volatile">All volatile assets</option>
                  </select>
                </label>
              )}
              <HfChart
                position={position}
                after={sim ? (simResult?.afterAction ?? null) : null}
                simulated={
                  sim && simResult?.after && typeof healthFactor(simResult.after) === 'bigint'
                    ? { move: sim.input.priceMovePct / 100, hf: Number(healthFactor(simResult.after)) / 1e18 }
                    : null
                }
                target={plotTarget}
                targetHf={target}
                thresholds={thresholds}
              />
            </div>
          )}
        </div>
      )}
    </article>
  );
}

/** The HF and what it means, in one line (a closed card). */
function CompactHf({ view }: { view: PositionView }) {
  const locale = useLocale();
  return (
    <span className={`compact-hf band-${view.band}`}>
      <span className="hf-number" data-testid="hf" data-hf-wad={typeof view.hf === 'bigint' ? view.hf.toString() : String(view.hf)}>
        {formatHealthFactor(view.hf, locale)}
      </span>{' '}
      <span className="hf-label">
        {statusLabel(view.hf, view.band)}
        {view.stale ? ' · stale' : ''}
      </span>
    </span>
  );
}

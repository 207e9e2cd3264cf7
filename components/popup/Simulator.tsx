import { useEffect, useId, useMemo, useRef } from 'react';
import type { Address } from 'viem';
import { displayPrice, healthFactor, report, type Position } from '@/lib/risk/index.ts';
import { formatAmount, formatHealthFactor, formatPercent, formatPrice, formatValue } from '@/lib/format/index.ts';
import { useLocale } from './context.ts';
import {
  amountText,
  assetOptions,
  runSimulation,
  SIM_ACTIONS,
  SLIDER_STEPS,
  sliderAmount,
  sliderValue,
  volatileAssets,
  type SimActionKind,
  type SimInput,
  type SimResult,
} from './model.ts';
import { usePopupStore } from './store.ts';

/**
 * What-if on one position: an action (repay / supply / withdraw / borrow / sell collateral to repay),
 * its asset and amount (typed, slid, or max), plus a price move; before → after for the health factor
 * and every liquidation price, recomputed by `lib/risk` as the user types.
 */
export function Simulator(props: { position: Position; input: SimInput; openedAt: number; onResult?: (r: SimResult) => void }) {
  const { position, input, openedAt } = props;
  const locale = useLocale();
  const update = usePopupStore((s) => s.updateSimulator);
  const close = usePopupStore((s) => s.closeSimulator);
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, [openedAt]);

  const options = useMemo(() => assetOptions(position, input.action), [position, input.action]);
  const option = options.find((o) => o.address === input.asset);
  const result = useMemo(() => runSimulation(position, input, options, locale), [position, input, options, locale]);
  const { onResult } = props;
  useEffect(() => onResult?.(result), [result, onResult]);

  const setAction = (action: SimActionKind) => {
    const next = assetOptions(position, action);
    const asset = next.find((o) => o.address === input.asset)?.address ?? next[0]?.address ?? null;
    const debts = position.debt.filter((l) => l.amount > 0n && l.address !== asset);
    const repayAsset = action === 'deleverage' ? (debts.find((l) => l.address === input.repayAsset) ?? debts[0])?.address ?? null : null;
    update({ action, asset, repayAsset, amountText: '' });
  };

  const setAsset = (asset: Address) => {
    // Selling an asset that is also the chosen debt: repay another one.
    const repayAsset =
      input.action === 'deleverage' && input.repayAsset === asset
        ? (position.debt.find((l) => l.amount > 0n && l.address !== asset)?.address ?? null)
        : input.repayAsset;
    update({ asset, repayAsset, amountText: '' });
  };

  const priceOptions = [
    ...position.collateral.filter((l) => l.price !== undefined),
    ...position.debt.filter((l) => l.price !== undefined && !position.collateral.some((c) => c.address === l.address)),
  ];
  const volatile = volatileAssets(position);
  const moveLeg = input.priceTarget && input.priceTarget !== 'volatile' ? priceOptions.find((l) => l.address === input.priceTarget) : undefined;

  const before = useMemo(() => report(position), [position]);
  const afterReport = useMemo(() => (result.after ? report(result.after) : null), [result.after]);
  const hfBefore = healthFactor(position);
  const hfAfter = result.after ? healthFactor(result.after) : undefined;

  const rows = [
    ...before.collateral.map((l, i) => ({ side: 'collateral' as const, l, i })),
    ...before.debt.map((l, i) => ({ side: 'debt' as const, l, i })),
  ];
  // Legs the action adds (a new collateral or a new debt) appear after.
  if (afterReport) {
    for (const l of afterReport.collateral) if (!before.collateral.some((b) => b.address === l.address)) rows.push({ side: 'collateral', l, i: -1 });
    for (const l of afterReport.debt) if (!before.debt.some((b) => b.address === l.address)) rows.push({ side: 'debt', l, i: -1 });
  }
  const liqCell = (side: 'collateral' | 'debt', address: string, r: typeof before | null) => {
    if (!r) return '—';
    const l = (side === 'collateral' ? r.collateral : r.debt).find((x) => x.address === address);
    if (!l || l.amount === '0.0' || l.liquidationPrice === null) return 'none';
    return (
      <>
        <span className="nowrap">{formatPrice(l.liquidationPrice, position.quote, locale)}</span>
        <span className="muted small nowrap"> {l.distance === null ? '' : formatPercent(l.distance, locale)}</span>
      </>
    );
  };

  return (
    <section className="simulator" aria-labelledby={`${id}-h`} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="sim-head">
        <h4 id={`${id}-h`} tabIndex={-1} ref={headingRef}>
          Simulate
        </h4>
        <button type="button" className="link-button" onClick={close} aria-label="Close the simulator">
          Close
        </button>
      </div>

      <fieldset className="segmented">
        <legend className="sr-only">Action</legend>
        {SIM_ACTIONS.filter((a) => (a.kind !== 'deleverage' || (position.collateral.some((l) => l.amount > 0n) && position.debt.some((l) => l.amount > 0n)))).map((a) => (
          <label key={a.kind} className={input.action === a.kind ? 'on' : ''}>
            <input type="radio" name={`${id}-action`} value={a.kind} checked={input.action === a.kind} onChange={() => setAction(a.kind)} />
            {a.label}
          </label>
        ))}
      </fieldset>

      <div className="sim-row">
        <label htmlFor={`${id}-asset`}>{input.action === 'deleverage' ? 'Sell' : 'Asset'}</label>
        <select id={`${id}-asset`} value={input.asset ?? ''} onChange={(e) => setAsset(e.target.value as Address)}>
          {options.length === 0 && <option value="">No asset</option>}
          {options.map((o) => (
            <option key={o.address} value={o.address}>
              {o.symbol}
            </option>
          ))}
        </select>
        {input.action === 'deleverage' && (
          <>
            <label htmlFor={`${id}-repay`}>to repay</label>
            <select id={`${id}-repay`} value={input.repayAsset ?? ''} onChange={(e) => update({ repayAsset: e.target.value as Address })}>
              {position.debt
                .filter((l) => l.amount > 0n && l.address !== input.asset)
                .map((l) => (
                  <option key={l.address} value={l.address}>
                    {l.symbol}
                  </option>
                ))}
            </select>
          </>
        )}
      </div>

      <div className="sim-row">
        <label htmlFor={`${id}-amount`}>Amount</label>
        <input
          id={`${id}-amount`}
          className="amount-input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder="0.0"
          value={input.amountText}
          aria-invalid={result.error !== null}
          aria-describedby={`${id}-err`}
          data-testid="sim-amount"
          onChange={(e) => update({ amountText: e.target.value })}
        />
        <span className="unit">{option?.symbol}</span>
        {option?.max && (
          <button type="button" className="small-button" onClick={() => update({ amountText: amountText(option.max!.amount, option.decimals, locale) })}>
            Max
          </button>
        )}
      </div>
      {option && (
        <input
          type="range"
          className="slider"
          aria-label={`Amount of ${option.symbol}`}
          min={0}
          max={SLIDER_STEPS}
          step={1}
          value={sliderValue(result.amount, option.sliderMax)}
          onChange={(e) => {
            const amount = sliderAmount(Number(e.target.value), option.sliderMax, option.decimals);
            update({ amountText: amount === 0n ? '' : amountText(amount, option.decimals, locale) });
          }}
        />
      )}
      <p id={`${id}-err`} className="sim-error" role="status" aria-live="polite" data-testid="sim-error">
        {result.error ?? ''}
      </p>
      {input.action === 'deleverage' && result.repaid !== null && input.repayAsset && (
        <p className="muted small">
          Repays {formatAmount(result.repaid, position.debt.find((l) => l.address === input.repayAsset)?.decimals ?? 18, locale)}{' '}
          {position.debt.find((l) => l.address === input.repayAsset)?.symbol} with the proceeds, 0.5% slippage allowed.
        </p>
      )}

      <div className="sim-row">
        <label htmlFor={`${id}-move-asset`}>Price of</label>
        <select
          id={`${id}-move-asset`}
          value={input.priceTarget ?? ''}
          onChange={(e) => update({ priceTarget: e.target.value as SimInput['priceTarget'] })}
        >
          {priceOptions.map((l) => (
            <option key={l.address} value={l.address}>
              {l.symbol}
            </option>
          ))}
          {volatile.length > 1 && <option value="volatile">All volatile assets</option>}
        </select>
        <output htmlFor={`${id}-move`} className="move-value">
          {formatPercent(input.priceMovePct / 100, locale, { signed: true })}
          {moveLeg?.price !== undefined && moveLeg
            ? ` → ${formatPrice(displayPrice(position, moveLeg, moveLeg.price) * (1 + input.priceMovePct / 100), position.quote, locale)}`
            : ''}
        </output>
      </div>
      <input
        id={`${id}-move`}
        type="range"
        className="slider"
        aria-label="Price move in percent"
        min={-90}
        max={100}
        step={1}
        value={input.priceMovePct}
        onChange={(e) => update({ priceMovePct: Number(e.target.value) })}
      />

      <p className="sr-only" role="status" data-testid="sim-hf-announce">
        {result.after ? `Health factor after: ${formatHealthFactor(hfAfter, locale)} (now ${formatHealthFactor(hfBefore, locale)})` : ''}
      </p>
      <table className="before-after">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Figure</span>
            </th>
            <th scope="col">Now</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          <tr className="hf-row">
            <th scope="row">Health factor</th>
            <td data-testid="sim-hf-before">{formatHealthFactor(hfBefore, locale)}</td>
            <td data-testid="sim-hf-after" data-hf-wad={typeof hfAfter === 'bigint' ? hfAfter.toString() : String(hfAfter)}>
              {result.after ? formatHealthFactor(hfAfter, locale) : '—'}
            </td>
          </tr>
          <tr>
            <th scope="row">Collateral</th>
            <td>{formatValue(before.collateralValue, position.quote, locale)}</td>
            <td>{afterReport ? formatValue(afterReport.collateralValue, position.quote, locale) : '—'}</td>
          </tr>
          <tr>
            <th scope="row">Debt</th>
            <td>{formatValue(before.debtValue, position.quote, locale)}</td>
            <td>{afterReport ? formatValue(afterReport.debtValue, position.quote, locale) : '—'}</td>
          </tr>
          {rows.map(({ side, l }) => (
            <tr key={`${side}:${l.address}`} data-testid={`sim-liq-${side}-${l.symbol}`}>
              <th scope="row">
                {l.symbol} liq. price
                <span className="muted small"> ({side})</span>
              </th>
              <td>{liqCell(side, l.address, before)}</td>
              <td>{liqCell(side, l.address, afterReport)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

import { useMemo } from 'react';
import { formatPrice } from '@/lib/format/index.ts';
import { displayPrice } from '@/lib/risk/display.ts';
import { liquidationTime } from '@/lib/risk/interest-time.ts';
import type { Position } from '@/lib/core/types.ts';
import type { PositionOutlook } from '@/lib/snapshot/index.ts';
import { useLocale } from './context.ts';

const DAY_S = 86_400;
/** 5 %–95 % of a lognormal: ±1.645 standard deviations. */
const Z90 = 1.645;

/** The 5 %–95 % price range after `days` at an annualised volatility (lognormal, no drift). */
export function priceRange(price: number, volatility: number, days: number): [number, number] {
  const s = volatility * Math.sqrt(days / 365);
  return [price * Math.exp(-Z90 * s), price * Math.exp(Z90 * s)];
}

/** "x %" for a probability: one decimal, three below 0.1 % (so a small chance does not read as none). */
export function formatChance(p: number, locale?: string): string {
  const pct = p * 100;
  const digits = pct > 0 && pct < 0.1 ? 3 : 1;
  return `${pct.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits })} %`;
}

/**
 * How long and how likely, per position: when interest alone (prices and rates held) makes it
 * liquidatable, and the chance of a liquidation within a day and a week, with each asset's volatility and
 * price age one click away. Self-contained: takes the stored position and the background's outlook.
 */
export function LiquidationOutlook({ position, outlook, nowMs }: { position: Position; outlook?: PositionOutlook | undefined; nowMs?: number }) {
  const locale = useLocale();
  const time = useMemo(() => liquidationTime(position), [position]);
  if (position.debt.every((l) => l.amount === 0n)) return null;
  const now = (nowMs ?? Date.now()) / 1000;
  let interest: string;
  if (time === null) interest = 'Interest alone: no liquidation within 10 years';
  else if (Number(time) <= Number(position.timestamp)) interest = 'Interest alone: liquidatable now';
  else {
    const t = Number(time);
    const date = new Date(t * 1000).toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
    const days = Math.max(0, Math.round((t - now) / DAY_S));
    interest = `Interest alone: liquidated on ${date} (in ${days} ${days === 1 ? 'day' : 'days'})`;
  }
  const chance = outlook?.chance;
  const symbolOf = (asset: string) =>
    [...position.collateral, ...position.debt].find((l) => l.address.toLowerCase() === asset.toLowerCase())?.symbol ?? asset;
  const ageOf = (asset: string) => position.oracles?.find((o) => o.asset.toLowerCase() === asset.toLowerCase())?.updatedAt;
  const priceOf = (asset: string) => {
    const leg = [...position.collateral, ...position.debt].find((l) => l.address.toLowerCase() === asset.toLowerCase());
    return leg?.price === undefined ? undefined : displayPrice(position, leg, leg.price);
  };
  const range = (price: number, vol: number, days: number) =>
    priceRange(price, vol, days).map((p) => formatPrice(p, position.quote, locale)).join('–');
  return (
    <div className="outlook small" data-testid="outlook">
      <p className="outlook-interest">{interest}</p>
      {chance && (
        <p className="outlook-chance">
          Chance of liquidation: 1 day {formatChance(chance['1d'], locale)} · 7 days {formatChance(chance['7d'], locale)}
        </p>
      )}
      {outlook && outlook.legs.length > 0 && (
        <details className="outlook-details">
          <summary>Volatility and price age</summary>
          <ul>
            {outlook.legs.map((l) => {
              const at = ageOf(l.asset);
              const age = at === undefined ? 'price age unknown' : `price updated ${Math.max(0, Math.round((now - Number(at)) / 60))} min ago`;
              const price = priceOf(l.asset);
              const ranges = price !== undefined && l.volatility > 0 ? ` · 5–95 % range: 1 day ${range(price, l.volatility, 1)}, 7 days ${range(price, l.volatility, 7)}` : '';
              return (
                <li key={l.asset}>
                  {symbolOf(l.asset)}: {(l.volatility * 100).toFixed(0)} % a year ({l.source === 'history' ? "from the feed's history" : 'assumed class'}){ranges} · {age}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </div>
  );
}

import type { PositionReport } from '../risk/index.ts';

const num = (n: number | null, digits = 2) =>
  n === null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);

/** Human-readable scan output: one block per position. */
export function formatText(reports: PositionReport[]): string {
  if (reports.length === 0) return 'No positions found.\n';
  return reports
    .map((r) => {
      const hf = r.status === 'price-missing' ? 'unknown (a price is missing)' : r.healthFactor === null ? '∞ (no debt)' : r.healthFactor.toFixed(4);
      const lines = [
        `${r.market} (chain ${r.chainId}) · ${r.account} · block ${r.blockNumber}`,
        `  health factor ${hf}${r.status === 'liquidatable' ? '  LIQUIDATABLE' : ''}`,
        `  collateral ${num(r.collateralValue)} ${r.quote} · debt ${num(r.debtValue)} ${r.quote}`,
        ...r.collateral.map(
          (c) =>
            `  + ${c.amount} ${c.symbol} @ ${num(c.price, 4)}  LT ${pct(c.liquidationThreshold)}  liq. ${num(c.liquidationPrice, 4)} (${pct(c.distance)} away)`,
        ),
        ...r.debt.map(
          (d) => `  − ${d.amount} ${d.symbol} @ ${num(d.price, 4)}  liq. ${num(d.liquidationPrice, 4)} (${pct(d.distance)} away)`,
        ),
      ];
      if (r.unverifiedMath) lines.push('  unverified math: the protocol version is unknown; numbers follow the closest known release');
      if (r.liquidationTime !== null && r.healthFactor !== null) {
        lines.push(`  interest alone: liquidatable ${r.liquidationTime <= r.blockTimestamp ? 'now' : `on ${new Date(r.liquidationTime * 1000).toISOString().slice(0, 10)} (in ${Math.round((r.liquidationTime - r.blockTimestamp) / 86_400)} days)`}`);
      }
      if (r.liquidationChance) {
        lines.push(`  chance of liquidation: 1 day ${pct(r.liquidationChance['1d'])} · 7 days ${pct(r.liquidationChance['7d'])}`);
      }
      if (r.liquidationCost) lines.push(`  a liquidation now would cost ≈ ${num(r.liquidationCost.penalty)} ${r.quote}`);
      return lines.join('\n');
    })
    .join('\n\n')
    .concat('\n');
}

import type { Position } from '../../core/types.ts';

/**
 * v4 keeps a position on the dynamic config it opened with until an action refreshes it (Spoke.sol:686-
 * 696, 815-818), and a refresh that would leave HF < 1 reverts, so old terms can last for good. Where the
 * user's terms differ from what a new position gets, the popup says so.
 */
export interface ConfigDifference {
  symbol: string;
  /** Fractions (0.8 = 80 %). */
  userCollateralFactor: number;
  latestCollateralFactor: number;
  userMaxBonus: number;
  latestMaxBonus: number;
  userLiquidationFee: number;
  latestLiquidationFee: number;
  /** One sentence for the user. */
  text: string;
}

const pct = (bps: number) => `${(bps / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;

export function configDifferences(position: Position): ConfigDifference[] {
  if (position.details.protocol !== 'aave-v4') return [];
  const out: ConfigDifference[] = [];
  for (const r of position.details.reserves) {
    const u = r.userConfig;
    const l = r.latestConfig;
    // Terms apply to collateral only: a reserve the user borrows but never enabled keeps key 0 meaninglessly.
    if (!r.usingAsCollateral || r.suppliedShares === 0n || u.key === l.key) continue;
    if (u.collateralFactor === l.collateralFactor && u.maxLiquidationBonus === l.maxLiquidationBonus && u.liquidationFee === l.liquidationFee) continue;
    const leg = [...position.collateral, ...position.debt].find((x) => x.address.toLowerCase() === r.address.toLowerCase());
    const symbol = leg?.symbol ?? r.address;
    const parts: string[] = [];
    if (u.collateralFactor !== l.collateralFactor) {
      parts.push(`your ${symbol} collateral factor is ${pct(u.collateralFactor)}; new positions get ${pct(l.collateralFactor)}`);
    }
    if (u.maxLiquidationBonus !== l.maxLiquidationBonus) {
      parts.push(`your ${symbol} max liquidation bonus is ${pct(u.maxLiquidationBonus - 10_000)}; new positions get ${pct(l.maxLiquidationBonus - 10_000)}`);
    }
    if (u.liquidationFee !== l.liquidationFee) {
      parts.push(`your ${symbol} liquidation fee is ${pct(u.liquidationFee)}; new positions get ${pct(l.liquidationFee)}`);
    }
    out.push({
      symbol,
      userCollateralFactor: u.collateralFactor / 10_000,
      latestCollateralFactor: l.collateralFactor / 10_000,
      userMaxBonus: (u.maxLiquidationBonus - 10_000) / 10_000,
      latestMaxBonus: (l.maxLiquidationBonus - 10_000) / 10_000,
      userLiquidationFee: u.liquidationFee / 10_000,
      latestLiquidationFee: l.liquidationFee / 10_000,
      text: parts.join('; '),
    });
  }
  return out;
}

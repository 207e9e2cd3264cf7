export * from '../core/types.ts';
export { WAD, RAY, mulDiv, ratio } from '../core/math.ts';
export { accountValues, healthFactor, isLiquidatable } from './health.ts';
export { liquidationPrices, type LiquidationPrices } from './liquidation-price.ts';
export { liquidationCost, type LiquidationCost } from './liquidation-cost.ts';
export { simulate, simulateAll, type Action } from './simulate.ts';
export * from './proposals.ts';
export { report, decimal, hasUnverifiedMath, unverifiedMathNote, type PositionReport, type LegReport, type CollateralReport, type PositionStatus } from './report.ts';
export { displayPrice, displayValue } from './display.ts';
export { sameAddress } from '../core/address.ts';
export { legValue } from '../core/value.ts';
export type { AccountValues, ProtocolRules } from '../core/rules.ts';
export { accrue, type Accrue } from './accrue.ts';
export { liquidationTime, INTEREST_HORIZON_SECONDS } from './interest-time.ts';
// The chance (lib/risk/chance.ts, the simulation) is imported from its module by the background and the CLI
// only, so views that re-export from here do not bundle it.
export type { Chance, PriceModel, AssetModel } from './chance.ts';
export type { Outlook } from './report.ts';

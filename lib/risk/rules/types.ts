import type { HealthFactor, Position } from '../types.ts';

/**
 * What the protocol itself computes for an account, in the quote unit's base units, with the
 * protocol's own integer rounding, so that `healthFactor` equals the contract's to the last unit.
 */
export interface AccountValues {
  /** Sum of the collateral that counts (LT > 0), valued at oracle prices. */
  collateralValue: bigint;
  /** Sum of debt, valued at oracle prices. */
  debtValue: bigint;
  /** Collateral weighted by liquidation thresholds (the numerator of HF), same unit. */
  weightedCollateral: bigint;
  healthFactor: HealthFactor;
}

export interface ProtocolRules {
  /** Exact account values; `undefined` when a price the result needs is missing. */
  account(position: Position): AccountValues | undefined;
  /**
   * Share of the debt (WAD) a liquidator may repay in one call at this health factor
   * (Aave: 50 %, 100 % below 0.95; Morpho: all; Compound: absorb takes everything).
   */
  closeFactor(healthFactor: bigint): bigint;
  /** Compound's absorb seizes all collateral regardless of the debt size. */
  seizesAllCollateral: boolean;
}

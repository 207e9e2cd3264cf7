import type { AssetRef, HealthFactor, Position } from '../types.ts';

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
  /**
   * A protocol whose liquidation is not "close factor × debt × bonus" (Aave v4: a bonus that grows as HF
   * falls, debt repaid up to a target HF, dust rules) computes the whole cost itself.
   */
  liquidationCost?(position: Position): RulesLiquidationCost | undefined;
}

/** See `lib/risk/liquidation-cost.ts`; the optional fields are filled by protocols that have them. */
export interface RulesLiquidationCost {
  closeFactor: bigint;
  debtRepaid: bigint;
  collateralSeized: bigint;
  penalty: bigint;
  debtAsset: AssetRef | undefined;
  collateralAsset: AssetRef | undefined;
  /** WAD, the bonus at the health factor used (v4: interpolated by HF). */
  bonus?: bigint;
  /** Token base units the liquidator repays / the user loses of the collateral asset. */
  debtAmount?: bigint;
  collateralAmount?: bigint;
  /** Collateral base units taken as the protocol's liquidation fee (part of collateralAmount). */
  feeAmount?: bigint;
  /** WAD, the health factor the liquidation aims to restore. */
  targetHealthFactor?: bigint;
  /** The liquidation empties the last collateral and the remaining debt is written off. */
  deficit?: boolean;
  /** The account is not liquidatable now; figures are for HF just below 1 at today's prices. */
  hypothetical?: boolean;
}

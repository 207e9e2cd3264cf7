import type { AssetRef, HealthFactor, Position } from './types.ts';

/**
 * What the protocol itself computes for an account, in the quote unit's base units, with the
 * protocol's own integer rounding, so that `healthFactor` equals the contract's to the last unit.
 */
export interface AccountValues {
  /** Sum of the collateral that counts (LT > 0; on Aave 3.6 every supply enabled as collateral), valued at oracle prices. */
  collateralValue: bigint;
  /** Sum of debt, valued at oracle prices. */
  debtValue: bigint;
  /** Collateral weighted by liquidation thresholds (the numerator of HF), same unit. */
  weightedCollateral: bigint;
  healthFactor: HealthFactor;
  /**
   * A step the protocol's math takes that makes HF jump (Aave 3.0–3.4: the average LT floored to bps).
   * Between two prices with the same `segment`, HF is monotone in one asset's price; the liquidation
   * price search uses it to find the *first* crossing of a sawtooth.
   */
  segment?: bigint;
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
   * WAD of LT by which the protocol's HF may fall short of the linear model Σ value·LT / debt (integer
   * steps). The liquidation price search looks for the first crossing within that band.
   */
  ltSlack?(position: Position): bigint;
  /**
   * The protocol's own liquidation of this account at its current state (Aave v3: the largest
   * `liquidationCall` by the Pool's release; Aave v4: a bonus that grows as HF falls, debt repaid up to a
   * target HF, dust rules). Absent: the engine's generic close factor × bonus model.
   */
  liquidationCost?(position: Position, values: AccountValues & { healthFactor: bigint }): RulesLiquidationCost | undefined;
  /**
   * How a leg's scaled balance moves with a supply, withdrawal, borrow or repay (Aave's tokens, per
   * release), so a simulation shows the very balance the token will. Absent: amounts add up plainly.
   */
  scaledBalances?(position: Position): ScaledBalanceMath | undefined;
  /**
   * A short note naming the protocol version when the guard does not know it ("Pool revision 42"): the
   * numbers then follow the closest known version and are shown as unverified. `undefined`: verified.
   */
  unverifiedMath?(position: Position): string | undefined;
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
  /** Aave v4: collateral base units taken as the liquidation fee (part of collateralAmount). */
  feeAmount?: bigint;
  /** Aave v3: collateral base units sent to the treasury as the protocol fee (beside collateralAmount). */
  protocolFeeAmount?: bigint;
  /** WAD, the health factor the liquidation aims to restore. */
  targetHealthFactor?: bigint;
  /** The liquidation empties the last collateral and the remaining debt is written off. */
  deficit?: boolean;
  /** The account is not liquidatable now; figures are for HF just below 1 at today's prices. */
  hypothetical?: boolean;
}

/** Amounts ↔ scaled balances at a normalized index (RAY), each with the token's own rounding. */
export interface ScaledBalanceMath {
  supplyScaled(amount: bigint, index: bigint): bigint;
  withdrawScaled(amount: bigint, index: bigint): bigint;
  aTokenBalance(scaled: bigint, index: bigint): bigint;
  borrowScaled(amount: bigint, index: bigint): bigint;
  repayScaled(amount: bigint, index: bigint): bigint;
  debtBalance(scaled: bigint, index: bigint): bigint;
}

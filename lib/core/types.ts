import type { Address } from 'viem';

/**
 * The protocol-agnostic position the risk engine works on.
 *
 * Conventions (after morpho-org/sdks):
 * - every amount is a `bigint` in the token's base units, interest accrued up to `blockNumber`;
 * - a leg's value in the quote unit's base units is `amount * price / priceUnit` (rounded by the
 *   protocol's rules, see `ProtocolRules` in ./rules.ts), so Aave legs carry the oracle price (8 decimals of USD)
 *   with `priceUnit = 10^decimals`, and a Morpho collateral leg carries the oracle's 1e36-scaled price
 *   with `priceUnit = 1e36`;
 * - `price === undefined` means the oracle gave no usable price: the engine then refuses to invent a
 *   health factor and says so (`undefined` results), it never treats a missing price as zero;
 * - thresholds, bonuses and factors are WAD (1e18 = 100 %).
 */
export type ProtocolId = keyof ProtocolTypes;

/**
 * The protocols the engine works on, each registering its own types from its own folder
 * (`lib/protocols/<id>/config.ts`) by declaration merging:
 *
 *     declare module '../../core/types.ts' {
 *       interface ProtocolTypes { '<id>': { market: XMarketConfig; details: XDetails; interest: XInterestState } }
 *     }
 *
 * Why this way round: the engine stays below the protocols. It names none and imports nothing from
 * lib/protocols, yet `Position.details`, `Position.interest` and the markets file's `MarketConfig` stay
 * exact unions tagged by `protocol`. The registry (`lib/protocols/registry.ts`, `descriptors.ts`) is
 * checked against `ProtocolId`, so a folder that registers its types without a registry line, or a
 * registry line without them, does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- each protocol's folder fills it in
export interface ProtocolTypes {}

export const WAD = 10n ** 18n;

export interface AssetRef {
  address: Address;
  symbol: string;
  decimals: number;
}

export interface Leg extends AssetRef {
  /** Token base units. */
  amount: bigint;
  /** Price in quote base units per `priceUnit` token base units; `undefined` when the oracle has none. */
  price: bigint | undefined;
  priceUnit: bigint;
  /**
   * Aave: the token's scaled balance and the reserve's normalized index (RAY: income for a supply, variable
   * debt for a borrow) at the block, so a simulated action rounds as the token will (`lib/protocols/aave-v3/tokens.ts`).
   */
  scaled?: { amount: bigint; index: bigint };
}

export interface CollateralLeg extends Leg {
  /**
   * WAD. The share of this leg's value that backs debt at liquidation (Aave LT in the user's e-mode,
   * Compound liquidateCollateralFactor, Morpho LLTV). 0 when the asset cannot back debt (collateral
   * switched off, LT = 0, isolation rules): the leg is still shown, but it does not count.
   */
  liquidationThreshold: bigint;
  /**
   * WAD, >= 1e18 where it applies. What a liquidator receives per unit of debt repaid, in value (Aave's
   * liquidation bonus, Morpho's liquidation incentive factor). For Compound v3 this is
   * 1 / liquidationFactor: the user is credited `liquidationFactor` of the collateral's value on absorb.
   */
  liquidationBonus: bigint;
  /** False when the user switched the asset off as collateral (shown, but LT is then 0). */
  usedAsCollateral: boolean;
  /**
   * WAD. Aave's liquidation protocol fee: the share of the liquidation *bonus* the protocol takes from the
   * seized collateral (LiquidationLogic `_calculateAvailableCollateralToLiquidate`). Absent = none.
   */
  liquidationProtocolFee?: bigint;
}

export type DebtLeg = Leg;

/**
 * An asset the position could receive (supply/borrow in a simulation or a proposal) with the parameters
 * it would have in this position (e-mode applied). Legs the position already holds are also listed.
 */
export interface MarketAsset extends AssetRef {
  price: bigint | undefined;
  priceUnit: bigint;
  /** WAD; what it would count for as collateral in this position (0 = cannot be collateral here). */
  liquidationThreshold: bigint;
  liquidationBonus: bigint;
  canBeCollateral: boolean;
  canBeBorrowed: boolean;
  /** Aave: the reserve's normalized income and variable debt indexes (RAY) at the block. */
  supplyIndex?: bigint;
  borrowIndex?: bigint;
}

export interface Position {
  protocol: ProtocolId;
  chainId: number;
  /** The market's display name (from the built-in list or the markets file). */
  market: string;
  account: Address;
  /** 'USD' for Aave/Compound, the loan token's symbol for Morpho Blue. */
  quote: string;
  /** Decimals of the quote unit's base units (Aave's base currency: 8). */
  quoteDecimals: number;
  blockNumber: bigint;
  /** Unix seconds of `blockNumber`. */
  timestamp: bigint;
  collateral: CollateralLeg[];
  debt: DebtLeg[];
  /** Assets this position could add (for simulations and proposals); includes those it holds. */
  assets: MarketAsset[];
  /** Protocol extras the rules need (Aave e-mode id, Morpho market id, Comet base token …). */
  details: PositionDetails;
  /**
   * The interest state behind the amounts, so `lib/risk/accrue` can project them in time exactly as the
   * protocol would. Absent when the reader could not get it: no projection is then offered.
   */
  interest?: InterestState;
  /** The oracle behind each leg's price (by asset address), where the reader could see it. */
  oracles?: OracleRef[];
}

/** Where an asset's price comes from: its last update and the Chainlink-style feeds behind it. */
export interface OracleRef {
  asset: Address;
  /** Unix seconds of the oracle's last update (the oldest of its feeds); undefined when it does not say. */
  updatedAt: bigint | undefined;
  /**
   * Aggregator-interface feeds whose product (÷ for `invert`) moves like the price; empty when the oracle
   * is of another kind. Their round history gives the asset's volatility (lib/oracle/history.ts).
   */
  feeds: { address: Address; invert: boolean }[];
}

/** `Position.details`: the protocol's extras, a union tagged by `protocol` (each declared in its folder). */
export type PositionDetails = ProtocolTypes[ProtocolId]['details'];
/** `Position.interest`: the numbers the protocol's interest accrual runs on (see lib/risk/accrue). */
export type InterestState = ProtocolTypes[ProtocolId]['interest'];

/**
 * Health factor as WAD.
 * - `null`: the position has no debt (health is infinite; nothing can be liquidated).
 * - `undefined`: a price the computation needs is missing; no number is better than a wrong one.
 */
export type HealthFactor = bigint | null | undefined;

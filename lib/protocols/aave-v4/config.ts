import type { Address } from 'viem';

/** An Aave v4 Spoke: it knows its Hubs and its oracle, so the Spoke is all the markets-file entry needs. */
export interface AaveV4MarketConfig {
  protocol: 'aave-v4';
  chainId: number;
  name: string;
  spoke: Address;
}

/** An Aave v4 dynamic reserve config (ISpoke.DynamicReserveConfig), all in bps. */
export interface AaveV4DynamicConfig {
  key: number;
  collateralFactor: number;
  maxLiquidationBonus: number;
  liquidationFee: number;
}

/**
 * What the v4 rules need beyond the legs, per reserve the account touches: the exact share and ray
 * quantities the Spoke computes with (so health and liquidation match it to the wei), and the config the
 * user's position carries next to the reserve's latest (v4 keeps old terms until the user refreshes).
 */
export interface AaveV4ReserveState {
  /** The underlying (the leg's address). */
  address: Address;
  reserveId: number;
  /** The user's dynamic config (the one the Spoke applies to this account). */
  userConfig: AaveV4DynamicConfig;
  /** The reserve's latest dynamic config (what a refresh or a new position gets). */
  latestConfig: AaveV4DynamicConfig;
  usingAsCollateral: boolean;
  suppliedShares: bigint;
  drawnShares: bigint;
  /** Premium debt in asset units × RAY, full precision (ISpoke.getUserPremiumDebtRay). */
  premiumDebtRay: bigint;
  /** Hub drawn index (RAY) at the block read. */
  drawnIndex: bigint;
  /** Hub totals for share ↔ asset conversions (IHubBase.getAddedAssets / getAddedShares). */
  addedAssets: bigint;
  addedShares: bigint;
  /** The debt leg's amount at read time, so a simulated repay keeps the ray-precise remainder. */
  debtAmount: bigint;
}

export interface AaveV4Details {
  protocol: 'aave-v4';
  spoke: Address;
  /** ISpoke.LiquidationConfig: target HF and HF for max bonus in WAD, bonus factor in bps. */
  targetHealthFactor: bigint;
  healthFactorForMaxBonus: bigint;
  liquidationBonusFactor: number;
  /** The user's stored risk premium (bps), for display; premium debt itself is read, never recomputed. */
  riskPremium: number;
  reserves: AaveV4ReserveState[];
}

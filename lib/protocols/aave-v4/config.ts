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
  /** The user's premium shares (premium debt grows as premiumShares × drawn index − offset). */
  premiumShares?: bigint;
  /** The Hub asset as stored (IHub.getAsset), what `accrue` projects from; absent when the Hub did not say. */
  hub?: AaveV4HubAsset;
}

/**
 * IHub.Asset (IHub.sol:29-56), the fields the interest projection needs. `drawnIndex` and `lastUpdate`
 * are the STORED index and its time: the Hub grows the index linearly from them (AssetLogic.sol:153-165),
 * so projecting from the index read at a later block would compound where the Hub does not.
 */
export interface AaveV4HubAsset {
  liquidity: bigint;
  realizedFees: bigint;
  swept: bigint;
  addedShares: bigint;
  drawnShares: bigint;
  premiumShares: bigint;
  premiumOffsetRay: bigint;
  deficitRay: bigint;
  /** bps of interest kept as fees (not owed to suppliers). */
  liquidityFee: number;
  drawnIndex: bigint;
  /** RAY per year. */
  drawnRate: bigint;
  lastUpdate: bigint;
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

// No `interest`: v4's accrual projects from the Hub state the details already carry (accrue.ts).
declare module '../../core/types.ts' {
  interface ProtocolTypes {
    'aave-v4': { market: AaveV4MarketConfig; details: AaveV4Details; interest: never };
  }
}

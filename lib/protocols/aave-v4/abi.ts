import { parseAbi } from 'viem';

/**
 * The Aave v4 calls the reader makes, written from the public interfaces of aave/aave-v4 at commit
 * 1e8de8630dfeb26ad309d986eaec44c1ceb48a6d (package 0.5.11):
 * - src/spoke/interfaces/ISpoke.sol — structs `Reserve` (l.39), `ReserveConfig` (l.55),
 *   `DynamicReserveConfig` (l.66), `LiquidationConfig` (l.75), `UserPosition` (l.86),
 *   `UserAccountData` (l.117); views at the end of the interface.
 *   `IHubBase hub` encodes as `address`, `ReserveFlags` (a user-defined uint8) as `uint8`.
 * - src/hub/interfaces/IHubBase.sol — previews and the drawn index.
 * - src/spoke/interfaces/IAaveOracle.sol / IPriceOracle.sol — the spoke oracle (8 decimals).
 * Struct field order and widths matter: a decoded tuple is read by position.
 */
export const spokeAbi = parseAbi([
  'struct Reserve { address underlying; address hub; uint16 assetId; uint8 decimals; uint24 collateralRisk; uint8 flags; uint32 dynamicConfigKey; }',
  'struct ReserveConfig { uint24 collateralRisk; bool paused; bool frozen; bool borrowable; bool receiveSharesEnabled; }',
  'struct DynamicReserveConfig { uint16 collateralFactor; uint32 maxLiquidationBonus; uint16 liquidationFee; }',
  'struct LiquidationConfig { uint128 targetHealthFactor; uint64 healthFactorForMaxBonus; uint16 liquidationBonusFactor; }',
  'struct UserPosition { uint120 drawnShares; uint120 premiumShares; int200 premiumOffsetRay; uint120 suppliedShares; uint32 dynamicConfigKey; }',
  'struct UserAccountData { uint256 riskPremium; uint256 avgCollateralFactor; uint256 healthFactor; uint256 totalCollateralValue; uint256 totalDebtValueRay; uint256 activeCollateralCount; uint256 borrowCount; }',
  'function ORACLE() view returns (address)',
  'function getReserveCount() view returns (uint256)',
  'function getReserve(uint256 reserveId) view returns (Reserve)',
  'function getReserveConfig(uint256 reserveId) view returns (ReserveConfig)',
  'function getDynamicReserveConfig(uint256 reserveId, uint32 dynamicConfigKey) view returns (DynamicReserveConfig)',
  'function getLiquidationConfig() view returns (LiquidationConfig)',
  'function getUserReserveStatus(uint256 reserveId, address user) view returns (bool, bool)',
  'function getUserPosition(uint256 reserveId, address user) view returns (UserPosition)',
  'function getUserSuppliedAssets(uint256 reserveId, address user) view returns (uint256)',
  'function getUserSuppliedShares(uint256 reserveId, address user) view returns (uint256)',
  'function getUserDebt(uint256 reserveId, address user) view returns (uint256, uint256)',
  'function getUserTotalDebt(uint256 reserveId, address user) view returns (uint256)',
  'function getUserPremiumDebtRay(uint256 reserveId, address user) view returns (uint256)',
  'function getUserAccountData(address user) view returns (UserAccountData)',
  'function getUserLastRiskPremium(address user) view returns (uint256)',
  'function getLiquidationBonus(uint256 reserveId, address user, uint256 healthFactor) view returns (uint256)',
  'function supply(uint256 reserveId, uint256 amount, address onBehalfOf) returns (uint256, uint256)',
  'function withdraw(uint256 reserveId, uint256 amount, address onBehalfOf) returns (uint256, uint256)',
  'function borrow(uint256 reserveId, uint256 amount, address onBehalfOf) returns (uint256, uint256)',
  'function repay(uint256 reserveId, uint256 amount, address onBehalfOf) returns (uint256, uint256)',
  'function setUsingAsCollateral(uint256 reserveId, bool usingAsCollateral, address onBehalfOf)',
  'function updateUserDynamicConfig(address onBehalfOf)',
  'function updateUserRiskPremium(address onBehalfOf)',
  'function liquidationCall(uint256 collateralReserveId, uint256 debtReserveId, address user, uint256 debtToCover, bool receiveShares)',
  'error HealthFactorNotBelowThreshold()',
  'error HealthFactorBelowThreshold()',
  'error MustNotLeaveDust()',
  'error ReserveNotListed()',
  'error ReserveNotSupplied()',
  'error ReserveNotBorrowed()',
  'error ReserveNotEnabledAsCollateral()',
  'error SelfLiquidation()',
  'error InvalidDebtToCover()',
  'struct PremiumDelta { int256 sharesDelta; int256 offsetRayDelta; uint256 restoredPremiumRay; }',
  'event LiquidationCall(uint256 indexed collateralReserveId, uint256 indexed debtReserveId, address indexed user, address liquidator, bool receiveShares, uint256 debtAmountRestored, uint256 drawnSharesLiquidated, PremiumDelta premiumDelta, uint256 collateralAmountRemoved, uint256 collateralSharesLiquidated, uint256 collateralSharesToLiquidator)',
]);

export const hubAbi = parseAbi([
  // IHub.Asset (IHub.sol:29-56): the stored index, rate, fee and totals the interest projection runs on.
  'struct Asset { uint120 liquidity; uint120 realizedFees; uint8 decimals; uint120 addedShares; uint120 swept; int200 premiumOffsetRay; uint120 drawnShares; uint120 premiumShares; uint16 liquidityFee; uint120 drawnIndex; uint96 drawnRate; uint40 lastUpdateTimestamp; address underlying; address irStrategy; address reinvestmentController; address feeReceiver; uint200 deficitRay; }',
  'function getAsset(uint256 assetId) view returns (Asset)',
  'function getAssetDrawnIndex(uint256 assetId) view returns (uint256)',
  'function getAddedAssets(uint256 assetId) view returns (uint256)',
  'function getAddedShares(uint256 assetId) view returns (uint256)',
  'function previewRemoveByShares(uint256 assetId, uint256 shares) view returns (uint256)',
  'function previewAddByShares(uint256 assetId, uint256 shares) view returns (uint256)',
  'function previewAddByAssets(uint256 assetId, uint256 assets) view returns (uint256)',
  'function getAssetUnderlyingAndDecimals(uint256 assetId) view returns (address, uint8)',
]);

export const spokeOracleAbi = parseAbi([
  'function decimals() view returns (uint8)',
  'function getReservePrice(uint256 reserveId) view returns (uint256)',
  'function getReservesPrices(uint256[] reserveIds) view returns (uint256[])',
  'function getReserveSource(uint256 reserveId) view returns (address)',
]);

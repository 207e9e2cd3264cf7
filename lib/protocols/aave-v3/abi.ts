import { IPool_ABI } from '@aave-dao/aave-address-book/abis/IPool';
import { parseAbi } from 'viem';

/**
 * The Pool ABI comes from the maintained address book (current Aave v3 releases). The reader keeps to
 * calls that every v3 release answers alike — getReservesList, getReserveData (the 3.2+ "legacy" struct
 * has the 3.0 layout), getUserConfiguration, getUserEMode, getUserAccountData, getEModeCategoryData —
 * and detects 3.2+ by whether `getEModeCategoryCollateralBitmap` answers (see `market.ts`).
 */
export const poolAbi = IPool_ABI;

/** Every v3 Pool's public constant (not in IPool): which release it runs (`protocols/aave-v3/versions.ts`). */
export const poolRevisionAbi = parseAbi(['function POOL_REVISION() view returns (uint256)']);

export const addressesProviderAbi = parseAbi([
  'function getPool() view returns (address)',
  'function getPriceOracle() view returns (address)',
]);

export const oracleAbi = parseAbi([
  'function getAssetsPrices(address[] assets) view returns (uint256[])',
  'function getAssetPrice(address asset) view returns (uint256)',
]);

export const erc20Abi = parseAbi([
  'function balanceOf(address) view returns (uint256)',
  // aTokens and variable debt tokens (IScaledBalanceToken)
  'function scaledBalanceOf(address) view returns (uint256)',
  'function scaledTotalSupply() view returns (uint256)',
  'function symbol() view returns (string)',
]);


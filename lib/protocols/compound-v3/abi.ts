import { parseAbi } from 'viem';

/**
 * The Comet views the reader calls, written by hand from Comet's public interface (CometMainInterface /
 * CometExtInterface as documented on docs.compound.finance, checked signature by signature against the ABI
 * in `@compound-finance/compound-js` 0.6.2, `dist/nodejs/comet-artifacts/comet-constants.json`). Only views
 * every Comet release answers alike; `collateralBalanceOf` lives in the extension delegate on real Comet, so
 * the reader uses the `userCollateral` storage getter of the main contract instead.
 */
export const cometAbi = parseAbi([
  'struct AssetInfo { uint8 offset; address asset; address priceFeed; uint64 scale; uint64 borrowCollateralFactor; uint64 liquidateCollateralFactor; uint64 liquidationFactor; uint128 supplyCap; }',
  'function numAssets() view returns (uint8)',
  'function getAssetInfo(uint8 i) view returns (AssetInfo)',
  'function getAssetInfoByAddress(address asset) view returns (AssetInfo)',
  'function baseToken() view returns (address)',
  'function baseTokenPriceFeed() view returns (address)',
  'function baseScale() view returns (uint256)',
  'function getPrice(address priceFeed) view returns (uint256)',
  'function borrowBalanceOf(address account) view returns (uint256)',
  'function balanceOf(address owner) view returns (uint256)',
  'function userCollateral(address, address) view returns (uint128 balance, uint128 _reserved)',
  'function collateralBalanceOf(address account, address asset) view returns (uint128)',
  'function isLiquidatable(address account) view returns (bool)',
]);

/** Comet's `AssetInfo` as viem decodes it. Factors are 1e18-scaled; `scale` is 10^decimals. */
export interface CometAssetInfo {
  offset: number;
  asset: `0x${string}`;
  priceFeed: `0x${string}`;
  scale: bigint;
  borrowCollateralFactor: bigint;
  liquidateCollateralFactor: bigint;
  liquidationFactor: bigint;
  supplyCap: bigint;
}

/** Chainlink-style feeds (and Comet's own wrappers) describe their pair, e.g. "ETH / USD". */
export const priceFeedAbi = parseAbi(['function description() view returns (string)']);

import { parseAbi } from 'viem';

/**
 * The slices of Morpho Blue (v1.0, `IMorphoStaticTyping`) the reader calls. The public mappings return their
 * structs as flat tuples, named here as in `IMorpho.sol`.
 */
export const morphoAbi = parseAbi([
  'function idToMarketParams(bytes32 id) view returns (address loanToken, address collateralToken, address oracle, address irm, uint256 lltv)',
  'function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)',
  'function position(bytes32 id, address user) view returns (uint256 supplyShares, uint128 borrowShares, uint128 collateral)',
]);

/** Morpho's IOracle: price of 1 collateral base unit in loan base units, scaled by 1e36. */
export const oracleAbi = parseAbi(['function price() view returns (uint256)']);

/** Morpho's IIrm view: the borrow rate per second (WAD) `_accrueInterest` would use for this market state. */
export const irmAbi = parseAbi([
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }',
  'struct Market { uint128 totalSupplyAssets; uint128 totalSupplyShares; uint128 totalBorrowAssets; uint128 totalBorrowShares; uint128 lastUpdate; uint128 fee; }',
  'function borrowRateView(MarketParams marketParams, Market market) view returns (uint256)',
]);

export const erc20Abi = parseAbi([
  'function symbol() view returns (string)',
  'function decimals() view returns (uint8)',
]);


/**
 * `SupplyCollateral(Id indexed id, address indexed caller, address indexed onBehalf, uint256 assets)`:
 * topics are [signature, id, caller, onBehalf]. Market discovery filters on onBehalf (see `discovery.ts`).
 */
export const supplyCollateralEvent = parseAbi([
  'event SupplyCollateral(bytes32 indexed id, address indexed caller, address indexed onBehalf, uint256 assets)',
])[0];

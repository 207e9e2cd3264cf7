/**
 * Morpho Blue's integer math in bigint, one function per Solidity function it mirrors (Morpho Blue v1.0:
 * `MathLib.sol`, `SharesMathLib.sol`, `UtilsLib.sol`, `ConstantsLib.sol` and the parts of `Morpho.sol` that
 * compute interest, health and the liquidation incentive). Every rounding direction is the contract's own and
 * is spelled out in the name (`…Down` truncates, `…Up` rounds toward +∞), so a value computed here equals the
 * one the contract computes from the same storage, to the last unit.
 *
 * Inputs are the contract's uint256 / uint128 values and must be non-negative; a zero divisor throws a
 * RangeError where Solidity would revert. Nothing here reads the chain (see `positions.ts`).
 */

import type { MorphoMarketState } from './config.ts';

/** `MathLib.WAD`: 1e18 = 100 %. */
export const WAD = 10n ** 18n;
/** `ConstantsLib.ORACLE_PRICE_SCALE`: oracle prices are scaled by 1e36. */
export const ORACLE_PRICE_SCALE = 10n ** 36n;
/** `ConstantsLib.LIQUIDATION_CURSOR`: 0.3. */
export const LIQUIDATION_CURSOR = 3n * 10n ** 17n;
/** `ConstantsLib.MAX_LIQUIDATION_INCENTIVE_FACTOR`: 1.15. */
export const MAX_LIQUIDATION_INCENTIVE_FACTOR = 115n * 10n ** 16n;
/** `SharesMathLib.VIRTUAL_SHARES`: 1e6 virtual shares per market (inflation-attack guard). */
export const VIRTUAL_SHARES = 10n ** 6n;
/** `SharesMathLib.VIRTUAL_ASSETS`: 1 virtual asset per market. */
export const VIRTUAL_ASSETS = 1n;

function checkDivisor(d: bigint, fn: string): void {
  if (d <= 0n) throw new RangeError(`${fn}: division by ${d}`);
}

/** `MathLib.mulDivDown`: (x·y)/d rounded down. */
export function mulDivDown(x: bigint, y: bigint, d: bigint): bigint {
  checkDivisor(d, 'mulDivDown');
  return (x * y) / d;
}

/** `MathLib.mulDivUp`: (x·y + d − 1)/d, i.e. (x·y)/d rounded up. */
export function mulDivUp(x: bigint, y: bigint, d: bigint): bigint {
  checkDivisor(d, 'mulDivUp');
  return (x * y + (d - 1n)) / d;
}

/** `MathLib.wMulDown`: x·y/WAD rounded down. */
export const wMulDown = (x: bigint, y: bigint): bigint => mulDivDown(x, y, WAD);

/** `MathLib.wDivDown`: x·WAD/y rounded down. */
export const wDivDown = (x: bigint, y: bigint): bigint => mulDivDown(x, WAD, y);

/** `MathLib.wDivUp`: x·WAD/y rounded up. */
export const wDivUp = (x: bigint, y: bigint): bigint => mulDivUp(x, WAD, y);

/**
 * `MathLib.wTaylorCompounded`: e^(x·n) − 1 by the first three terms of its Taylor series (x = rate per second,
 * WAD; n = seconds), each term rounded down as the contract does. This is the growth factor `_accrueInterest`
 * applies to total borrow assets.
 */
export function wTaylorCompounded(x: bigint, n: bigint): bigint {
  const firstTerm = x * n;
  const secondTerm = mulDivDown(firstTerm, firstTerm, 2n * WAD);
  const thirdTerm = mulDivDown(secondTerm, firstTerm, 3n * WAD);
  return firstTerm + secondTerm + thirdTerm;
}

/** `SharesMathLib.toSharesDown`: assets → shares, rounded down (supply, repay by assets). */
export const toSharesDown = (assets: bigint, totalAssets: bigint, totalShares: bigint): bigint =>
  mulDivDown(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);

/** `SharesMathLib.toSharesUp`: assets → shares, rounded up (borrow and withdraw by assets). */
export const toSharesUp = (assets: bigint, totalAssets: bigint, totalShares: bigint): bigint =>
  mulDivUp(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);

/** `SharesMathLib.toAssetsDown`: shares → assets, rounded down (what a supplier can withdraw). */
export const toAssetsDown = (shares: bigint, totalAssets: bigint, totalShares: bigint): bigint =>
  mulDivDown(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);

/** `SharesMathLib.toAssetsUp`: shares → assets, rounded up (what a borrower owes: `_isHealthy`, `repay`). */
export const toAssetsUp = (shares: bigint, totalAssets: bigint, totalShares: bigint): bigint =>
  mulDivUp(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);

/** `UtilsLib.zeroFloorSub`: max(0, x − y). */
export const zeroFloorSub = (x: bigint, y: bigint): bigint => (x > y ? x - y : 0n);

/** `UtilsLib.min`. */
export const min = (x: bigint, y: bigint): bigint => (x < y ? x : y);

/**
 * The liquidation incentive factor `Morpho.liquidate` applies (WAD):
 * `min(MAX_LIQUIDATION_INCENTIVE_FACTOR, WAD.wDivDown(WAD − LIQUIDATION_CURSOR.wMulDown(WAD − lltv)))`,
 * i.e. min(1.15, 1 / (0.3·LLTV + 0.7)) with the contract's roundings (both down).
 */
export function liquidationIncentiveFactor(lltv: bigint): bigint {
  return min(MAX_LIQUIDATION_INCENTIVE_FACTOR, wDivDown(WAD, WAD - wMulDown(LIQUIDATION_CURSOR, WAD - lltv)));
}

/** Morpho's `Market` struct (storage `market[id]`); the one definition lives with the stored interest state. */
export type MarketState = MorphoMarketState;

/**
 * `Morpho._accrueInterest` up to `timestamp`, given the rate the IRM returns for the stored state (`borrowRate`
 * there, `borrowRateView` for a reader; equal for every IRM Morpho enables). Returns the market as it would be
 * stored after accrual: borrow and supply assets grow by `totalBorrowAssets.wMulDown(rate.wTaylorCompounded(elapsed))`,
 * and the fee recipient's shares (`feeAmount.toSharesDown(totalSupplyAssets − feeAmount, totalSupplyShares)`)
 * are added to total supply shares. Borrowers' debt does not depend on the fee. Without an IRM (`rate`
 * undefined: `irm == address(0)`) only `lastUpdate` moves, as in the contract. A timestamp at or before
 * `lastUpdate` changes nothing.
 */
export function accrueInterest(market: MarketState, borrowRate: bigint | undefined, timestamp: bigint): MarketState {
  const elapsed = timestamp - market.lastUpdate;
  if (elapsed <= 0n) return market;
  if (borrowRate === undefined) return { ...market, lastUpdate: timestamp };
  const interest = wMulDown(market.totalBorrowAssets, wTaylorCompounded(borrowRate, elapsed));
  const totalBorrowAssets = market.totalBorrowAssets + interest;
  const totalSupplyAssets = market.totalSupplyAssets + interest;
  let totalSupplyShares = market.totalSupplyShares;
  if (market.fee !== 0n) {
    const feeAmount = wMulDown(interest, market.fee);
    totalSupplyShares += toSharesDown(feeAmount, totalSupplyAssets - feeAmount, totalSupplyShares);
  }
  return { ...market, totalBorrowAssets, totalSupplyAssets, totalSupplyShares, lastUpdate: timestamp };
}

/** A borrower's debt in loan-token base units, as `_isHealthy` counts it: `borrowShares.toAssetsUp(…)`. */
export function borrowAssets(borrowShares: bigint, market: MarketState): bigint {
  return toAssetsUp(borrowShares, market.totalBorrowAssets, market.totalBorrowShares);
}

/**
 * `_isHealthy`'s `maxBorrow`: `collateral.mulDivDown(price, ORACLE_PRICE_SCALE).wMulDown(lltv)`, the most
 * loan-token base units the collateral backs at this oracle price.
 */
export function maxBorrow(collateral: bigint, price: bigint, lltv: bigint): bigint {
  return wMulDown(mulDivDown(collateral, price, ORACLE_PRICE_SCALE), lltv);
}

/**
 * `Morpho._isHealthy(marketParams, id, borrower, collateralPrice)`: healthy iff maxBorrow ≥ borrowed, and
 * always healthy without borrow shares. `market` must already be accrued to the moment in question.
 */
export function isHealthy(
  position: { collateral: bigint; borrowShares: bigint },
  market: MarketState,
  price: bigint,
  lltv: bigint,
): boolean {
  if (position.borrowShares === 0n) return true;
  return maxBorrow(position.collateral, price, lltv) >= borrowAssets(position.borrowShares, market);
}

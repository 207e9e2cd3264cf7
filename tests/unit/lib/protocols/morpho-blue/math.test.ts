/**
 * Morpho Blue's integer math (lib/protocols/morpho-blue/math.ts) against values worked out by hand from the
 * Solidity (MathLib, SharesMathLib, Morpho._accrueInterest / _isHealthy / liquidate). The same functions are
 * checked against the real contract in tests/chain/morpho.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  WAD,
  accrueInterest,
  borrowAssets,
  isHealthy,
  liquidationIncentiveFactor,
  maxBorrow,
  mulDivDown,
  mulDivUp,
  toAssetsDown,
  toAssetsUp,
  toSharesDown,
  toSharesUp,
  wDivDown,
  wDivUp,
  wMulDown,
  wTaylorCompounded,
  zeroFloorSub,
  type MarketState,
} from '../../../../../lib/protocols/morpho-blue/math.ts';
import { builtinMorphoMarkets, morphoDeployBlock, normalizeMarketId } from '../../../../../lib/protocols/morpho-blue/index.ts';

describe('Morpho MathLib', () => {
  it('rounds as its name says', () => {
    expect(mulDivDown(7n, 3n, 2n)).toBe(10n);
    expect(mulDivUp(7n, 3n, 2n)).toBe(11n);
    expect(mulDivUp(6n, 3n, 2n)).toBe(9n); // exact: no extra unit
    expect(mulDivUp(0n, 3n, 2n)).toBe(0n);
    expect(wMulDown(WAD / 3n, 3n)).toBe(0n);
    expect(wDivDown(1n, 3n * WAD)).toBe(0n);
    expect(wDivUp(1n, 3n * WAD)).toBe(1n);
    expect(zeroFloorSub(3n, 5n)).toBe(0n);
    expect(() => mulDivDown(1n, 1n, 0n)).toThrow(RangeError);
    expect(() => mulDivUp(1n, 1n, 0n)).toThrow(RangeError);
  });

  it('wTaylorCompounded takes three terms, each rounded down', () => {
    // x·n = 1: 1 + 1/2 + 1/6, the third term floored.
    expect(wTaylorCompounded(WAD, 1n)).toBe(1_666_666_666_666_666_666n);
    // 10 % a year for a year: 0.1 + 0.005 + 0.000166…
    expect(wTaylorCompounded(3_170_979_198n, 31_536_000n)).toBe(105_166_666_653_548_106n);
    expect(wTaylorCompounded(3_170_979_198n, 0n)).toBe(0n);
  });
});

describe('Morpho SharesMathLib', () => {
  it('uses 1e6 virtual shares and 1 virtual asset', () => {
    expect(toSharesDown(1n, 0n, 0n)).toBe(1_000_000n);
    expect(toAssetsUp(1n, 0n, 0n)).toBe(1n);
    expect(toAssetsDown(1n, 0n, 0n)).toBe(0n);
    expect(toSharesUp(1n, 0n, 0n)).toBe(1_000_000n);
    // Debt rounds up, redemption rounds down.
    expect(toAssetsUp(1_000_001n, 100n, 100_000_000n)).toBe(2n);
    expect(toAssetsDown(1_000_001n, 100n, 100_000_000n)).toBe(1n);
  });
});

describe('Morpho liquidation incentive factor', () => {
  it('is min(1.15, 1/(0.3·LLTV + 0.7)) with the contract roundings', () => {
    expect(liquidationIncentiveFactor(770_000_000_000_000_000n)).toBe(1_074_113_856_068_743_286n);
    expect(liquidationIncentiveFactor(860_000_000_000_000_000n)).toBe(1_043_841_336_116_910_229n);
    expect(liquidationIncentiveFactor(915_000_000_000_000_000n)).toBe(1_026_167_265_264_238_070n);
    expect(liquidationIncentiveFactor(945_000_000_000_000_000n)).toBe(1_016_776_817_488_561_260n);
    expect(liquidationIncentiveFactor(0n)).toBe(1_150_000_000_000_000_000n);
  });
});

describe('Morpho _accrueInterest', () => {
  const market: MarketState = {
    totalSupplyAssets: 20_000_000_000_000n,
    totalSupplyShares: 20_000_000_000_000_000_000n,
    totalBorrowAssets: 15_000_000_000n,
    totalBorrowShares: 15_000_000_000_000_000n,
    lastUpdate: 1_000_000n,
    fee: WAD / 10n,
  };

  it('grows borrow and supply by the Taylor-compounded interest and mints fee shares', () => {
    const after = accrueInterest(market, 3_170_979_198n, 1_000_000n + 30n * 86_400n);
    expect(after.totalBorrowAssets).toBe(15_123_795_720n);
    expect(after.totalSupplyAssets).toBe(20_000_123_795_720n);
    expect(after.totalSupplyShares).toBe(20_000_012_379_503_036_172n);
    expect(after.totalBorrowShares).toBe(market.totalBorrowShares);
    expect(after.lastUpdate).toBe(1_000_000n + 30n * 86_400n);
    // The borrower of every share owes the total, plus the virtual-asset rounding.
    expect(borrowAssets(market.totalBorrowShares, after)).toBe(15_123_795_720n);
  });

  it('does nothing at or before lastUpdate, and only moves time without an IRM', () => {
    expect(accrueInterest(market, 3_170_979_198n, market.lastUpdate)).toBe(market);
    const noIrm = accrueInterest(market, undefined, market.lastUpdate + 100n);
    expect(noIrm.totalBorrowAssets).toBe(market.totalBorrowAssets);
    expect(noIrm.lastUpdate).toBe(market.lastUpdate + 100n);
  });
});

describe('Morpho _isHealthy', () => {
  const market: MarketState = {
    totalSupplyAssets: 10n ** 13n,
    totalSupplyShares: 10n ** 19n,
    totalBorrowAssets: 1_000_000_000n,
    totalBorrowShares: 1_000_000_000_000_000n,
    lastUpdate: 1n,
    fee: 0n,
  };
  const lltv = 860_000_000_000_000_000n;
  const price = 2_000n * 10n ** 24n; // 2000 USDC (6) per WETH (18), ×1e36

  it('compares floor(floor(c·p/1e36)·LLTV) with debt rounded up', () => {
    // 1 WETH at 2000 backs 1720 USDC.
    expect(maxBorrow(10n ** 18n, price, lltv)).toBe(1_720_000_000n);
    const shares = 1_720_000_000n * 10n ** 6n; // 1720 USDC worth of shares at 1 share price
    expect(borrowAssets(shares, market)).toBe(1_720_000_000n);
    expect(isHealthy({ collateral: 10n ** 18n, borrowShares: shares }, market, price, lltv)).toBe(true);
    expect(isHealthy({ collateral: 10n ** 18n, borrowShares: shares + 1n }, market, price, lltv)).toBe(false);
    expect(isHealthy({ collateral: 0n, borrowShares: 0n }, market, 0n, lltv)).toBe(true);
  });
});

describe('Morpho markets data', () => {
  it('knows Ethereum and Base and normalizes ids', () => {
    expect(builtinMorphoMarkets.map((m) => m.chainId)).toEqual([1, 8453]);
    expect(morphoDeployBlock(1, '0xbbbbbbbbbb9cc5e90e3b3af64bdaf62c37eeffcb')).toBe(18_883_124n);
    expect(morphoDeployBlock(31337, '0xbbbbbbbbbb9cc5e90e3b3af64bdaf62c37eeffcb')).toBe(0n);
    expect(normalizeMarketId(`0x${'AB'.repeat(32)}`)).toBe(`0x${'ab'.repeat(32)}`);
    expect(() => normalizeMarketId('0x1234')).toThrow(/not a Morpho Blue market id/);
  });
});

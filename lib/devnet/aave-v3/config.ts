/**
 * The devnet Aave market's listing: assets, prices and risk parameters.
 *
 * Parameters sit near Aave's Ethereum v3 market so numbers in tests and demos look familiar, with a few
 * deliberate choices: every reserve is borrowable (so any debt mix can be built), rates have a non-zero base
 * (so interest visibly accrues even at the low utilisation the big liquidity deposit gives), DAI allows stable
 * borrowing (the stable-debt code path exists), and GHOST is an isolated asset with a debt ceiling.
 * Percentages are in basis points (Aave's PercentageMath), rates in ray (1e27 = 100% a year).
 */
export type ReserveSymbol = 'WETH' | 'WBTC' | 'USDC' | 'DAI' | 'GHOST';

export const RESERVE_SYMBOLS: readonly ReserveSymbol[] = ['WETH', 'WBTC', 'USDC', 'DAI', 'GHOST'];

export interface RateStrategySpec {
  optimalUsageRatio: bigint;
  baseVariableBorrowRate: bigint;
  variableRateSlope1: bigint;
  variableRateSlope2: bigint;
  stableRateSlope1: bigint;
  stableRateSlope2: bigint;
  baseStableRateOffset: bigint;
  stableRateExcessOffset: bigint;
  optimalStableToTotalDebtRatio: bigint;
}

export interface ReserveSpec {
  symbol: ReserveSymbol;
  name: string;
  decimals: number;
  /** USD with 8 decimals, the AaveOracle base currency unit. */
  price: bigint;
  ltv: number;
  liquidationThreshold: number;
  /** 10_000 + bonus, e.g. 10_500 for 5%. */
  liquidationBonus: number;
  stableBorrowing: boolean;
  /** USD with 2 decimals; non-zero puts the asset in isolation mode. */
  debtCeiling: bigint;
  borrowableInIsolation: boolean;
  eModeCategory: number;
  rates: RateStrategySpec;
  /** Whole tokens the liquidity provider supplies at deploy. */
  liquidity: bigint;
}

const pct = (p: number): bigint => (BigInt(Math.round(p * 100)) * 10n ** 27n) / 10_000n;

const STABLE_RATES: RateStrategySpec = {
  optimalUsageRatio: pct(90),
  baseVariableBorrowRate: pct(1),
  variableRateSlope1: pct(4),
  variableRateSlope2: pct(60),
  stableRateSlope1: pct(0.5),
  stableRateSlope2: pct(60),
  baseStableRateOffset: pct(1),
  stableRateExcessOffset: pct(8),
  optimalStableToTotalDebtRatio: pct(20),
};

const VOLATILE_RATES: RateStrategySpec = {
  optimalUsageRatio: pct(45),
  baseVariableBorrowRate: pct(1),
  variableRateSlope1: pct(7),
  variableRateSlope2: pct(300),
  stableRateSlope1: pct(7),
  stableRateSlope2: pct(300),
  baseStableRateOffset: pct(2),
  stableRateExcessOffset: pct(5),
  optimalStableToTotalDebtRatio: pct(20),
};

const PRICE = (usd: number): bigint => BigInt(usd) * 10n ** 8n;

// One entry per reserve, each spelling out every parameter (the same shape by design, not repeated logic):
// a test's expectation reads one reserve's setup in one place.
export const RESERVES: Record<ReserveSymbol, ReserveSpec> = {
  WETH: {
    symbol: 'WETH', name: 'Wrapped Ether', decimals: 18, price: PRICE(2000),
    ltv: 8000, liquidationThreshold: 8250, liquidationBonus: 10500,
    stableBorrowing: false, debtCeiling: 0n, borrowableInIsolation: false, eModeCategory: 0,
    rates: VOLATILE_RATES, liquidity: 10_000n,
  },
  WBTC: {
    symbol: 'WBTC', name: 'Wrapped BTC', decimals: 8, price: PRICE(60000),
    ltv: 7000, liquidationThreshold: 7500, liquidationBonus: 10650,
    stableBorrowing: false, debtCeiling: 0n, borrowableInIsolation: false, eModeCategory: 0,
    rates: VOLATILE_RATES, liquidity: 500n,
  },
  USDC: {
    symbol: 'USDC', name: 'USD Coin', decimals: 6, price: PRICE(1),
    ltv: 7700, liquidationThreshold: 8000, liquidationBonus: 10450,
    stableBorrowing: false, debtCeiling: 0n, borrowableInIsolation: true, eModeCategory: 1,
    rates: STABLE_RATES, liquidity: 20_000_000n,
  },
  DAI: {
    symbol: 'DAI', name: 'Dai Stablecoin', decimals: 18, price: PRICE(1),
    ltv: 7500, liquidationThreshold: 7800, liquidationBonus: 10500,
    stableBorrowing: true, debtCeiling: 0n, borrowableInIsolation: true, eModeCategory: 1,
    rates: STABLE_RATES, liquidity: 20_000_000n,
  },
  GHOST: {
    symbol: 'GHOST', name: 'Ghost Token', decimals: 18, price: PRICE(10),
    ltv: 5000, liquidationThreshold: 6000, liquidationBonus: 11000,
    stableBorrowing: false, debtCeiling: 10_000_000_00n, borrowableInIsolation: false, eModeCategory: 0,
    rates: VOLATILE_RATES, liquidity: 1_000_000n,
  },
};

/** Applied to every reserve. */
export const RESERVE_FACTOR = 1000;
export const LIQUIDATION_PROTOCOL_FEE = 1000;

/**
 * E-mode category 1. No category price source (address 0): assets keep their own oracle prices, the
 * simplest case and the one 3.2+ markets are restricted to anyway.
 */
export const STABLECOINS_EMODE = {
  id: 1,
  ltv: 9300,
  liquidationThreshold: 9500,
  liquidationBonus: 10100,
  label: 'Stablecoins',
} as const;

export const MARKET_ID = 'Devnet Aave';

/** Price feeds UiPoolDataProviderV3 needs: native token (ETH) in USD and the reference currency (USD). */
export const ETH_USD_PRICE = PRICE(2000);
export const USD_USD_PRICE = PRICE(1);

/**
 * A Compound III market on the devnet — served by OUR STAND-IN contract (`lib/devnet/contracts/compound/CometStandIn.sol`),
 * NOT by Compound's Comet: no npm package ships Comet's bytecode and the project does not bring Comet's source
 * in. The stand-in answers Comet's public views with Comet's documented math (see the header of the .sol),
 * which is all the guard's reader uses, so the same reader runs unchanged against real Comet.
 *
 * The market: base USDC (6 decimals) at $1, collaterals WETH (18), WBTC (8) and GHOST (18) — the Aave
 * devnet's MintableERC20 tokens, so anyone can mint them — each with its own settable 8-decimal price feed
 * (moving a Comet price does not move Aave's), collateral factors near cUSDCv3's, and a fixed borrow rate so
 * debt accrues with time. This module holds that configuration, the stand-in's ABI and its deployment; what
 * tests do to the market afterwards is `actions.ts`.
 */
import { parseAbi, type Address } from 'viem';
import type { CompoundV3MarketConfig } from '../../protocols/compound-v3/config.ts';
import { RESERVES } from '../aave-v3/config.ts';
import type { AaveV3DevnetLike, ReserveSymbol } from '../aave-v3/deploy.ts';
import { DEVNET_CHAIN_ID } from '../anvil.ts';
import { ANVIL_ACCOUNTS, devnetClientFor, deploymentOf, type Within } from '../chain.ts';
import { Deployer } from '../deployer.ts';
import { compileOwnContracts } from '../solc.ts';
import { mintableErc20Abi } from '../tokens.ts';

export type CometCollateralSymbol = 'WETH' | 'WBTC' | 'GHOST';
export type CometBaseSymbol = 'USDC';
export type CometSymbol = CometBaseSymbol | CometCollateralSymbol;

export const COMET_COLLATERAL_SYMBOLS: readonly CometCollateralSymbol[] = ['WETH', 'WBTC', 'GHOST'];

const FACTOR = (x: number): bigint => BigInt(Math.round(x * 1e6)) * 10n ** 12n; // 0.83 → 0.83e18
const SECONDS_PER_YEAR = 31_536_000n;

/** A yearly rate (0.05 = 5 %) as the stand-in's 1e18-scaled per-second rate (simple, as Comet's). */
export function cometRatePerSecond(yearly: number): bigint {
  return FACTOR(yearly) / SECONDS_PER_YEAR;
}

export interface CometCollateralSpec {
  borrowCollateralFactor: bigint;
  liquidateCollateralFactor: bigint;
  liquidationFactor: bigint;
  /** Token base units. */
  supplyCap: bigint;
}

/** Near cUSDCv3's on Ethereum (WETH 0.825/0.895/0.95, WBTC 0.70/0.77/0.95); GHOST is a riskier asset. */
export const COMET_COLLATERALS: Record<CometCollateralSymbol, CometCollateralSpec> = {
  WETH: { borrowCollateralFactor: FACTOR(0.825), liquidateCollateralFactor: FACTOR(0.895), liquidationFactor: FACTOR(0.95), supplyCap: 1_000_000n * 10n ** 18n },
  WBTC: { borrowCollateralFactor: FACTOR(0.7), liquidateCollateralFactor: FACTOR(0.77), liquidationFactor: FACTOR(0.95), supplyCap: 100_000n * 10n ** 8n },
  GHOST: { borrowCollateralFactor: FACTOR(0.6), liquidateCollateralFactor: FACTOR(0.7), liquidationFactor: FACTOR(0.88), supplyCap: 100_000_000n * 10n ** 18n },
};

export interface CometDevnetToken {
  address: Address;
  symbol: CometSymbol;
  decimals: number;
  /** The stand-in's price feed for this token (its answer is storage slot 0). */
  priceFeed: Address;
  /** Price at deploy, 8 decimals. The `setPrice` action changes the chain, not this field. */
  price: bigint;
}

export type CometDevnetCollateral = CometDevnetToken & CometCollateralSpec & { symbol: CometCollateralSymbol; offset: number };

export interface CometDevnet {
  rpcUrl: string;
  chainId: typeof DEVNET_CHAIN_ID;
  /** The CometStandIn contract (what a markets file calls `comet`). */
  comet: Address;
  /** Sets the rates (anvil account #0). */
  governor: Address;
  base: CometDevnetToken & { symbol: CometBaseSymbol };
  collaterals: Record<CometCollateralSymbol, CometDevnetCollateral>;
  /** Per-second rates at deploy, 1e18-scaled. */
  rates: { supply: bigint; borrow: bigint };
  /** Its markets-file entry (contract 1 of DESIGN.md). */
  market: CompoundV3MarketConfig;
}

/** A `CometDevnet` or anything holding one as `.compound` (the `Devnet` from startDevnet). */
export type CompoundV3DevnetLike = Within<'compound', CometDevnet>;

export interface DeployCometStandInOptions {
  /** Display name in the markets file (default 'Devnet cUSDCv3'). */
  name?: string;
  /** Yearly borrow rate (default 0.05). */
  borrowRate?: number;
  /** Yearly supply rate (default 0.02). */
  supplyRate?: number;
  /** Whole USDC the stand-in holds to lend (default 50 million). */
  baseLiquidity?: bigint;
}

// ---- compile and deploy ------------------------------------------------------------------------------------

/** ABIs and bytecode of the stand-in and its price feed (compiled with solc 0.8.19, cached in .cache/solc). */
export async function cometStandInArtifacts() {
  const contract = await compileOwnContracts('compound/CometStandIn.sol');
  return { comet: contract('CometStandIn'), priceFeed: contract('StandInPriceFeed') };
}

/**
 * Deploy the stand-in next to the devnet's Aave market (whose tokens it reuses) and fund it with USDC to
 * lend. About a dozen transactions, sent back to back.
 */
export async function deployCometStandIn(devnet: AaveV3DevnetLike, opts: DeployCometStandInOptions = {}): Promise<CometDevnet> {
  const aave = deploymentOf(devnet, 'aave');
  const client = devnetClientFor(aave.rpcUrl);
  const governor = ANVIL_ACCOUNTS[0];
  const artifacts = await cometStandInArtifacts();
  const d = await Deployer.create(client, governor);

  const feed = (symbol: ReserveSymbol) =>
    d.deploy(`${symbol} feed`, artifacts.priceFeed.abi, artifacts.priceFeed.bytecode, [RESERVES[symbol].price, `${symbol} / USD`]);
  const baseFeed = await feed('USDC');
  const feeds = {} as Record<CometCollateralSymbol, Address>;
  for (const symbol of COMET_COLLATERAL_SYMBOLS) feeds[symbol] = await feed(symbol);

  const rates = { supply: cometRatePerSecond(opts.supplyRate ?? 0.02), borrow: cometRatePerSecond(opts.borrowRate ?? 0.05) };
  const assetConfigs = COMET_COLLATERAL_SYMBOLS.map((symbol) => ({
    asset: aave.reserves[symbol].address,
    priceFeed: feeds[symbol],
    decimals: RESERVES[symbol].decimals,
    ...COMET_COLLATERALS[symbol],
  }));
  const comet = await d.deploy('CometStandIn', artifacts.comet.abi, artifacts.comet.bytecode, [
    governor,
    aave.reserves.USDC.address,
    baseFeed,
    assetConfigs,
    rates.supply,
    rates.borrow,
  ]);
  const liquidity = (opts.baseLiquidity ?? 50_000_000n) * 10n ** BigInt(RESERVES.USDC.decimals);
  await d.call('fund CometStandIn', aave.reserves.USDC.address, mintableErc20Abi, 'mint', [comet, liquidity]);
  await d.settle();

  const token = <S extends CometSymbol>(symbol: S & ReserveSymbol, priceFeed: Address) => ({
    address: aave.reserves[symbol].address,
    symbol,
    decimals: RESERVES[symbol].decimals,
    priceFeed,
    price: RESERVES[symbol].price,
  });
  const collaterals = {} as Record<CometCollateralSymbol, CometDevnetCollateral>;
  COMET_COLLATERAL_SYMBOLS.forEach((symbol, offset) => {
    collaterals[symbol] = { ...token(symbol, feeds[symbol]), ...COMET_COLLATERALS[symbol], offset };
  });
  return {
    rpcUrl: aave.rpcUrl,
    chainId: DEVNET_CHAIN_ID,
    comet,
    governor,
    base: token('USDC', baseFeed),
    collaterals,
    rates,
    market: { protocol: 'compound-v3', chainId: DEVNET_CHAIN_ID, name: opts.name ?? 'Devnet cUSDCv3', comet },
  };
}

// ---- the stand-in's ABI as the actions use it ------------------------------------------------------------------

/**
 * The functions the actions and tests call, typed. Comet's own views are in
 * `lib/protocols/compound-v3/abi.ts`; `standInLiquidity` and `setRates` are the stand-in's own.
 */
export const cometStandInAbi = parseAbi([
  'function supply(address asset, uint256 amount)',
  'function withdraw(address asset, uint256 amount)',
  'function absorb(address absorber, address[] accounts)',
  'function accrueAccount(address account)',
  'function setRates(uint64 supplyRate, uint64 borrowRate)',
  'function isLiquidatable(address account) view returns (bool)',
  'function isBorrowCollateralized(address account) view returns (bool)',
  'function standInLiquidity(address account) view returns (int256 liquidity, uint256 borrowValue, uint256 weightedCollateral)',
  'function borrowBalanceOf(address account) view returns (uint256)',
  'function balanceOf(address account) view returns (uint256)',
  'function collateralBalanceOf(address account, address asset) view returns (uint128)',
  'function userBasic(address account) view returns (int104 principal, uint64 baseTrackingIndex, uint64 baseTrackingAccrued, uint16 assetsIn, uint8 _reserved)',
  'function baseBorrowIndex() view returns (uint64)',
  'function baseSupplyIndex() view returns (uint64)',
  'function lastAccrualTime() view returns (uint40)',
  'function borrowPerSecondInterestRate() view returns (uint64)',
  'function getPrice(address priceFeed) view returns (uint256)',
  'event AbsorbCollateral(address indexed absorber, address indexed borrower, address indexed asset, uint256 collateralAbsorbed, uint256 usdValue)',
  'event AbsorbDebt(address indexed absorber, address indexed borrower, uint256 basePaidOut, uint256 usdValue)',
  'error BadAsset()',
  'error BadDecimals()',
  'error BadPrice()',
  'error BorrowCFTooLarge()',
  'error LiquidateCFTooLarge()',
  'error NotCollateralized()',
  'error NotLiquidatable()',
  'error SupplyCapExceeded()',
  'error TooManyAssets()',
  'error TransferInFailed()',
  'error TransferOutFailed()',
  'error Unauthorized()',
  'error InsufficientCollateral()',
]);


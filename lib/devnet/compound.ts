/**
 * A Compound III market on the devnet — served by OUR STAND-IN contract (`contracts/compound/CometStandIn.sol`),
 * NOT by Compound's Comet: no npm package ships Comet's bytecode and the project does not bring Comet's source
 * in. The stand-in answers Comet's public views with Comet's documented math (see the header of the .sol),
 * which is all the guard's reader uses, so the same reader runs unchanged against real Comet.
 *
 * The market: base USDC (6 decimals) at $1, collaterals WETH (18), WBTC (8) and GHOST (18) — the Aave
 * devnet's MintableERC20 tokens, so anyone can mint them — each with its own settable 8-decimal price feed
 * (moving a Comet price does not move Aave's), collateral factors near cUSDCv3's, and a fixed borrow rate so
 * debt accrues with time. Every helper takes `(comet, params)` and resolves once its transaction is mined;
 * a refused write throws a `DevnetActionError` with the stand-in's custom error name as `reason`
 * (e.g. 'NotCollateralized'), except `absorb`, which returns `{ ok: false, reason }`.
 */
import {
  formatUnits,
  maxUint256,
  numberToHex,
  padHex,
  parseAbi,
  type Address,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import type { CompoundV3MarketConfig } from '../markets/types.ts';
import { mintableErc20Abi } from './abis.ts';
import type { AaveDevnet, ReserveSymbol } from './aave.ts';
import { RESERVES } from './aave-config.ts';
import { DevnetActionError, refusal, revertReason, type DevnetLike } from './actions.ts';
import { DEVNET_CHAIN_ID } from './anvil.ts';
import { ANVIL_ACCOUNTS, devnetClientFor } from './chain.ts';
import { Deployer } from './deployer.ts';
import { compileOwnContracts } from './solc.ts';

export type CometCollateralSymbol = 'WETH' | 'WBTC' | 'GHOST';
export type CometBaseSymbol = 'USDC';
export type CometSymbol = CometBaseSymbol | CometCollateralSymbol;

export const COMET_COLLATERAL_SYMBOLS: readonly CometCollateralSymbol[] = ['WETH', 'WBTC', 'GHOST'];

const FACTOR = (x: number): bigint => BigInt(Math.round(x * 1e6)) * 10n ** 12n; // 0.83 → 0.83e18
const SECONDS_PER_YEAR = 31_536_000n;

/** A yearly rate (0.05 = 5 %) as the stand-in's 1e18-scaled per-second rate (simple, as Comet's). */
export function ratePerSecond(yearly: number): bigint {
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
  /** Price at deploy, 8 decimals. `setPrice` changes the chain, not this field. */
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
export async function deployCometStandIn(devnet: DevnetLike, opts: DeployCometStandInOptions = {}): Promise<CometDevnet> {
  const aave: AaveDevnet = 'aave' in devnet ? devnet.aave : devnet;
  const client = clientFor(aave.rpcUrl);
  const governor = ANVIL_ACCOUNTS[0];
  const artifacts = await cometStandInArtifacts();
  const d = await Deployer.create(client, governor);

  const feed = (symbol: ReserveSymbol) =>
    d.deploy(`${symbol} feed`, artifacts.priceFeed.abi, artifacts.priceFeed.bytecode, [RESERVES[symbol].price, `${symbol} / USD`]);
  const baseFeed = await feed('USDC');
  const feeds = {} as Record<CometCollateralSymbol, Address>;
  for (const symbol of COMET_COLLATERAL_SYMBOLS) feeds[symbol] = await feed(symbol);

  const rates = { supply: ratePerSecond(opts.supplyRate ?? 0.02), borrow: ratePerSecond(opts.borrowRate ?? 0.05) };
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

// ---- the stand-in's ABI as the helpers use it ------------------------------------------------------------------

/**
 * The functions the helpers and tests call, typed. Comet's own views are in
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

export const standInPriceFeedAbi = parseAbi([
  'function answer() view returns (int256)',
  'function setAnswer(int256 answer)',
  'function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)',
]);

// ---- plumbing ------------------------------------------------------------------------------------------------


const clientFor = devnetClientFor;

const short = (a: Address): string => `${a.slice(0, 6)}…`;

function tokenOf(comet: CometDevnet, symbol: CometSymbol): CometDevnetToken {
  return symbol === 'USDC' ? comet.base : comet.collaterals[symbol];
}

const fmt = (comet: CometDevnet, symbol: CometSymbol, amount: bigint): string =>
  amount === maxUint256 ? `all ${symbol}` : `${formatUnits(amount, tokenOf(comet, symbol).decimals)} ${symbol}`;

interface Write {
  account: Address;
  address: Address;
  abi: readonly unknown[];
  functionName: string;
  args: readonly unknown[];
}

/**
 * A fixed gas limit rather than eth_estimateGas: the estimate runs at the latest block's timestamp, where the
 * stand-in has no interest to accrue, and the transaction one second later must also write the new indices —
 * an estimated limit then runs out of gas. Only used gas is paid.
 */
const WRITE_GAS = 5_000_000n;

/** Simulate (for a decoded revert reason), send, wait for the receipt. */
async function write(comet: CometDevnet, action: string, call: Write): Promise<TransactionReceipt> {
  const client = clientFor(comet.rpcUrl);
  let hash: Hash;
  try {
    const { request } = await client.simulateContract({ ...call, gas: WRITE_GAS } as never);
    hash = await client.writeContract(request as never);
  } catch (error) {
    const reason = revertReason(error);
    const detail = reason === undefined ? ((error as Error).message.split('\n')[0] ?? 'failed') : `reverted with ${reason}`;
    throw new DevnetActionError(action, reason, detail, { cause: error });
  }
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new DevnetActionError(action, undefined, `transaction ${hash} reverted`);
  return receipt;
}

async function tokenBalance(comet: CometDevnet, token: Address, account: Address): Promise<bigint> {
  return clientFor(comet.rpcUrl).readContract({ address: token, abi: mintableErc20Abi, functionName: 'balanceOf', args: [account] });
}

/** Mint what `account` lacks to hold `needed`, and approve the stand-in once for unlimited spending. */
async function prepareSpend(comet: CometDevnet, account: Address, symbol: CometSymbol, needed: bigint): Promise<void> {
  const client = clientFor(comet.rpcUrl);
  const token = tokenOf(comet, symbol).address;
  const have = await tokenBalance(comet, token, account);
  if (have < needed) {
    await write(comet, `fund ${short(account)} with ${fmt(comet, symbol, needed - have)}`, {
      account, address: token, abi: mintableErc20Abi, functionName: 'mint', args: [needed - have],
    });
  }
  const allowance = await client.readContract({ address: token, abi: mintableErc20Abi, functionName: 'allowance', args: [account, comet.comet] });
  if (allowance >= needed) return;
  await write(comet, `approve ${symbol} for ${short(account)}`, {
    account, address: token, abi: mintableErc20Abi, functionName: 'approve', args: [comet.comet, maxUint256],
  });
}

// ---- positions ----------------------------------------------------------------------------------------------

/** Supply collateral (minting it to the account first unless `fund: false`). `amount` in base units. */
export async function supplyCollateral(
  comet: CometDevnet,
  p: { account: Address; symbol: CometCollateralSymbol; amount: bigint; fund?: boolean },
): Promise<TransactionReceipt> {
  if (p.fund ?? true) await prepareSpend(comet, p.account, p.symbol, p.amount);
  return write(comet, `supply ${fmt(comet, p.symbol, p.amount)} from ${short(p.account)}`, {
    account: p.account, address: comet.comet, abi: cometStandInAbi, functionName: 'supply', args: [comet.collaterals[p.symbol].address, p.amount],
  });
}

/** Withdraw collateral; reverts 'NotCollateralized' when the borrow would no longer be covered. */
export function withdraw(
  comet: CometDevnet,
  p: { account: Address; symbol: CometCollateralSymbol; amount: bigint },
): Promise<TransactionReceipt> {
  return write(comet, `withdraw ${fmt(comet, p.symbol, p.amount)} for ${short(p.account)}`, {
    account: p.account, address: comet.comet, abi: cometStandInAbi, functionName: 'withdraw', args: [comet.collaterals[p.symbol].address, p.amount],
  });
}

/** Borrow the base token (Comet's `withdraw(baseToken, amount)`). */
export function borrow(comet: CometDevnet, p: { account: Address; amount: bigint }): Promise<TransactionReceipt> {
  return write(comet, `borrow ${fmt(comet, 'USDC', p.amount)} for ${short(p.account)}`, {
    account: p.account, address: comet.comet, abi: cometStandInAbi, functionName: 'withdraw', args: [comet.base.address, p.amount],
  });
}

/**
 * Repay base debt (Comet's `supply(baseToken, amount)`); `maxUint256` repays exactly the accrued debt. The
 * account is minted what it lacks unless `fund: false` (with a 0.01 % margin for interest on `maxUint256`).
 */
export async function repay(comet: CometDevnet, p: { account: Address; amount: bigint; fund?: boolean }): Promise<TransactionReceipt> {
  if (p.fund ?? true) {
    const needed = p.amount === maxUint256 ? withMargin(await borrowBalance(comet, { account: p.account })) : p.amount;
    await prepareSpend(comet, p.account, 'USDC', needed);
  }
  return write(comet, `repay ${fmt(comet, 'USDC', p.amount)} for ${short(p.account)}`, {
    account: p.account, address: comet.comet, abi: cometStandInAbi, functionName: 'supply', args: [comet.base.address, p.amount],
  });
}

/** Supply the base token beyond any debt: a lender's position (minted first unless `fund: false`). */
export async function supplyBase(comet: CometDevnet, p: { account: Address; amount: bigint; fund?: boolean }): Promise<TransactionReceipt> {
  if (p.fund ?? true) await prepareSpend(comet, p.account, 'USDC', p.amount);
  return write(comet, `supply ${fmt(comet, 'USDC', p.amount)} from ${short(p.account)}`, {
    account: p.account, address: comet.comet, abi: cometStandInAbi, functionName: 'supply', args: [comet.base.address, p.amount],
  });
}

const withMargin = (x: bigint): bigint => x + x / 10_000n + 1n;

export interface OpenCometPositionParams {
  account: Address;
  /** Collateral to mint and supply, base units. */
  collateral?: Partial<Record<CometCollateralSymbol, bigint>>;
  /** Base to borrow, base units. */
  borrow?: bigint;
}

/** Supply collaterals, then borrow: a position in one call. */
export async function openPosition(comet: CometDevnet, p: OpenCometPositionParams): Promise<void> {
  for (const symbol of COMET_COLLATERAL_SYMBOLS) {
    const amount = p.collateral?.[symbol];
    if (amount) await supplyCollateral(comet, { account: p.account, symbol, amount });
  }
  if (p.borrow) await borrow(comet, { account: p.account, amount: p.borrow });
}

export type AbsorbResult = { ok: true; receipt: TransactionReceipt } | { ok: false; reason: string };

/**
 * Absorb accounts, returning `{ ok: false, reason }` when the stand-in refuses (e.g. 'NotLiquidatable') instead
 * of throwing, since that refusal is an outcome tests assert on. Other failures still throw.
 */
export async function absorb(comet: CometDevnet, p: { accounts: readonly Address[]; absorber?: Address }): Promise<AbsorbResult> {
  const client = clientFor(comet.rpcUrl);
  const absorber = p.absorber ?? ANVIL_ACCOUNTS[9];
  const call = { account: absorber, address: comet.comet, abi: cometStandInAbi, functionName: 'absorb', args: [absorber, p.accounts] } as const;
  const refused = await refusal(client, call);
  if (refused !== undefined) return { ok: false, reason: refused };
  return { ok: true, receipt: await write(comet, `absorb ${p.accounts.map(short).join(', ')}`, call) };
}

// ---- prices, time and rates --------------------------------------------------------------------------------------

/**
 * Set a token's price in the market (8 decimals) by writing its feed's answer (storage slot 0): no block is
 * mined, so positions are compared at the same block before and after. Negative answers are written in two's
 * complement (Comet's getPrice then reverts BadPrice).
 */
export async function setPrice(comet: CometDevnet, p: { symbol: CometSymbol; price: bigint }): Promise<void> {
  const word = p.price < 0n ? (1n << 256n) + p.price : p.price;
  await clientFor(comet.rpcUrl).setStorageAt({
    address: tokenOf(comet, p.symbol).priceFeed, index: 0, value: padHex(numberToHex(word), { size: 32 }) as Hex,
  });
}

/** The stand-in's `getPrice` for a token (reverts BadPrice for a non-positive answer). */
export function getPrice(comet: CometDevnet, p: { symbol: CometSymbol; blockNumber?: bigint }): Promise<bigint> {
  return clientFor(comet.rpcUrl).readContract({
    address: comet.comet, abi: cometStandInAbi, functionName: 'getPrice', args: [tokenOf(comet, p.symbol).priceFeed], blockNumber: p.blockNumber,
  });
}

/** Move time forward and mine a block: debt grows by `seconds` of interest (visible in borrowBalanceOf at once). */
export async function advanceTime(comet: CometDevnet, p: { seconds: number | bigint }): Promise<void> {
  const client = clientFor(comet.rpcUrl);
  await client.increaseTime({ seconds: Number(p.seconds) });
  await client.mine({ blocks: 1 });
}

/** Accrue the indices to a new block (Comet's `accrueAccount`), so `isLiquidatable` sees today's debt. */
export function accrue(comet: CometDevnet, p: { account?: Address } = {}): Promise<TransactionReceipt> {
  const from = p.account ?? comet.governor;
  return write(comet, 'accrue', { account: from, address: comet.comet, abi: cometStandInAbi, functionName: 'accrueAccount', args: [from] });
}

/** Set the yearly supply and borrow rates (accrues at the old rates first). */
export function setRates(comet: CometDevnet, p: { borrowRate: number; supplyRate?: number }): Promise<TransactionReceipt> {
  return write(comet, `set rates ${p.supplyRate ?? 0}/${p.borrowRate}`, {
    account: comet.governor, address: comet.comet, abi: cometStandInAbi, functionName: 'setRates',
    args: [ratePerSecond(p.supplyRate ?? 0), ratePerSecond(p.borrowRate)],
  });
}

// ---- reads ---------------------------------------------------------------------------------------------------------

/** `borrowBalanceOf`: the debt accrued to the block. */
export function borrowBalance(comet: CometDevnet, p: { account: Address; blockNumber?: bigint }): Promise<bigint> {
  return clientFor(comet.rpcUrl).readContract({
    address: comet.comet, abi: cometStandInAbi, functionName: 'borrowBalanceOf', args: [p.account], blockNumber: p.blockNumber,
  });
}

/** `isLiquidatable`, Comet's own verdict (at the index as last accrued: call `accrue` first for today's). */
export function isLiquidatable(comet: CometDevnet, p: { account: Address; blockNumber?: bigint }): Promise<boolean> {
  return clientFor(comet.rpcUrl).readContract({
    address: comet.comet, abi: cometStandInAbi, functionName: 'isLiquidatable', args: [p.account], blockNumber: p.blockNumber,
  });
}

export interface CometLiquidity {
  /** weightedCollateral - borrowValue; negative = liquidatable. Quote units with 8 decimals. */
  liquidity: bigint;
  borrowValue: bigint;
  weightedCollateral: bigint;
}

/** The numbers behind `isLiquidatable` (the stand-in's `standInLiquidity`, not a Comet function). */
export async function liquidity(comet: CometDevnet, p: { account: Address; blockNumber?: bigint }): Promise<CometLiquidity> {
  const [l, borrowValue, weightedCollateral] = await clientFor(comet.rpcUrl).readContract({
    address: comet.comet, abi: cometStandInAbi, functionName: 'standInLiquidity', args: [p.account], blockNumber: p.blockNumber,
  });
  return { liquidity: l, borrowValue, weightedCollateral };
}

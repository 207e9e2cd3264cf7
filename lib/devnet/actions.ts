/**
 * What a test or demo does to the devnet Aave market: fund, supply, borrow, move prices and time, liquidate.
 *
 * Every action takes `(devnet, params)` and resolves after its transaction is mined. Writes are simulated
 * first (eth_call) so a revert surfaces as a `DevnetActionError` naming the action and Aave's error code with
 * its name, e.g. `borrow 1000 USDC for 0x7099…: reverted with 36 (COLLATERAL_CANNOT_COVER_NEW_BORROW)`.
 * Accounts are anvil's unlocked dev accounts (see ANVIL_ACCOUNTS), given by address.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  BaseError,
  ContractFunctionRevertedError,
  formatUnits,
  maxUint256,
  numberToHex,
  padHex,
  parseUnits,
  type Abi,
  type Address,
  type Hash,
  type TransactionReceipt,
} from 'viem';
import { dataProviderAbi, mintableErc20Abi, oracleAbi, poolAbi } from './abis.ts';
import type { AaveDevnet, ReserveSymbol } from './aave.ts';
import { RESERVES } from './aave-config.ts';
import { devnetClientFor, type DevnetClient } from './chain.ts';

/** An `AaveDevnet` or anything holding one (the `Devnet` from startDevnet). */
export type DevnetLike = AaveDevnet | { aave: AaveDevnet };

export type RateMode = 'variable' | 'stable';

export class DevnetActionError extends Error {
  override name = 'DevnetActionError';
  /** The revert reason (Aave error code such as '36'), when the chain gave one. */
  readonly reason: string | undefined;
  constructor(action: string, reason: string | undefined, detail: string, opts?: { cause?: unknown }) {
    super(`${action}: ${detail}`, opts);
    this.reason = reason;
  }
}

// ---- plumbing ---------------------------------------------------------------------------------------------

function context(devnet: DevnetLike): { aave: AaveDevnet; client: DevnetClient } {
  const aave = 'aave' in devnet ? devnet.aave : devnet;
  return { aave, client: devnetClientFor(aave.rpcUrl) };
}

const short = (a: Address): string => `${a.slice(0, 6)}…`;
const fmt = (symbol: ReserveSymbol, amount: bigint): string =>
  amount === maxUint256 ? `all ${symbol}` : `${formatUnits(amount, RESERVES[symbol].decimals)} ${symbol}`;

/** `toUnits('USDC', '1500.5')` → 1500500000n: human amounts in a reserve's base units. */
export function toUnits(symbol: ReserveSymbol, amount: string | number): bigint {
  return parseUnits(String(amount), RESERVES[symbol].decimals);
}

let errorNames: Map<string, string> | undefined;

/** Aave's error codes are bare numbers ('45'); Errors.sol, shipped in @aave/core-v3, has their names. */
export function aaveErrorName(code: string): string | undefined {
  if (!errorNames) {
    errorNames = new Map();
    try {
      const file = createRequire(import.meta.url).resolve('@aave/core-v3/contracts/protocol/libraries/helpers/Errors.sol');
      for (const m of readFileSync(file, 'utf8').matchAll(/constant\s+(\w+)\s*=\s*'(\d+)'/g)) errorNames.set(m[2]!, m[1]!);
    } catch {
      // names are a nicety; codes still work
    }
  }
  return errorNames.get(code);
}

/** The revert reason in a viem error (the `Error(string)` message or custom error name), if any. */
export function revertReason(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  return reverted.reason ?? reverted.data?.errorName;
}

/**
 * Simulate a call a test expects may be refused (a liquidation of a healthy position): the decoded revert
 * reason when the contract refuses, undefined when it would succeed. Any other failure still throws.
 */
export async function refusal(client: DevnetClient, call: Write): Promise<string | undefined> {
  try {
    await client.simulateContract(call as never);
    return undefined;
  } catch (error) {
    const reason = revertReason(error);
    if (reason !== undefined) return reason;
    throw error;
  }
}

export interface Write {
  account: Address;
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

const WRITE_GAS_LIMIT = 5_000_000n;

/** Simulate (to get a decoded revert reason), send, wait for the receipt. */
async function write(devnet: DevnetLike, action: string, call: Write): Promise<TransactionReceipt> {
  const { client } = context(devnet);
  let hash: Hash;
  try {
    const { request } = await client.simulateContract(call as never);
    // A fixed, generous gas limit: anvil's estimate for Aave's supply sometimes lands a few thousand gas
    // short (the 63/64 rule on nested calls), and the transaction then reverts out of gas.
    hash = await client.writeContract({ ...(request as object), gas: WRITE_GAS_LIMIT } as never);
  } catch (error) {
    const reason = revertReason(error);
    if (reason === undefined) {
      throw new DevnetActionError(action, undefined, (error as Error).message.split('\n')[0] ?? 'failed', { cause: error });
    }
    const name = aaveErrorName(reason);
    throw new DevnetActionError(action, reason, `reverted with ${reason}${name ? ` (${name})` : ''}`, { cause: error });
  }
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new DevnetActionError(action, undefined, `transaction ${hash} reverted`);
  return receipt;
}

async function balanceOf(devnet: DevnetLike, token: Address, account: Address): Promise<bigint> {
  return context(devnet).client.readContract({ address: token, abi: mintableErc20Abi, functionName: 'balanceOf', args: [account] });
}

/** Approve the Pool for unlimited spending once, so repeated supplies and repays need no new approval. */
async function ensureAllowance(devnet: DevnetLike, account: Address, symbol: ReserveSymbol, needed: bigint): Promise<void> {
  const { aave, client } = context(devnet);
  const token = aave.reserves[symbol].address;
  const allowance = await client.readContract({ address: token, abi: mintableErc20Abi, functionName: 'allowance', args: [account, aave.addresses.pool] });
  if (allowance >= needed) return;
  await write(devnet, `approve ${symbol} for ${short(account)}`, {
    account, address: token, abi: mintableErc20Abi, functionName: 'approve', args: [aave.addresses.pool, maxUint256],
  });
}

/** Mint whatever `account` lacks to hold `needed` of `symbol`. */
async function topUp(devnet: DevnetLike, account: Address, symbol: ReserveSymbol, needed: bigint): Promise<void> {
  const have = await balanceOf(devnet, context(devnet).aave.reserves[symbol].address, account);
  if (have < needed) await fund(devnet, { account, symbol, amount: needed - have });
}

const rateModeNumber = (mode: RateMode = 'variable'): bigint => (mode === 'stable' ? 1n : 2n);

// ---- tokens and the Pool -----------------------------------------------------------------------------------

/** Mint test tokens (MintableERC20.mint, called by the account itself). `amount` in base units. */
export function fund(devnet: DevnetLike, p: { account: Address; symbol: ReserveSymbol; amount: bigint }): Promise<TransactionReceipt> {
  return write(devnet, `fund ${short(p.account)} with ${fmt(p.symbol, p.amount)}`, {
    account: p.account, address: context(devnet).aave.reserves[p.symbol].address, abi: mintableErc20Abi, functionName: 'mint', args: [p.amount],
  });
}

/** Supply from the account's balance (approving the Pool if needed). Fund first, or use openPosition. */
export async function supply(
  devnet: DevnetLike,
  p: { account: Address; symbol: ReserveSymbol; amount: bigint; onBehalfOf?: Address },
): Promise<TransactionReceipt> {
  const { aave } = context(devnet);
  await ensureAllowance(devnet, p.account, p.symbol, p.amount);
  return write(devnet, `supply ${fmt(p.symbol, p.amount)} from ${short(p.account)}`, {
    account: p.account, address: aave.addresses.pool, abi: poolAbi, functionName: 'supply',
    args: [aave.reserves[p.symbol].address, p.amount, p.onBehalfOf ?? p.account, 0],
  });
}

/** Withdraw; `amount: maxUint256` withdraws everything. */
export function withdraw(
  devnet: DevnetLike,
  p: { account: Address; symbol: ReserveSymbol; amount: bigint; to?: Address },
): Promise<TransactionReceipt> {
  const { aave } = context(devnet);
  return write(devnet, `withdraw ${fmt(p.symbol, p.amount)} for ${short(p.account)}`, {
    account: p.account, address: aave.addresses.pool, abi: poolAbi, functionName: 'withdraw',
    args: [aave.reserves[p.symbol].address, p.amount, p.to ?? p.account],
  });
}

/** Borrow at the variable rate (or stable: only DAI allows it on the devnet). */
export function borrow(
  devnet: DevnetLike,
  p: { account: Address; symbol: ReserveSymbol; amount: bigint; rateMode?: RateMode; onBehalfOf?: Address },
): Promise<TransactionReceipt> {
  const { aave } = context(devnet);
  return write(devnet, `borrow ${fmt(p.symbol, p.amount)} (${p.rateMode ?? 'variable'}) for ${short(p.account)}`, {
    account: p.account, address: aave.addresses.pool, abi: poolAbi, functionName: 'borrow',
    args: [aave.reserves[p.symbol].address, p.amount, rateModeNumber(p.rateMode), 0, p.onBehalfOf ?? p.account],
  });
}

/**
 * Repay; `amount: maxUint256` repays the whole debt of that rate mode. With `fund: true` the account is first
 * minted what it lacks (interest makes the exact amount hard to know in advance).
 */
export async function repay(
  devnet: DevnetLike,
  p: { account: Address; symbol: ReserveSymbol; amount: bigint; rateMode?: RateMode; onBehalfOf?: Address; fund?: boolean },
): Promise<TransactionReceipt> {
  const { aave } = context(devnet);
  const reserve = aave.reserves[p.symbol];
  const onBehalfOf = p.onBehalfOf ?? p.account;
  if (p.fund) {
    const debtToken = p.rateMode === 'stable' ? reserve.stableDebtToken : reserve.variableDebtToken;
    const debt = await balanceOf(devnet, debtToken, onBehalfOf);
    // One block of interest may accrue between this read and the repay: a 0.01% margin covers it.
    await topUp(devnet, p.account, p.symbol, p.amount === maxUint256 ? debt + debt / 10_000n + 1n : p.amount);
  }
  await ensureAllowance(devnet, p.account, p.symbol, p.amount);
  return write(devnet, `repay ${fmt(p.symbol, p.amount)} for ${short(onBehalfOf)}`, {
    account: p.account, address: aave.addresses.pool, abi: poolAbi, functionName: 'repay',
    args: [reserve.address, p.amount, rateModeNumber(p.rateMode), onBehalfOf],
  });
}

/** Enter (1 = Stablecoins) or leave (0) an e-mode category. */
export function setEMode(devnet: DevnetLike, p: { account: Address; categoryId: number }): Promise<TransactionReceipt> {
  return write(devnet, `set e-mode ${p.categoryId} for ${short(p.account)}`, {
    account: p.account, address: context(devnet).aave.addresses.pool, abi: poolAbi, functionName: 'setUserEMode', args: [p.categoryId],
  });
}

/**
 * Turn a supplied asset's collateral use on or off. Needed for GHOST: in Aave 3.0.2 supplying an isolated
 * asset never enables it as collateral automatically (only holders of ISOLATED_COLLATERAL_SUPPLIER_ROLE).
 */
export function setUseAsCollateral(
  devnet: DevnetLike,
  p: { account: Address; symbol: ReserveSymbol; enabled: boolean },
): Promise<TransactionReceipt> {
  const { aave } = context(devnet);
  return write(devnet, `${p.enabled ? 'enable' : 'disable'} ${p.symbol} as collateral for ${short(p.account)}`, {
    account: p.account, address: aave.addresses.pool, abi: poolAbi, functionName: 'setUserUseReserveAsCollateral',
    args: [aave.reserves[p.symbol].address, p.enabled],
  });
}

export interface LiquidationParams {
  liquidator: Address;
  user: Address;
  collateral: ReserveSymbol;
  debt: ReserveSymbol;
  /** Base units of the debt asset; `maxUint256` = as much as the close factor allows. */
  debtToCover: bigint;
  /** Take aTokens instead of the underlying collateral (default false). */
  receiveAToken?: boolean;
  /** Mint the liquidator the debt asset it lacks (default true). */
  fund?: boolean;
}

export type LiquidationResult =
  | { ok: true; receipt: TransactionReceipt; debtRepaid: bigint; collateralReceived: bigint }
  | { ok: false; reason: string };

/**
 * Liquidate, returning `{ ok: false, reason }` when the Pool refuses (e.g. '45': health factor not below
 * 1) instead of throwing, since that refusal is an outcome tests assert on. Other failures still throw.
 */
export async function liquidate(devnet: DevnetLike, p: LiquidationParams): Promise<LiquidationResult> {
  const { aave, client } = context(devnet);
  const debtReserve = aave.reserves[p.debt];
  const collateralReserve = aave.reserves[p.collateral];
  const receiveAToken = p.receiveAToken ?? false;
  const collateralToken = receiveAToken ? collateralReserve.aToken : collateralReserve.address;

  let needed = p.debtToCover;
  if (needed === maxUint256) {
    const [variable, stable] = await Promise.all([
      balanceOf(devnet, debtReserve.variableDebtToken, p.user),
      // 3.2+ has no stable debt token (address 0)
      /^0x0{40}$/.test(debtReserve.stableDebtToken) ? 0n : balanceOf(devnet, debtReserve.stableDebtToken, p.user),
    ]);
    needed = variable + stable + 1n;
  }
  if (p.fund ?? true) await topUp(devnet, p.liquidator, p.debt, needed);
  await ensureAllowance(devnet, p.liquidator, p.debt, needed);

  const call = {
    account: p.liquidator, address: aave.addresses.pool, abi: poolAbi, functionName: 'liquidationCall',
    args: [collateralReserve.address, debtReserve.address, p.user, p.debtToCover, receiveAToken],
  } as const;
  const refused = await refusal(client, call);
  if (refused !== undefined) return { ok: false, reason: refused };
  const [debtBefore, collateralBefore] = await Promise.all([
    balanceOf(devnet, debtReserve.address, p.liquidator),
    balanceOf(devnet, collateralToken, p.liquidator),
  ]);
  const receipt = await write(devnet, `liquidate ${short(p.user)} (${p.collateral}/${p.debt})`, call);
  const [debtAfter, collateralAfter] = await Promise.all([
    balanceOf(devnet, debtReserve.address, p.liquidator),
    balanceOf(devnet, collateralToken, p.liquidator),
  ]);
  return { ok: true, receipt, debtRepaid: debtBefore - debtAfter, collateralReceived: collateralAfter - collateralBefore };
}

// ---- oracle and time ---------------------------------------------------------------------------------------

/**
 * Set an asset's oracle price (USD, 8 decimals) by writing the MockAggregator's answer, its storage slot 0.
 * MockAggregator has no setter; one storage write beats deploying a new feed and re-pointing AaveOracle.
 */
export async function setPrice(devnet: DevnetLike, p: { symbol: ReserveSymbol; price: bigint }): Promise<void> {
  const { aave, client } = context(devnet);
  // int256 in two's complement, so a negative answer (which AaveOracle treats as invalid) can be tested too.
  const word = p.price < 0n ? (1n << 256n) + p.price : p.price;
  await client.setStorageAt({ address: aave.reserves[p.symbol].aggregator, index: 0, value: padHex(numberToHex(word), { size: 32 }) });
}

/** AaveOracle's price for an asset (USD, 8 decimals). */
export function getPrice(devnet: DevnetLike, p: { symbol: ReserveSymbol }): Promise<bigint> {
  const { aave, client } = context(devnet);
  return client.readContract({ address: aave.addresses.oracle, abi: oracleAbi, functionName: 'getAssetPrice', args: [aave.reserves[p.symbol].address] });
}

/** Move time forward and mine a block, so interest accrues by exactly `seconds` on the next interaction. */
export async function advanceTime(devnet: DevnetLike, p: { seconds: number | bigint }): Promise<void> {
  const { client } = context(devnet);
  await client.increaseTime({ seconds: Number(p.seconds) });
  await client.mine({ blocks: 1 });
}

/** Fix the next block's timestamp (unix seconds), e.g. to make interest exactly predictable. */
export async function pinNextTimestamp(devnet: DevnetLike, p: { timestamp: number | bigint }): Promise<void> {
  await context(devnet).client.setNextBlockTimestamp({ timestamp: BigInt(p.timestamp) });
}

/** evm_snapshot: returns an id to pass to `revertTo`. */
export function snapshot(devnet: DevnetLike): Promise<`0x${string}`> {
  return context(devnet).client.snapshot();
}

/** evm_revert to a snapshot (each id can be reverted to once). */
export async function revertTo(devnet: DevnetLike, p: { id: `0x${string}` }): Promise<void> {
  await context(devnet).client.revert({ id: p.id });
}

// ---- reads ---------------------------------------------------------------------------------------------------

export interface UserAccountData {
  /** USD, 8 decimals. */
  totalCollateralBase: bigint;
  totalDebtBase: bigint;
  availableBorrowsBase: bigint;
  /** Basis points. */
  currentLiquidationThreshold: bigint;
  ltv: bigint;
  /** 18 decimals; maxUint256 without debt. */
  healthFactor: bigint;
}

/** The Pool's `getUserAccountData`, named. */
export async function getUserAccountData(devnet: DevnetLike, p: { user: Address }): Promise<UserAccountData> {
  const { aave, client } = context(devnet);
  const [totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor] =
    await client.readContract({ address: aave.addresses.pool, abi: poolAbi, functionName: 'getUserAccountData', args: [p.user] });
  return { totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor };
}

/** AaveProtocolDataProvider's per-reserve view of a user: balances, debts, whether used as collateral. */
export async function getUserReserve(devnet: DevnetLike, p: { user: Address; symbol: ReserveSymbol }) {
  const { aave, client } = context(devnet);
  const r = await client.readContract({
    address: aave.addresses.protocolDataProvider, abi: dataProviderAbi, functionName: 'getUserReserveData',
    args: [aave.reserves[p.symbol].address, p.user],
  });
  return {
    aTokenBalance: r[0],
    stableDebt: r[1],
    variableDebt: r[2],
    usageAsCollateralEnabled: r[8],
  };
}

// ---- positions -------------------------------------------------------------------------------------------------

export type BorrowSpec = bigint | { amount: bigint; rateMode: RateMode };

export interface OpenPositionParams {
  account: Address;
  /** Minted, then supplied (base units). */
  supply?: Partial<Record<ReserveSymbol, bigint>>;
  /** Explicit collateral switches, applied after supplying (e.g. `{ GHOST: true }` for isolation mode). */
  collateral?: Partial<Record<ReserveSymbol, boolean>>;
  /** E-mode category to enter before borrowing. */
  eMode?: number;
  /** Borrowed last, variable rate unless `{ amount, rateMode: 'stable' }`. */
  borrow?: Partial<Record<ReserveSymbol, BorrowSpec>>;
}

/** Build a position in one call: fund + supply, collateral switches, e-mode, borrows. Returns the account data. */
export async function openPosition(devnet: DevnetLike, p: OpenPositionParams): Promise<UserAccountData> {
  const { account } = p;
  for (const [symbol, amount] of entries(p.supply)) {
    await fund(devnet, { account, symbol, amount });
    await supply(devnet, { account, symbol, amount });
  }
  for (const [symbol, enabled] of entries(p.collateral)) await setUseAsCollateral(devnet, { account, symbol, enabled });
  if (p.eMode !== undefined) await setEMode(devnet, { account, categoryId: p.eMode });
  for (const [symbol, spec] of entries(p.borrow)) {
    const { amount, rateMode } = typeof spec === 'bigint' ? { amount: spec, rateMode: 'variable' as const } : spec;
    await borrow(devnet, { account, symbol, amount, rateMode });
  }
  return getUserAccountData(devnet, { user: account });
}

function entries<T>(record: Partial<Record<ReserveSymbol, T>> | undefined): [ReserveSymbol, T][] {
  return Object.entries(record ?? {}).filter((e): e is [ReserveSymbol, T] => e[1] !== undefined);
}

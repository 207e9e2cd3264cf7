/**
 * What a test or demo does to a devnet Aave v3 market (the 3.0.2 one or the 3.6 one, same shape): fund,
 * supply, borrow, repay, withdraw, move prices, liquidate, and the Pool's views of an account.
 *
 * Every action takes `(devnet, params)`, where `devnet` is an `AaveDevnet` or the `Devnet` holding one as
 * `.aave`, and resolves after its transaction is mined (through `../write.ts`: a revert throws a
 * `DevnetActionError` naming the action and Aave's error code with its name). Unlike the other protocols'
 * `supply`, Aave's spends what the account holds (call `fund` first, or use `openPosition`): tests of Aave's
 * own balance checks need that. Accounts are anvil's unlocked dev accounts (see ANVIL_ACCOUNTS), by address.
 * Time and snapshots are protocol-free: `../chain-actions.ts`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatUnits, maxUint256, numberToHex, padHex, parseUnits, type Address, type TransactionReceipt } from 'viem';
import { approveOnce, balanceOf, mint, mintLacking } from '../tokens.ts';
import { reach } from '../chain.ts';
import { refusal, short, write as send, type WriteCall } from '../write.ts';
import { dataProviderAbi, oracleAbi, poolAbi } from './abis.ts';
import { RESERVES } from './config.ts';
import type { AaveV3DevnetLike, ReserveSymbol } from './deploy.ts';

export type RateMode = 'variable' | 'stable';

// ---- plumbing ---------------------------------------------------------------------------------------------

const context = (devnet: AaveV3DevnetLike) => reach(devnet, 'aave');

const fmt = (symbol: ReserveSymbol, amount: bigint): string =>
  amount === maxUint256 ? `all ${symbol}` : `${formatUnits(amount, RESERVES[symbol].decimals)} ${symbol}`;

/** `toUnits('USDC', '1500.5')` → 1500500000n: human amounts in a reserve's base units. */
export function toUnits(symbol: ReserveSymbol, amount: string | number): bigint {
  return parseUnits(String(amount), RESERVES[symbol].decimals);
}

let errorNames: Map<string, string> | undefined;

/** Aave's error codes are bare numbers ('45'); Errors.sol, shipped in @aave/core-v3, has their names. */
export function errorName(code: string): string | undefined {
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

async function write(devnet: AaveV3DevnetLike, action: string, call: WriteCall): Promise<TransactionReceipt> {
  return (await send(context(devnet).client, action, call, { reasonName: errorName })).receipt;
}

/** Approve the Pool once (unlimited), so repeated supplies and repays need no new approval. */
function approvePool(devnet: AaveV3DevnetLike, account: Address, symbol: ReserveSymbol, amount: bigint): Promise<void> {
  const { aave, client } = context(devnet);
  return approveOnce(client, { account, token: aave.reserves[symbol].address, spender: aave.addresses.pool, amount });
}

/** Mint whatever `account` lacks to hold `amount` of `symbol`. */
function topUp(devnet: AaveV3DevnetLike, account: Address, symbol: ReserveSymbol, amount: bigint): Promise<void> {
  const { aave, client } = context(devnet);
  return mintLacking(client, { account, token: aave.reserves[symbol].address, amount });
}

const rateModeNumber = (mode: RateMode = 'variable'): bigint => (mode === 'stable' ? 1n : 2n);

// ---- tokens and the Pool -----------------------------------------------------------------------------------

/**
 * Mint test tokens (MintableERC20.mint, called by the account itself; `amount` in base units) and let the
 * Pool spend them, so a `supply` or `repay` that follows is one transaction: tests that pin the next
 * block's timestamp to a read's need the action to be the only block after it (a separate approval
 * would be mined first and move the action to a later second, accruing interest).
 */
export async function fund(devnet: AaveV3DevnetLike, p: { account: Address; symbol: ReserveSymbol; amount: bigint }): Promise<void> {
  const { aave, client } = context(devnet);
  await mint(client, { account: p.account, token: aave.reserves[p.symbol].address, amount: p.amount, label: `fund ${short(p.account)} with ${fmt(p.symbol, p.amount)}` });
  await approvePool(devnet, p.account, p.symbol, p.amount);
}

/** Supply from the account's balance (approving the Pool if needed). Fund first, or use openPosition. */
export async function supply(
  devnet: AaveV3DevnetLike,
  p: { account: Address; symbol: ReserveSymbol; amount: bigint; onBehalfOf?: Address },
): Promise<TransactionReceipt> {
  const { aave } = context(devnet);
  await approvePool(devnet, p.account, p.symbol, p.amount);
  return write(devnet, `supply ${fmt(p.symbol, p.amount)} from ${short(p.account)}`, {
    account: p.account, address: aave.addresses.pool, abi: poolAbi, functionName: 'supply',
    args: [aave.reserves[p.symbol].address, p.amount, p.onBehalfOf ?? p.account, 0],
  });
}

/** Withdraw; `amount: maxUint256` withdraws everything. */
export function withdraw(
  devnet: AaveV3DevnetLike,
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
  devnet: AaveV3DevnetLike,
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
  devnet: AaveV3DevnetLike,
  p: { account: Address; symbol: ReserveSymbol; amount: bigint; rateMode?: RateMode; onBehalfOf?: Address; fund?: boolean },
): Promise<TransactionReceipt> {
  const { aave } = context(devnet);
  const reserve = aave.reserves[p.symbol];
  const onBehalfOf = p.onBehalfOf ?? p.account;
  if (p.fund) {
    const debtToken = p.rateMode === 'stable' ? reserve.stableDebtToken : reserve.variableDebtToken;
    const debt = await balanceOf(context(devnet).client, debtToken, onBehalfOf);
    // One block of interest may accrue between this read and the repay: a 0.01% margin covers it.
    await topUp(devnet, p.account, p.symbol, p.amount === maxUint256 ? debt + debt / 10_000n + 1n : p.amount);
  }
  await approvePool(devnet, p.account, p.symbol, p.amount);
  return write(devnet, `repay ${fmt(p.symbol, p.amount)} for ${short(onBehalfOf)}`, {
    account: p.account, address: aave.addresses.pool, abi: poolAbi, functionName: 'repay',
    args: [reserve.address, p.amount, rateModeNumber(p.rateMode), onBehalfOf],
  });
}

/** Enter (1 = Stablecoins) or leave (0) an e-mode category. */
export function setEMode(devnet: AaveV3DevnetLike, p: { account: Address; categoryId: number }): Promise<TransactionReceipt> {
  return write(devnet, `set e-mode ${p.categoryId} for ${short(p.account)}`, {
    account: p.account, address: context(devnet).aave.addresses.pool, abi: poolAbi, functionName: 'setUserEMode', args: [p.categoryId],
  });
}

/**
 * Turn a supplied asset's collateral use on or off. Needed for GHOST: in Aave 3.0.2 supplying an isolated
 * asset never enables it as collateral automatically (only holders of ISOLATED_COLLATERAL_SUPPLIER_ROLE).
 */
export function setUseAsCollateral(
  devnet: AaveV3DevnetLike,
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
  borrower: Address;
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
export async function liquidate(devnet: AaveV3DevnetLike, p: LiquidationParams): Promise<LiquidationResult> {
  const { aave, client } = context(devnet);
  const debtReserve = aave.reserves[p.debt];
  const collateralReserve = aave.reserves[p.collateral];
  const receiveAToken = p.receiveAToken ?? false;
  const collateralToken = receiveAToken ? collateralReserve.aToken : collateralReserve.address;

  let needed = p.debtToCover;
  if (needed === maxUint256) {
    const [variable, stable] = await Promise.all([
      balanceOf(client, debtReserve.variableDebtToken, p.borrower),
      // 3.2+ has no stable debt token (address 0)
      /^0x0{40}$/.test(debtReserve.stableDebtToken) ? 0n : balanceOf(client, debtReserve.stableDebtToken, p.borrower),
    ]);
    needed = variable + stable + 1n;
  }
  if (p.fund ?? true) await topUp(devnet, p.liquidator, p.debt, needed);
  await approvePool(devnet, p.liquidator, p.debt, needed);

  const call = {
    account: p.liquidator, address: aave.addresses.pool, abi: poolAbi, functionName: 'liquidationCall',
    args: [collateralReserve.address, debtReserve.address, p.borrower, p.debtToCover, receiveAToken],
  } as const;
  const refused = await refusal(client, call);
  if (refused !== undefined) return { ok: false, reason: refused };
  const [debtBefore, collateralBefore] = await Promise.all([
    balanceOf(client, debtReserve.address, p.liquidator),
    balanceOf(client, collateralToken, p.liquidator),
  ]);
  const receipt = await write(devnet, `liquidate ${short(p.borrower)} (${p.collateral}/${p.debt})`, call);
  const [debtAfter, collateralAfter] = await Promise.all([
    balanceOf(client, debtReserve.address, p.liquidator),
    balanceOf(client, collateralToken, p.liquidator),
  ]);
  return { ok: true, receipt, debtRepaid: debtBefore - debtAfter, collateralReceived: collateralAfter - collateralBefore };
}

// ---- oracle ----------------------------------------------------------------------------------------------

/**
 * Set an asset's oracle price (USD, 8 decimals) by writing the MockAggregator's answer, its storage slot 0.
 * MockAggregator has no setter; one storage write beats deploying a new feed and re-pointing AaveOracle.
 */
export async function setPrice(devnet: AaveV3DevnetLike, p: { symbol: ReserveSymbol; price: bigint }): Promise<void> {
  const { aave, client } = context(devnet);
  // int256 in two's complement, so a negative answer (which AaveOracle treats as invalid) can be tested too.
  const word = p.price < 0n ? (1n << 256n) + p.price : p.price;
  await client.setStorageAt({ address: aave.reserves[p.symbol].aggregator, index: 0, value: padHex(numberToHex(word), { size: 32 }) });
}

/** AaveOracle's price for an asset (USD, 8 decimals). */
export function getPrice(devnet: AaveV3DevnetLike, p: { symbol: ReserveSymbol }): Promise<bigint> {
  const { aave, client } = context(devnet);
  return client.readContract({ address: aave.addresses.oracle, abi: oracleAbi, functionName: 'getAssetPrice', args: [aave.reserves[p.symbol].address] });
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
export async function getUserAccountData(devnet: AaveV3DevnetLike, p: { account: Address }): Promise<UserAccountData> {
  const { aave, client } = context(devnet);
  const [totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor] =
    await client.readContract({ address: aave.addresses.pool, abi: poolAbi, functionName: 'getUserAccountData', args: [p.account] });
  return { totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor };
}

/** AaveProtocolDataProvider's per-reserve view of an account: balances, debts, whether used as collateral. */
export async function getUserReserve(devnet: AaveV3DevnetLike, p: { account: Address; symbol: ReserveSymbol }) {
  const { aave, client } = context(devnet);
  const r = await client.readContract({
    address: aave.addresses.protocolDataProvider, abi: dataProviderAbi, functionName: 'getUserReserveData',
    args: [aave.reserves[p.symbol].address, p.account],
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
export async function openPosition(devnet: AaveV3DevnetLike, p: OpenPositionParams): Promise<UserAccountData> {
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
  return getUserAccountData(devnet, { account });
}

function entries<T>(record: Partial<Record<ReserveSymbol, T>> | undefined): [ReserveSymbol, T][] {
  return Object.entries(record ?? {}).filter((e): e is [ReserveSymbol, T] => e[1] !== undefined);
}

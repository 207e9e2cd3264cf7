/**
 * What a test or demo does to the devnet's Compound III market (our Comet stand-in, see `deploy.ts`):
 * supply and withdraw collateral, borrow and repay the base, lend the base, absorb, move prices and rates,
 * accrue, and Comet's own verdicts on an account.
 *
 * Every action takes `(devnet, params)`, where `devnet` is a `CometDevnet` or the `Devnet` holding one as
 * `.compound`, and resolves once its transaction is mined (through `../write.ts`: a refused write throws a
 * `DevnetActionError` with the stand-in's custom error name as `reason`, e.g. 'NotCollateralized'), except
 * `absorb`, which returns `{ ok: false, reason }`. Tokens the account lacks are minted unless `fund: false`.
 */
import { formatUnits, maxUint256, numberToHex, padHex, type Address, type TransactionReceipt } from 'viem';
import { prepareSpend as prepareTokenSpend } from '../tokens.ts';
import { ANVIL_ACCOUNTS, reach } from '../chain.ts';
import { refusal, short, write as send, type WriteCall } from '../write.ts';
import {
  COMET_COLLATERAL_SYMBOLS,
  cometStandInAbi,
  cometRatePerSecond,
  type CometCollateralSymbol,
  type CometDevnet,
  type CometDevnetToken,
  type CometSymbol,
  type CompoundV3DevnetLike,
} from './deploy.ts';

// ---- plumbing ------------------------------------------------------------------------------------------------

const context = (devnet: CompoundV3DevnetLike) => reach(devnet, 'compound');

function tokenOf(comet: CometDevnet, symbol: CometSymbol): CometDevnetToken {
  return symbol === 'USDC' ? comet.base : comet.collaterals[symbol];
}

const fmt = (comet: CometDevnet, symbol: CometSymbol, amount: bigint): string =>
  amount === maxUint256 ? `all ${symbol}` : `${formatUnits(amount, tokenOf(comet, symbol).decimals)} ${symbol}`;

/** A call to the stand-in itself. */
async function write(devnet: CompoundV3DevnetLike, action: string, call: Omit<WriteCall, 'address' | 'abi'>): Promise<TransactionReceipt> {
  const { compound: comet, client } = context(devnet);
  return (await send(client, action, { ...call, address: comet.comet, abi: cometStandInAbi })).receipt;
}

/** Mint what `account` lacks to hold `amount`, and approve the stand-in once for unlimited spending. */
function prepareSpend(devnet: CompoundV3DevnetLike, account: Address, symbol: CometSymbol, amount: bigint): Promise<void> {
  const { compound: comet, client } = context(devnet);
  return prepareTokenSpend(client, { account, token: tokenOf(comet, symbol).address, spender: comet.comet, amount });
}

// ---- positions ----------------------------------------------------------------------------------------------

/** Supply collateral (minting it to the account first unless `fund: false`). `amount` in base units. */
export async function supplyCollateral(
  devnet: CompoundV3DevnetLike,
  p: { account: Address; symbol: CometCollateralSymbol; amount: bigint; fund?: boolean },
): Promise<TransactionReceipt> {
  const { compound: comet } = context(devnet);
  if (p.fund ?? true) await prepareSpend(devnet, p.account, p.symbol, p.amount);
  return write(devnet, `supply ${fmt(comet, p.symbol, p.amount)} from ${short(p.account)}`, {
    account: p.account, functionName: 'supply', args: [comet.collaterals[p.symbol].address, p.amount],
  });
}

/** Withdraw collateral; reverts 'NotCollateralized' when the borrow would no longer be covered. */
export function withdrawCollateral(
  devnet: CompoundV3DevnetLike,
  p: { account: Address; symbol: CometCollateralSymbol; amount: bigint },
): Promise<TransactionReceipt> {
  const { compound: comet } = context(devnet);
  return write(devnet, `withdraw ${fmt(comet, p.symbol, p.amount)} for ${short(p.account)}`, {
    account: p.account, functionName: 'withdraw', args: [comet.collaterals[p.symbol].address, p.amount],
  });
}

/** Borrow the base token (Comet's `withdraw(baseToken, amount)`). */
export function borrow(devnet: CompoundV3DevnetLike, p: { account: Address; amount: bigint }): Promise<TransactionReceipt> {
  const { compound: comet } = context(devnet);
  return write(devnet, `borrow ${fmt(comet, 'USDC', p.amount)} for ${short(p.account)}`, {
    account: p.account, functionName: 'withdraw', args: [comet.base.address, p.amount],
  });
}

/**
 * Repay base debt (Comet's `supply(baseToken, amount)`); `maxUint256` repays exactly the accrued debt. The
 * account is minted what it lacks unless `fund: false` (with a 0.01 % margin for interest on `maxUint256`).
 */
export async function repay(devnet: CompoundV3DevnetLike, p: { account: Address; amount: bigint; fund?: boolean }): Promise<TransactionReceipt> {
  const { compound: comet } = context(devnet);
  if (p.fund ?? true) {
    const needed = p.amount === maxUint256 ? withMargin(await borrowBalance(devnet, { account: p.account })) : p.amount;
    await prepareSpend(devnet, p.account, 'USDC', needed);
  }
  return write(devnet, `repay ${fmt(comet, 'USDC', p.amount)} for ${short(p.account)}`, {
    account: p.account, functionName: 'supply', args: [comet.base.address, p.amount],
  });
}

/** Supply the base token beyond any debt: a lender's position (minted first unless `fund: false`). */
export async function supply(devnet: CompoundV3DevnetLike, p: { account: Address; amount: bigint; fund?: boolean }): Promise<TransactionReceipt> {
  const { compound: comet } = context(devnet);
  if (p.fund ?? true) await prepareSpend(devnet, p.account, 'USDC', p.amount);
  return write(devnet, `supply ${fmt(comet, 'USDC', p.amount)} from ${short(p.account)}`, {
    account: p.account, functionName: 'supply', args: [comet.base.address, p.amount],
  });
}

const withMargin = (x: bigint): bigint => x + x / 10_000n + 1n;

export interface OpenPositionParams {
  account: Address;
  /** Collateral to mint and supply, base units. */
  collateral?: Partial<Record<CometCollateralSymbol, bigint>>;
  /** Base to borrow, base units. */
  borrow?: bigint;
}

/** Supply collaterals, then borrow: a position in one call. */
export async function openPosition(devnet: CompoundV3DevnetLike, p: OpenPositionParams): Promise<void> {
  for (const symbol of COMET_COLLATERAL_SYMBOLS) {
    const amount = p.collateral?.[symbol];
    if (amount) await supplyCollateral(devnet, { account: p.account, symbol, amount });
  }
  if (p.borrow) await borrow(devnet, { account: p.account, amount: p.borrow });
}

export type AbsorbResult = { ok: true; receipt: TransactionReceipt } | { ok: false; reason: string };

/**
 * Absorb accounts (Comet's liquidation), returning `{ ok: false, reason }` when the stand-in refuses (e.g.
 * 'NotLiquidatable') instead of throwing, since that refusal is an outcome tests assert on. Other failures
 * still throw.
 */
export async function absorb(devnet: CompoundV3DevnetLike, p: { accounts: readonly Address[]; absorber?: Address }): Promise<AbsorbResult> {
  const { compound: comet, client } = context(devnet);
  const absorber = p.absorber ?? ANVIL_ACCOUNTS[9];
  const call = { account: absorber, address: comet.comet, abi: cometStandInAbi, functionName: 'absorb', args: [absorber, p.accounts] } as const;
  const refused = await refusal(client, call);
  if (refused !== undefined) return { ok: false, reason: refused };
  return { ok: true, receipt: (await send(client, `absorb ${p.accounts.map(short).join(', ')}`, call)).receipt };
}

// ---- prices and rates ------------------------------------------------------------------------------------------

/**
 * Set a token's price in the market (8 decimals) by writing its feed's answer (storage slot 0): no block is
 * mined, so positions are compared at the same block before and after. Negative answers are written in two's
 * complement (Comet's getPrice then reverts BadPrice).
 */
export async function setPrice(devnet: CompoundV3DevnetLike, p: { symbol: CometSymbol; price: bigint }): Promise<void> {
  const { compound: comet, client } = context(devnet);
  const word = p.price < 0n ? (1n << 256n) + p.price : p.price;
  await client.setStorageAt({ address: tokenOf(comet, p.symbol).priceFeed, index: 0, value: padHex(numberToHex(word), { size: 32 }) });
}

/** The stand-in's `getPrice` for a token (reverts BadPrice for a non-positive answer). */
export function getPrice(devnet: CompoundV3DevnetLike, p: { symbol: CometSymbol; blockNumber?: bigint }): Promise<bigint> {
  const { compound: comet, client } = context(devnet);
  return client.readContract({
    address: comet.comet, abi: cometStandInAbi, functionName: 'getPrice', args: [tokenOf(comet, p.symbol).priceFeed], blockNumber: p.blockNumber,
  });
}

/** Accrue the indices to a new block (Comet's `accrueAccount`), so `isLiquidatable` sees today's debt. */
export function accrue(devnet: CompoundV3DevnetLike, p: { account?: Address } = {}): Promise<TransactionReceipt> {
  const from = p.account ?? context(devnet).compound.governor;
  return write(devnet, 'accrue', { account: from, functionName: 'accrueAccount', args: [from] });
}

/** Set the yearly supply and borrow rates (accrues at the old rates first). */
export function setRates(devnet: CompoundV3DevnetLike, p: { borrowRate: number; supplyRate?: number }): Promise<TransactionReceipt> {
  return write(devnet, `set rates ${p.supplyRate ?? 0}/${p.borrowRate}`, {
    account: context(devnet).compound.governor, functionName: 'setRates', args: [cometRatePerSecond(p.supplyRate ?? 0), cometRatePerSecond(p.borrowRate)],
  });
}

// ---- reads ---------------------------------------------------------------------------------------------------------

/** `borrowBalanceOf`: the debt accrued to the block. */
export function borrowBalance(devnet: CompoundV3DevnetLike, p: { account: Address; blockNumber?: bigint }): Promise<bigint> {
  const { compound: comet, client } = context(devnet);
  return client.readContract({ address: comet.comet, abi: cometStandInAbi, functionName: 'borrowBalanceOf', args: [p.account], blockNumber: p.blockNumber });
}

/** `isLiquidatable`, Comet's own verdict (at the index as last accrued: call `accrue` first for today's). */
export function isLiquidatable(devnet: CompoundV3DevnetLike, p: { account: Address; blockNumber?: bigint }): Promise<boolean> {
  const { compound: comet, client } = context(devnet);
  return client.readContract({ address: comet.comet, abi: cometStandInAbi, functionName: 'isLiquidatable', args: [p.account], blockNumber: p.blockNumber });
}

export interface CometLiquidity {
  /** weightedCollateral - borrowValue; negative = liquidatable. Quote units with 8 decimals. */
  liquidity: bigint;
  borrowValue: bigint;
  weightedCollateral: bigint;
}

/** The numbers behind `isLiquidatable` (the stand-in's `standInLiquidity`, not a Comet function). */
export async function liquidity(devnet: CompoundV3DevnetLike, p: { account: Address; blockNumber?: bigint }): Promise<CometLiquidity> {
  const { compound: comet, client } = context(devnet);
  const [l, borrowValue, weightedCollateral] = await client.readContract({
    address: comet.comet, abi: cometStandInAbi, functionName: 'standInLiquidity', args: [p.account], blockNumber: p.blockNumber,
  });
  return { liquidity: l, borrowValue, weightedCollateral };
}

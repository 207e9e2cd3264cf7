/**
 * What a test or demo does to the devnet's Aave v4 stand-in (see `deploy.ts`): supply (as collateral or
 * not), borrow, repay, move a feed, set the Hub's rates and fees, add a dynamic config (users then sit on
 * old and new config keys), and open a whole position in one call.
 *
 * Every action takes `(devnet, params)`, where `devnet` is an `AaveV4Devnet` or the `Devnet` holding one as
 * `.aaveV4`, and resolves once its transaction is mined (through `../write.ts`: a revert throws a
 * `DevnetActionError` with the Spoke's custom error name as `reason`). Tokens the account lacks are minted.
 * Governance actions are sent by the owner (anvil #0).
 */
import type { Address, TransactionReceipt } from 'viem';
import { spokeAbi } from '../../protocols/aave-v4/abi.ts';
import { prepareSpend as prepareTokenSpend } from '../tokens.ts';
import { reach } from '../chain.ts';
import { short, write as send, type WriteCall } from '../write.ts';
import { V4_SYMBOLS, v4StandInAbi, v4YearlyRay, type AaveV4Devnet, type AaveV4DevnetLike, type V4SpokeName, type V4Symbol } from './deploy.ts';

// ---- plumbing ------------------------------------------------------------------------------------------------

const context = (devnet: AaveV4DevnetLike) => reach(devnet, 'aaveV4');

async function write(devnet: AaveV4DevnetLike, action: string, call: WriteCall): Promise<TransactionReceipt> {
  return (await send(context(devnet).client, action, call)).receipt;
}

function reserveId(v4: AaveV4Devnet, spoke: V4SpokeName, symbol: V4Symbol): bigint {
  const id = v4.spokes[spoke].reserveIds[symbol];
  if (id === undefined) throw new Error(`${symbol} is not listed on the ${spoke} spoke.`);
  return BigInt(id);
}

/** A call to one Spoke on a reserve it lists, by `account`. */
function spokeCall(
  devnet: AaveV4DevnetLike,
  p: { account: Address; spoke: V4SpokeName; symbol: V4Symbol },
  functionName: string,
  args: (id: bigint) => readonly unknown[],
): WriteCall {
  const { aaveV4: v4 } = context(devnet);
  return { account: p.account, address: v4.spokes[p.spoke].spoke, abi: spokeAbi, functionName, args: args(reserveId(v4, p.spoke, p.symbol)) };
}

interface OnReserve {
  account: Address;
  spoke: V4SpokeName;
  symbol: V4Symbol;
}

/**
 * Mint what `account` lacks to hold `amount` of `symbol`, and approve the Spoke for it once (max allowance).
 * Actions do this themselves; tests call it ahead for calls they send by hand (a liquidation).
 */
export function prepareSpend(devnet: AaveV4DevnetLike, p: OnReserve & { amount: bigint }): Promise<void> {
  const { aaveV4: v4, client } = context(devnet);
  return prepareTokenSpend(client, { account: p.account, token: v4.tokens[p.symbol].address, spender: v4.spokes[p.spoke].spoke, amount: p.amount });
}

// ---- positions ------------------------------------------------------------------------------------------------

/** Supply (minted as needed) and, unless `collateral: false`, use it as collateral (v4 never does so by itself). */
export async function supply(devnet: AaveV4DevnetLike, p: OnReserve & { amount: bigint; collateral?: boolean }): Promise<TransactionReceipt> {
  await prepareSpend(devnet, p);
  const receipt = await write(devnet, `supply ${p.amount} ${p.symbol} on ${p.spoke} from ${short(p.account)}`,
    spokeCall(devnet, p, 'supply', (id) => [id, p.amount, p.account]));
  if (p.collateral ?? true) return setUseAsCollateral(devnet, { ...p, enabled: true });
  return receipt;
}

/** Turn a supplied reserve's use as collateral on or off. */
export function setUseAsCollateral(devnet: AaveV4DevnetLike, p: OnReserve & { enabled: boolean }): Promise<TransactionReceipt> {
  return write(devnet, `${p.enabled ? 'enable' : 'disable'} ${p.symbol} as collateral on ${p.spoke} for ${short(p.account)}`,
    spokeCall(devnet, p, 'setUsingAsCollateral', (id) => [id, p.enabled, p.account]));
}

export function borrow(devnet: AaveV4DevnetLike, p: OnReserve & { amount: bigint }): Promise<TransactionReceipt> {
  return write(devnet, `borrow ${p.amount} ${p.symbol} on ${p.spoke} for ${short(p.account)}`,
    spokeCall(devnet, p, 'borrow', (id) => [id, p.amount, p.account]));
}

/** Repay (minted as needed). */
export async function repay(devnet: AaveV4DevnetLike, p: OnReserve & { amount: bigint }): Promise<TransactionReceipt> {
  await prepareSpend(devnet, p);
  return write(devnet, `repay ${p.amount} ${p.symbol} on ${p.spoke} for ${short(p.account)}`,
    spokeCall(devnet, p, 'repay', (id) => [id, p.amount, p.account]));
}

export interface OpenPositionParams {
  account: Address;
  spoke: V4SpokeName;
  /** Minted and supplied (base units), in this order; each used as collateral unless `collateral` says false. */
  supply?: Partial<Record<V4Symbol, bigint>>;
  collateral?: Partial<Record<V4Symbol, boolean>>;
  /** Borrowed last, in this order (base units). */
  borrow?: Partial<Record<V4Symbol, bigint>>;
}

/** Supplies, then borrows: a position in one call. */
export async function openPosition(devnet: AaveV4DevnetLike, p: OpenPositionParams): Promise<void> {
  const { account, spoke } = p;
  for (const [symbol, amount] of entries(p.supply)) {
    await supply(devnet, { account, spoke, symbol, amount, collateral: p.collateral?.[symbol] ?? true });
  }
  for (const [symbol, amount] of entries(p.borrow)) await borrow(devnet, { account, spoke, symbol, amount });
}

function entries<T>(record: Partial<Record<V4Symbol, T>> | undefined): [V4Symbol, T][] {
  return Object.entries(record ?? {}).filter((e): e is [V4Symbol, T] => e[1] !== undefined);
}

// ---- prices, rates and governance ---------------------------------------------------------------------------------

/** Sets the shared feed of a token (both spokes see it), 8 decimals. */
export async function setPrice(devnet: AaveV4DevnetLike, p: { symbol: V4Symbol; price: bigint }): Promise<void> {
  const { aaveV4: v4 } = context(devnet);
  await write(devnet, `price ${p.symbol}`, { account: v4.owner, address: v4.tokens[p.symbol].feed, abi: v4StandInAbi, functionName: 'setAnswer', args: [p.price] });
}

/**
 * Accrue and set Hub assets' yearly drawn (borrow) rate: one rate for every asset, or per asset for those
 * listed. A rate of 0 freezes the indices, so reads and later blocks agree.
 */
export async function setRates(devnet: AaveV4DevnetLike, p: { borrowRate: number | Partial<Record<V4Symbol, number>> }): Promise<void> {
  const { aaveV4: v4 } = context(devnet);
  for (const symbol of V4_SYMBOLS) {
    const rate = typeof p.borrowRate === 'number' ? p.borrowRate : p.borrowRate[symbol];
    if (rate === undefined) continue;
    await write(devnet, `rate ${symbol}`, {
      account: v4.owner, address: v4.hub, abi: v4StandInAbi, functionName: 'setDrawnRate', args: [BigInt(v4.tokens[symbol].assetId), v4YearlyRay(rate)],
    });
  }
}

/** The Hub's share of an asset's interest (bps), taken from what suppliers earn. */
export async function setLiquidityFee(devnet: AaveV4DevnetLike, p: { symbol: V4Symbol; fee: number }): Promise<void> {
  const { aaveV4: v4 } = context(devnet);
  await write(devnet, `fee ${p.symbol}`, {
    account: v4.owner, address: v4.hub, abi: v4StandInAbi, functionName: 'setLiquidityFee', args: [BigInt(v4.tokens[p.symbol].assetId), BigInt(p.fee)],
  });
}

/** Governance adds a new dynamic config (the reserve's latest key); existing users keep theirs. */
export async function addDynamicConfig(
  devnet: AaveV4DevnetLike,
  p: { spoke: V4SpokeName; symbol: V4Symbol; collateralFactor: number; maxLiquidationBonus: number; liquidationFee: number },
): Promise<void> {
  const { aaveV4: v4 } = context(devnet);
  const { spoke, symbol, ...dyn } = p;
  await write(devnet, `new config ${symbol}`, {
    account: v4.owner, address: v4.spokes[spoke].spoke, abi: v4StandInAbi, functionName: 'addDynamicReserveConfig', args: [reserveId(v4, spoke, symbol), dyn],
  });
}

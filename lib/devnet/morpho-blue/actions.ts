/**
 * What a test or demo does to the devnet's Morpho Blue: supply, supply/withdraw collateral, borrow, repay,
 * move a market's oracle, accrue, liquidate, read a position or a market, and create one more market.
 * Compiling, deploying and the starting configuration are `deploy.ts`.
 *
 * Actions take `(devnet, params)` where `devnet` is a `MorphoDevnet` or the `Devnet` holding one as
 * `.morpho`, and resolve once their transaction is mined (through `../write.ts`: a revert throws a
 * `DevnetActionError` with Morpho's reason string, e.g. "insufficient collateral"); `liquidate` returns
 * `{ ok: false, reason }` instead for the refusal tests assert on ("position is healthy"). Token balances
 * are topped up by minting (devnet tokens are free), so callers never fund by hand.
 */
import { numberToHex, padHex, type Address, type TransactionReceipt } from 'viem';
import type { MorphoMarketParams } from '../../protocols/morpho-blue/market.ts';
import { borrowAssets, type MarketState } from '../../protocols/morpho-blue/math.ts';
import { Deployer } from '../deployer.ts';
import { mint, prepareSpend as prepareTokenSpend } from '../tokens.ts';
import { ANVIL_ACCOUNTS, reach } from '../chain.ts';
import { refusal, short, write as send, type WriteCall } from '../write.ts';
import {
  compileMorphoHelpers,
  morphoLltvLabel,
  morphoDevnetAbi,
  morphoDevnetOracleAbi,
  morphoMarketId,
  type DevnetMorphoMarket,
  type MorphoBlueDevnetLike,
  type MorphoDevnetToken,
} from './deploy.ts';

// ---- plumbing ----------------------------------------------------------------------------------------------

const context = (m: MorphoBlueDevnetLike) => reach(m, 'morpho');

function write<T = unknown>(m: MorphoBlueDevnetLike, action: string, call: Omit<WriteCall, 'address' | 'abi'>) {
  return send<T>(context(m).client, action, { ...call, address: context(m).morpho.addresses.morpho, abi: morphoDevnetAbi });
}

/**
 * Mint what `account` lacks to hold `amount` of `token`, and approve Morpho for it once (max allowance).
 * Actions do this themselves; tests call it ahead when the action's own block must be the only one mined.
 */
export function prepareSpend(m: MorphoBlueDevnetLike, p: { account: Address; token: Address; amount: bigint }): Promise<void> {
  const { morpho, client } = context(m);
  return prepareTokenSpend(client, { ...p, spender: morpho.addresses.morpho });
}

// ---- actions -----------------------------------------------------------------------------------------------

/** Mint devnet tokens to `account` (the token's `mint(uint256)`, sent by the account itself). */
export async function fund(m: MorphoBlueDevnetLike, p: { account: Address; token: Address; amount: bigint }): Promise<void> {
  await mint(context(m).client, p);
}

/** Supply loan-token liquidity (lender side). */
export async function supply(
  m: MorphoBlueDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; amount: bigint; onBehalfOf?: Address },
): Promise<TransactionReceipt> {
  await prepareSpend(m, { account: p.account, token: p.market.loan.address, amount: p.amount });
  return (await write(m, `supply ${p.amount} ${p.market.loan.symbol} to ${p.market.name}`, {
    account: p.account, functionName: 'supply', args: [p.market.params, p.amount, 0n, p.onBehalfOf ?? p.account, '0x'],
  })).receipt;
}

/** Supply collateral (minted as needed). */
export async function supplyCollateral(
  m: MorphoBlueDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; amount: bigint; onBehalfOf?: Address },
): Promise<TransactionReceipt> {
  await prepareSpend(m, { account: p.account, token: p.market.collateral.address, amount: p.amount });
  return (await write(m, `supply ${p.amount} ${p.market.collateral.symbol} collateral to ${p.market.name} for ${short(p.account)}`, {
    account: p.account, functionName: 'supplyCollateral', args: [p.market.params, p.amount, p.onBehalfOf ?? p.account, '0x'],
  })).receipt;
}

/** Withdraw collateral (reverts "insufficient collateral" if that would make the position unhealthy). */
export async function withdrawCollateral(
  m: MorphoBlueDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; amount: bigint; receiver?: Address },
): Promise<TransactionReceipt> {
  return (await write(m, `withdraw ${p.amount} ${p.market.collateral.symbol} collateral from ${p.market.name} for ${short(p.account)}`, {
    account: p.account, functionName: 'withdrawCollateral', args: [p.market.params, p.amount, p.account, p.receiver ?? p.account],
  })).receipt;
}

/** Borrow `amount` of the loan token (Morpho rounds the shares up). Returns the receipt and the shares minted. */
export async function borrow(
  m: MorphoBlueDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; amount: bigint; receiver?: Address },
): Promise<{ receipt: TransactionReceipt; shares: bigint }> {
  const { result, receipt } = await write<readonly [bigint, bigint]>(m, `borrow ${p.amount} ${p.market.loan.symbol} from ${p.market.name} for ${short(p.account)}`, {
    account: p.account, functionName: 'borrow', args: [p.market.params, p.amount, 0n, p.account, p.receiver ?? p.account],
  });
  return { receipt, shares: result[1] };
}

/**
 * Repay by `amount` of assets (shares rounded down) or by `shares`; `all: true` repays every borrow share,
 * the only way to close a position exactly. The payer is minted what it lacks. Returns what Morpho took.
 */
export async function repay(
  m: MorphoBlueDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; onBehalfOf?: Address } & ({ amount: bigint } | { shares: bigint } | { all: true }),
): Promise<{ receipt: TransactionReceipt; assets: bigint; shares: bigint }> {
  const onBehalf = p.onBehalfOf ?? p.account;
  let assets = 'amount' in p ? p.amount : 0n;
  let shares = 'shares' in p ? p.shares : 0n;
  if ('all' in p) shares = (await getPosition(m, { market: p.market, account: onBehalf })).borrowShares;
  // Enough for any interest until the transaction: the debt now plus 1 % plus one unit.
  const owed = assets > 0n ? assets : await debtUpperBound(m, p.market, shares);
  await prepareSpend(m, { account: p.account, token: p.market.loan.address, amount: owed });
  const { result, receipt } = await write<readonly [bigint, bigint]>(m, `repay ${p.market.loan.symbol} in ${p.market.name} for ${short(onBehalf)}`, {
    account: p.account, functionName: 'repay', args: [p.market.params, assets, shares, onBehalf, '0x'],
  });
  [assets, shares] = result;
  return { receipt, assets, shares };
}

async function debtUpperBound(m: MorphoBlueDevnetLike, market: DevnetMorphoMarket, shares: bigint): Promise<bigint> {
  const state = await getMarket(m, { market });
  const debt = borrowAssets(shares, state);
  return debt + debt / 100n + 1n;
}

/** Call `accrueInterest` (anyone may; default sender anvil #0): stores the interest due up to this block's timestamp. */
export async function accrue(m: MorphoBlueDevnetLike, p: { market: DevnetMorphoMarket; account?: Address }): Promise<TransactionReceipt> {
  return (await write(m, `accrue interest in ${p.market.name}`, {
    account: p.account ?? ANVIL_ACCOUNTS[0], functionName: 'accrueInterest', args: [p.market.params],
  })).receipt;
}

/**
 * Set the market oracle's price (1e36-scaled, see `morphoOraclePrice`) by writing DevnetOracle's storage
 * slot 0. No block is mined, so time does not move (the contract's owner-only `setPrice` is there for demos
 * that want a transaction).
 */
export async function setPrice(m: MorphoBlueDevnetLike, p: { market: DevnetMorphoMarket; price: bigint }): Promise<void> {
  if (p.price < 0n) throw new Error('setPrice: a Morpho oracle price cannot be negative.');
  await context(m).client.setStorageAt({ address: p.market.params.oracle, index: 0, value: padHex(numberToHex(p.price), { size: 32 }) });
}

/** The market oracle's `price()` (1e36-scaled). */
export function getPrice(m: MorphoBlueDevnetLike, p: { market: DevnetMorphoMarket }): Promise<bigint> {
  return context(m).client.readContract({ address: p.market.params.oracle, abi: morphoDevnetOracleAbi, functionName: 'price' });
}

export type LiquidationResult =
  | { ok: true; receipt: TransactionReceipt; seizedAssets: bigint; repaidAssets: bigint }
  | { ok: false; reason: string };

/**
 * Liquidate `borrower`, by `seizedAssets` of collateral or `repaidShares` of debt (default: a quarter of the
 * borrow shares). Returns `{ ok: false, reason }` when Morpho refuses with a reason (e.g. "position is
 * healthy") instead of throwing; other failures throw. The liquidator is minted the loan token it needs.
 */
export async function liquidate(
  m: MorphoBlueDevnetLike,
  p: { liquidator: Address; market: DevnetMorphoMarket; borrower: Address; seizedAssets?: bigint; repaidShares?: bigint },
): Promise<LiquidationResult> {
  const { morpho, client } = context(m);
  const position = await getPosition(m, { market: p.market, account: p.borrower });
  const seizedAssets = p.seizedAssets ?? 0n;
  const repaidShares = p.repaidShares ?? (seizedAssets > 0n ? 0n : position.borrowShares / 4n || position.borrowShares);
  await prepareSpend(m, { account: p.liquidator, token: p.market.loan.address, amount: await debtUpperBound(m, p.market, position.borrowShares) });
  const call = {
    account: p.liquidator, address: morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'liquidate',
    args: [p.market.params, p.borrower, seizedAssets, repaidShares, '0x'],
  } as const;
  const refused = await refusal(client, call);
  if (refused !== undefined) return { ok: false, reason: refused };
  const { result, receipt } = await send<readonly [bigint, bigint]>(client, `liquidate ${short(p.borrower)} in ${p.market.name}`, call);
  return { ok: true, receipt, seizedAssets: result[0], repaidAssets: result[1] };
}

// ---- reads -------------------------------------------------------------------------------------------------

export interface PositionState {
  supplyShares: bigint;
  borrowShares: bigint;
  collateral: bigint;
}

/** `Morpho.position(id, account)` as stored (borrow shares, not assets: interest lives in the market's totals). */
export async function getPosition(
  m: MorphoBlueDevnetLike,
  p: { market: DevnetMorphoMarket; account: Address; blockNumber?: bigint },
): Promise<PositionState> {
  const { morpho, client } = context(m);
  const [supplyShares, borrowShares, collateral] = await client.readContract({
    address: morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'position', args: [p.market.id, p.account],
    ...(p.blockNumber === undefined ? {} : { blockNumber: p.blockNumber }),
  });
  return { supplyShares, borrowShares, collateral };
}

/** `Morpho.market(id)` as stored (interest accrued up to `lastUpdate` only). */
export async function getMarket(m: MorphoBlueDevnetLike, p: { market: DevnetMorphoMarket; blockNumber?: bigint }): Promise<MarketState> {
  const { morpho, client } = context(m);
  const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] = await client.readContract({
    address: morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'market', args: [p.market.id],
    ...(p.blockNumber === undefined ? {} : { blockNumber: p.blockNumber }),
  });
  return { totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee };
}

// ---- positions and markets ---------------------------------------------------------------------------------

/** Supply collateral, then borrow: a position in one call. */
export async function openPosition(
  m: MorphoBlueDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; collateral: bigint; borrow?: bigint },
): Promise<PositionState> {
  if (p.collateral > 0n) await supplyCollateral(m, { account: p.account, market: p.market, amount: p.collateral });
  if (p.borrow && p.borrow > 0n) await borrow(m, { account: p.account, market: p.market, amount: p.borrow });
  return getPosition(m, { market: p.market, account: p.account });
}

/**
 * Create one more market on the devnet's Morpho (owner anvil #0): a new DevnetOracle at `price` (1e36-scaled,
 * see `morphoOraclePrice`), the devnet IRM unless `irm` is given (address(0) = no interest; it must be
 * enabled), an LLTV among `MORPHO_LLTVS`, and `liquidity` loan-token base units supplied by anvil #9.
 * The one action that deploys (the market's oracle): a market is what tests make, not what the devnet ships.
 */
export async function createMarket(
  m: MorphoBlueDevnetLike,
  p: { loan: MorphoDevnetToken; collateral: MorphoDevnetToken; lltv: bigint; price: bigint; irm?: Address; liquidity?: bigint },
): Promise<DevnetMorphoMarket> {
  const { morpho, client } = context(m);
  const { oracle: oracleCode } = await compileMorphoHelpers();
  const d = await Deployer.create(client, morpho.accounts.owner);
  const oracle = await d.deploy('oracle', oracleCode.abi, oracleCode.bytecode, [p.price]);
  const params: MorphoMarketParams = {
    loanToken: p.loan.address, collateralToken: p.collateral.address, oracle, irm: p.irm ?? morpho.addresses.irm, lltv: p.lltv,
  };
  await d.call('createMarket', morpho.addresses.morpho, morphoDevnetAbi, 'createMarket', [params]);
  await d.settle();
  const key = `${p.collateral.symbol}/${p.loan.symbol}`;
  const market: DevnetMorphoMarket = {
    key, id: morphoMarketId(params), name: `${key} ${morphoLltvLabel(p.lltv)}`, params, loan: p.loan, collateral: p.collateral, initialPrice: p.price, fee: 0n,
  };
  if (p.liquidity && p.liquidity > 0n) {
    await supply(m, { account: morpho.accounts.liquidityProvider, market, amount: p.liquidity });
  }
  return market;
}

import { getAddress, type Address, type Client, type Hex } from 'viem';
import { GuardError } from '../../errors.ts';
import { asGuardError } from '../shared/classify.ts';
import type { AssetRef, CollateralLeg, DebtLeg, MarketAsset, Position } from '../../core/types.ts';
import { addBlock, callBatch, type CallBatch, type CallHandle, type Decoded } from '../shared/batch.ts';
import { irmAbi, morphoAbi, oracleAbi } from './abi.ts';
import { addFeeds, addOracleAge } from './oracle-feeds.ts';
import {
  ZERO_ADDRESS,
  addToken,
  decodeMarketParams,
  normalizeMarketId,
  type MorphoMarketInfo,
  type MorphoMarketParams,
  type MorphoMarketStatic,
} from './market.ts';
import {
  ORACLE_PRICE_SCALE,
  accrueInterest,
  borrowAssets,
  liquidationIncentiveFactor,
  type MarketState,
} from './math.ts';

export interface ReadMorphoPositionsParameters {
  chainId: number;
  /** Display name of the Morpho deployment (from the built-in list or the markets file). */
  market: string;
  /** The Morpho Blue contract. */
  morpho: Address;
  /** Market ids to read (32-byte hex). Duplicates are read once. */
  marketIds: readonly string[];
  accounts: readonly Address[];
  /** Static market data from an earlier read (params and tokens of markets already seen). */
  marketStatic?: MorphoMarketStatic;
  /**
   * Only accounts that borrow are positions, and only markets where one of them borrows are read beyond
   * `market(id)` and `position(id, account)` (no oracle, token or IRM call). For discovered markets: anyone can
   * create a market with a hostile token or oracle and supply collateral on anyone's behalf, but nobody can
   * borrow on someone else's behalf, so this leaves a hostile market nothing to break.
   */
  borrowersOnly?: boolean;
  /**
   * Each market's stored `Market` struct as last read (`lastStored` of the previous result). The IRM's rate for
   * that struct is then asked in the first request; it is used only if the first request finds the very same
   * struct (nothing happened in the market since): same inputs, same block, the rate a second request would get.
   */
  lastStored?: Readonly<Record<Hex, MarketState>>;
}

/** One market that could not be read; the others are read as usual. */
export interface MorphoMarketFailure {
  id: Hex;
  error: GuardError;
}

/** One market as read, accrued to the read block's timestamp. */
export interface MorphoMarketSnapshot {
  info: MorphoMarketInfo;
  /**
   * `market(id)` after `_accrueInterest` up to `timestamp` (computed, not written) when `borrowRate` is set;
   * otherwise as stored, which is exact for every position read (no IRM, no elapsed time, no borrow in the
   * market, or none of the accounts borrows there).
   */
  state: MarketState;
  /** `market(id)` as stored at the read block (before accrual). */
  stored: MarketState;
  /** Oracle price (1e36-scaled); undefined when the oracle reverted. */
  price: bigint | undefined;
  /** IRM `borrowRateView` used for accrual (WAD per second); undefined when not needed or no IRM. */
  borrowRate: bigint | undefined;
}

export interface ReadMorphoPositionsReturnType {
  /** One per account × market with collateral or borrow shares > 0 (suppliers of the loan token are not borrowers). */
  positions: Position[];
  marketStatic: MorphoMarketStatic;
  /** Every requested market that exists, accrued to `timestamp`. */
  markets: MorphoMarketSnapshot[];
  /** Requested ids under which this Morpho has no market (`market(id).lastUpdate == 0`). */
  unknownMarketIds: Hex[];
  /** Markets that failed (a token without decimals, an IRM that reverts …), each named; skipped, never fatal. */
  failures: MorphoMarketFailure[];
  /** With `borrowersOnly`: markets read where none of the accounts borrows (not read further). */
  idleMarketIds: Hex[];
  /** Every read market's stored struct, for the next read's `lastStored`. */
  lastStored: Record<Hex, MarketState>;
  blockNumber: bigint;
  timestamp: bigint;
  /** eth_call requests this read made: 1 when nothing needed the second, pinned request, else 2. */
  requests: number;
}

/**
 * The loan token's price in its own unit: 1, written as 1e36 / 1e36 rather than 1 / 1. Values are the same
 * (amount × 1e36 / 1e36 = amount, exactly), but `lib/risk` computes the debt leg's liquidation price in these
 * raw units, and with a unit of 1 it would be floored to an integer: a debt "liquidation price" of 1 (0 %
 * away) instead of 1.1467. 1e36 gives it the same resolution as the collateral's oracle price.
 */
export const LOAN_TOKEN_PRICE = ORACLE_PRICE_SCALE;

type StoredMarket = readonly [bigint, bigint, bigint, bigint, bigint, bigint];
type StoredPosition = readonly [bigint, bigint, bigint];

const toState = (m: StoredMarket): MarketState => ({
  totalSupplyAssets: m[0],
  totalSupplyShares: m[1],
  totalBorrowAssets: m[2],
  totalBorrowShares: m[3],
  lastUpdate: m[4],
  fee: m[5],
});

/**
 * Positions of many accounts across many Morpho Blue markets, in two eth_calls whatever the number of
 * accounts and markets (one when nothing needs the second):
 *  1. at the latest block: block number, timestamp and chain id; per market `market(id)` and either the
 *     oracle's `price()` (params known from `marketStatic`) or `idToMarketParams(id)`; per account × market
 *     `position(id, account)`;
 *  2. pinned to that block: for markets first seen, the oracle price and both tokens' symbol and decimals; for
 *     markets where interest is due (borrowers, elapsed time, an IRM), the IRM's `borrowRateView(params,
 *     market)` — it needs the stored `Market` struct from request 1, hence the second round.
 * Debt is then computed as the contract would at the read block's timestamp: `_accrueInterest` with that
 * rate (`math.ts` `accrueInterest`, `wTaylorCompounded`), then `borrowShares.toAssetsUp(…)` (rounded up, as
 * `_isHealthy` does). The collateral leg carries the oracle price with `priceUnit = 1e36`, the LLTV as its
 * threshold and Morpho's liquidation incentive factor as its bonus; the debt leg is the loan token itself
 * (price 1, as 1e36/1e36: see `LOAN_TOKEN_PRICE`), so the quote unit is the loan token and `lib/risk`'s
 * weighted rule reproduces `_isHealthy`.
 */
export async function readMorphoPositions(
  client: Client,
  params: ReadMorphoPositionsParameters,
): Promise<ReadMorphoPositionsReturnType> {
  const state = await readMorphoState(client, params);
  const markets = state.rows.map((row) => marketSnapshot(row, state.timestamp));
  return {
    positions: markets.flatMap((market, i) => buildMarketPositions(params, state, state.rows[i]!, market)),
    marketStatic: { morpho: state.morpho, markets: state.known },
    markets,
    unknownMarketIds: state.unknownMarketIds,
    failures: state.failures,
    idleMarketIds: state.idleMarketIds,
    lastStored: state.lastStored,
    blockNumber: state.blockNumber,
    timestamp: state.timestamp,
    requests: state.requests,
  };
}

/** One account's position in a market, as stored. */
interface UserRow {
  account: Address;
  borrowShares: bigint;
  collateral: bigint;
}

/** A market that request 1 found with something to read. */
interface Row {
  id: Hex;
  stored: MarketState;
  params: MorphoMarketParams;
  /** Known before this read (from `marketStatic`), else filled by request 2. */
  info: MorphoMarketInfo | undefined;
  /** Asked in request 1 when the market was known, else in request 2 (`queueMarketInfo`). */
  price?: CallHandle<bigint>;
  users: UserRow[];
}

/** Request 1's IRM rate for the struct seen last time (see `lastStored`). */
interface Guess {
  last: MarketState;
  rate: CallHandle<bigint>;
}

/** A market read in full: everything its positions are built from. */
interface ReadyRow extends Omit<Row, 'info' | 'price'> {
  info: MorphoMarketInfo;
  price: bigint | undefined;
  /** Undefined when no interest can be due to a position read here (see `dueRate`). */
  borrowRate: bigint | undefined;
  /** The oracle's last update, when its feeds were known before this read. */
  oracleUpdatedAt: bigint | undefined;
}

interface MorphoState {
  morpho: Address;
  blockNumber: bigint;
  timestamp: bigint;
  rows: ReadyRow[];
  known: Record<Hex, MorphoMarketInfo>;
  unknownMarketIds: Hex[];
  idleMarketIds: Hex[];
  failures: MorphoMarketFailure[];
  lastStored: Record<Hex, MarketState>;
  requests: number;
}

/** What one read is about, and where each market's failure is recorded without stopping the others. */
interface ReadContext {
  params: ReadMorphoPositionsParameters;
  morpho: Address;
  ids: Hex[];
  accounts: Address[];
  known: Record<Hex, MorphoMarketInfo>;
  failures: MorphoMarketFailure[];
}

/** Run one market's step; a throw fails that market only, named, and the others go on. */
function isolated<T>(ctx: ReadContext, id: Hex, step: () => T): T | undefined {
  try {
    return step();
  } catch (error) {
    ctx.failures.push({ id, error: asGuardError(error) });
    return undefined;
  }
}

async function readMorphoState(client: Client, params: ReadMorphoPositionsParameters): Promise<MorphoState> {
  const morpho = getAddress(params.morpho);
  const ctx: ReadContext = {
    params,
    morpho,
    ids: [...new Set(params.marketIds.map(normalizeMarketId))],
    accounts: [...new Set(params.accounts.map((a) => getAddress(a)))],
    known: params.marketStatic && params.marketStatic.morpho === morpho ? { ...params.marketStatic.markets } : {},
    failures: [],
  };
  const first = callBatch();
  const reads = queueFirst(first, ctx);
  await first.run(client);
  const { blockNumber, timestamp } = reads.block.value;
  const { rows, unknownMarketIds, idleMarketIds } = decodeFirst(ctx, reads);
  const second = callBatch();
  const tokens = new Map<Address, Decoded<AssetRef>>();
  const fills = rows.map((row) => queueMarketInfo(second, ctx, row, tokens));
  const rates = rows.map((row) => rateFor(second, ctx, row, reads.guesses.get(row.id)));
  if (second.calls.length > 0) await second.run(client, { blockNumber });
  fills.forEach((fill) => fill());
  const ready = rows.flatMap((row, i) => {
    const borrowRate = row.info && dueRate(ctx, row, rates[i]);
    if (!row.info || borrowRate === 'failed') return []; // failed: already in `failures`
    const oracleUpdatedAt = reads.ages.get(row.id)?.value;
    return [{ ...row, info: row.info, price: row.price?.value, borrowRate, oracleUpdatedAt }];
  });
  return {
    morpho,
    blockNumber,
    timestamp,
    rows: ready,
    known: ctx.known,
    unknownMarketIds,
    idleMarketIds,
    failures: ctx.failures,
    lastStored: Object.fromEntries(rows.map((r) => [r.id, r.stored])),
    requests: second.calls.length > 0 ? 2 : 1,
  };
}

/**
 * Request 1, at the latest block: per market `market(id)` and the oracle's price (params known) or
 * `idToMarketParams(id)`; per market × account `position`; the price's age where the feeds are known; and
 * last, the IRM's rate for the struct seen last time (see `lastStored`).
 */
function queueFirst(batch: CallBatch, ctx: ReadContext) {
  const { morpho, ids, accounts, known, params } = ctx;
  const block = addBlock(batch, params.chainId);
  const markets = ids.map((id) => {
    const info = known[id];
    return {
      id,
      market: batch.add({ address: morpho, abi: morphoAbi, functionName: 'market', args: [id] }),
      price: info ? batch.add({ address: info.params.oracle, abi: oracleAbi, functionName: 'price' }) : undefined,
      params: info ? undefined : batch.add({ address: morpho, abi: morphoAbi, functionName: 'idToMarketParams', args: [id] }),
    };
  });
  const positions = ids.map((id) =>
    accounts.map((user) => batch.add({ address: morpho, abi: morphoAbi, functionName: 'position', args: [id, user] })),
  );
  const ages = new Map(ids.flatMap((id) => (known[id]?.feeds?.length ? [[id, addOracleAge(batch, known[id].feeds)] as const] : [])));
  const guesses = new Map<Hex, Guess>(
    ids.flatMap((id): [Hex, Guess][] => {
      const info = known[id];
      const last = params.lastStored?.[id];
      const guessed = info && last && info.params.irm !== ZERO_ADDRESS && last.totalBorrowAssets > 0n;
      return guessed ? [[id, { last, rate: batch.add(rateCall(info.params, last)) }]] : [];
    }),
  );
  return { block, markets, positions, ages, guesses };
}
type FirstReads = ReturnType<typeof queueFirst>;

function decodeFirst(ctx: ReadContext, reads: FirstReads) {
  const rows: Row[] = [];
  const unknownMarketIds: Hex[] = [];
  const idleMarketIds: Hex[] = [];
  reads.markets.forEach((m, i) =>
    isolated(ctx, m.id, () => {
      const stored = m.market.value;
      if (!stored) throw new GuardError('bad-data', `Morpho ${ctx.morpho} did not return market ${m.id}.`);
      const state = toState(stored);
      if (state.lastUpdate === 0n) {
        unknownMarketIds.push(m.id);
        return;
      }
      const users = decodeUsers(ctx, m.id, reads.positions[i]!);
      if (ctx.params.borrowersOnly && users.length === 0) {
        idleMarketIds.push(m.id);
        return;
      }
      const info = ctx.known[m.id];
      const marketParams = info?.params ?? decodeMarketParams(m.params?.value);
      if (!marketParams) throw new GuardError('bad-data', `Morpho ${ctx.morpho} did not return the params of market ${m.id}.`);
      rows.push({ id: m.id, stored: state, params: marketParams, info, price: m.price, users });
    }),
  );
  return { rows, unknownMarketIds, idleMarketIds };
}

/** The accounts whose position counts in market `id` (borrowers only, with `borrowersOnly`). */
function decodeUsers(ctx: ReadContext, id: Hex, positions: readonly CallHandle<StoredPosition>[]): UserRow[] {
  return ctx.accounts.flatMap((account, k) => {
    const p = positions[k]!.value;
    if (!p) throw new GuardError('bad-data', `Morpho ${ctx.morpho} did not return the position of ${account} in ${id}.`);
    const [, borrowShares, collateral] = p;
    const counts = ctx.params.borrowersOnly ? borrowShares > 0n : borrowShares > 0n || collateral > 0n;
    return counts ? [{ account, borrowShares, collateral }] : [];
  });
}

/**
 * Request 2, for a market first seen: its oracle's price and feeds and both tokens (each token once per
 * request). The returned step fills `row.info` from the answers, or records the market's failure.
 */
function queueMarketInfo(batch: CallBatch, ctx: ReadContext, row: Row, tokens: Map<Address, Decoded<AssetRef>>): () => void {
  if (row.info) return () => {};
  const token = (t: Address) => tokens.get(t) ?? tokens.set(t, addToken(batch, t)).get(t)!;
  row.price = batch.add({ address: row.params.oracle, abi: oracleAbi, functionName: 'price' });
  const feeds = addFeeds(batch, row.params.oracle);
  const loanToken = token(row.params.loanToken);
  const collateralToken = token(row.params.collateralToken);
  return () =>
    isolated(ctx, row.id, () => {
      row.info = { id: row.id, params: row.params, loanToken: loanToken.value, collateralToken: collateralToken.value, feeds: feeds.value };
      ctx.known[row.id] = row.info;
    });
}

/**
 * The IRM rate a market needs — when an IRM charges interest on a borrow of these accounts (also when no time
 * has passed: projecting the debt in time needs the rate) — taken from request 1's guess when the struct is
 * the one guessed for, else asked in request 2.
 */
function rateFor(
  batch: CallBatch,
  ctx: ReadContext,
  row: Row,
  guess: Guess | undefined,
): CallHandle<bigint> | undefined {
  const due = row.params.irm !== ZERO_ADDRESS && row.stored.totalBorrowAssets > 0n && row.users.some((u) => u.borrowShares > 0n);
  if (!due) return undefined;
  if (guess && sameState(guess.last, row.stored)) return guess.rate;
  return batch.add(rateCall(row.params, row.stored));
}

/** The rate's value; 'failed' (recorded) when the IRM did not answer: the debt would be understated without it. */
function dueRate(ctx: ReadContext, row: Row, rate: CallHandle<bigint> | undefined): bigint | undefined | 'failed' {
  if (!rate) return undefined;
  if (rate.value !== undefined) return rate.value;
  const reverted = rate.result.status === 'failure';
  ctx.failures.push({
    id: row.id,
    error: new GuardError(reverted ? 'contract-reverted' : 'bad-data', `The interest rate model of Morpho market ${row.id} did not answer borrowRateView.`),
  });
  return 'failed';
}

function marketSnapshot(row: ReadyRow, timestamp: bigint): MorphoMarketSnapshot {
  // No rate read means no interest can be due to any position read here (no IRM, no time, no borrow, or
  // none of these accounts borrows): the stored state is then what every position below needs.
  const state = row.borrowRate === undefined ? row.stored : accrueInterest(row.stored, row.borrowRate, timestamp);
  // A reverting oracle gives no price: the engine then says "unknown", never "safe". An answer of 0 is kept:
  // Morpho uses it as is (every borrower becomes liquidatable, collateral seizable for nothing), so the
  // position is shown as the contract sees it, HF 0.
  return { info: row.info, state, stored: row.stored, price: row.price, borrowRate: row.borrowRate };
}

function buildMarketPositions(
  params: ReadMorphoPositionsParameters,
  read: MorphoState,
  row: ReadyRow,
  market: MorphoMarketSnapshot,
): Position[] {
  const { info, price } = market;
  const lltv = info.params.lltv;
  const bonus = liquidationIncentiveFactor(lltv);
  const assets = morphoMarketAssets(info, price, bonus);
  const collateral = (amount: bigint): CollateralLeg[] => [
    { ...info.collateralToken, amount, price, priceUnit: ORACLE_PRICE_SCALE, liquidationThreshold: lltv, liquidationBonus: bonus, usedAsCollateral: true },
  ];
  const debt = (shares: bigint): DebtLeg[] => [
    { ...info.loanToken, amount: borrowAssets(shares, market.state), price: LOAN_TOKEN_PRICE, priceUnit: LOAN_TOKEN_PRICE },
  ];
  return row.users.map((user): Position => ({
    protocol: 'morpho-blue',
    chainId: params.chainId,
    market: params.market,
    account: user.account,
    quote: info.loanToken.symbol,
    quoteDecimals: info.loanToken.decimals,
    blockNumber: read.blockNumber,
    timestamp: read.timestamp,
    collateral: user.collateral > 0n ? collateral(user.collateral) : [],
    debt: user.borrowShares > 0n ? debt(user.borrowShares) : [],
    assets,
    details: { protocol: 'morpho-blue', marketId: row.id, lltv },
    ...(user.borrowShares > 0n
      ? { interest: { protocol: 'morpho-blue' as const, stored: row.stored, borrowRate: row.borrowRate ?? 0n, borrowShares: user.borrowShares } }
      : {}),
    oracles: [{ asset: info.collateralToken.address, updatedAt: row.oracleUpdatedAt, feeds: info.feeds ?? [] }],
  }));
}

/** The collateral token at the oracle's price and the loan token at 1 (see `LOAN_TOKEN_PRICE`). */
function morphoMarketAssets(info: MorphoMarketInfo, price: bigint | undefined, bonus: bigint): MarketAsset[] {
  const lltv = info.params.lltv;
  return [
    {
      ...info.collateralToken,
      price,
      priceUnit: ORACLE_PRICE_SCALE,
      liquidationThreshold: lltv,
      liquidationBonus: bonus,
      canBeCollateral: true,
      canBeBorrowed: false,
    },
    {
      ...info.loanToken,
      price: LOAN_TOKEN_PRICE,
      priceUnit: LOAN_TOKEN_PRICE,
      liquidationThreshold: 0n,
      liquidationBonus: 0n,
      canBeCollateral: false,
      canBeBorrowed: true,
    },
  ];
}

/** The IRM's `borrowRateView(marketParams, market)`. */
function rateCall(marketParams: MorphoMarketParams, m: MarketState) {
  return {
    address: marketParams.irm,
    abi: irmAbi,
    functionName: 'borrowRateView' as const,
    args: [
      marketParams,
      {
        totalSupplyAssets: m.totalSupplyAssets,
        totalSupplyShares: m.totalSupplyShares,
        totalBorrowAssets: m.totalBorrowAssets,
        totalBorrowShares: m.totalBorrowShares,
        lastUpdate: m.lastUpdate,
        fee: m.fee,
      },
    ] as const,
  };
}

const sameState = (a: MarketState, b: MarketState) =>
  a.totalSupplyAssets === b.totalSupplyAssets &&
  a.totalSupplyShares === b.totalSupplyShares &&
  a.totalBorrowAssets === b.totalBorrowAssets &&
  a.totalBorrowShares === b.totalBorrowShares &&
  a.lastUpdate === b.lastUpdate &&
  a.fee === b.fee;

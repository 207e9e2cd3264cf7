import { getAddress, type Address, type Client, type Hex } from 'viem';
import { GuardError } from '../../errors.ts';
import { asGuardError } from '../shared/classify.ts';
import type { CollateralLeg, DebtLeg, MarketAsset, Position } from '../../risk/types.ts';
import { blockCalls, blockInfo, multicall, value, type Call, type CallResult } from '../shared/multicall.ts';
import { irmAbi, morphoAbi, oracleAbi } from './abi.ts';
import { feedCalls, decodeFeeds, oracleRef, roundCalls } from './oracle-feeds.ts';
import {
  ZERO_ADDRESS,
  decodeMarketParams,
  decodeToken,
  normalizeMarketId,
  tokenCalls,
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
type RawParams = readonly [Address, Address, Address, Address, bigint];

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
  const morpho = getAddress(params.morpho);
  const known: Record<Hex, MorphoMarketInfo> =
    params.marketStatic && params.marketStatic.morpho === morpho ? { ...params.marketStatic.markets } : {};
  const ids = [...new Set(params.marketIds.map(normalizeMarketId))];
  const accounts = [...new Set(params.accounts.map((a) => getAddress(a)))];

  // Markets whose IRM rate can be asked at once, for the struct seen last time (see `lastStored`).
  const guessed = ids.flatMap((id) => {
    const info = known[id];
    const last = params.lastStored?.[id];
    return info && last && info.params.irm !== ZERO_ADDRESS && last.totalBorrowAssets > 0n ? [{ id }] : [];
  });

  // ---- request 1, at the latest block ----------------------------------------------------------------------
  const perMarket = 2;
  const knownBefore = ids.map((id) => known[id]);
  const first = await multicall(client, [
    ...blockCalls,
    ...ids.flatMap((id): Call[] => {
      const info = known[id];
      return [
        { address: morpho, abi: morphoAbi, functionName: 'market', args: [id] },
        info
          ? { address: info.params.oracle, abi: oracleAbi, functionName: 'price' }
          : { address: morpho, abi: morphoAbi, functionName: 'idToMarketParams', args: [id] },
      ];
    }),
    ...ids.flatMap((id) =>
      accounts.map((user): Call => ({ address: morpho, abi: morphoAbi, functionName: 'position', args: [id, user] })),
    ),
    ...roundCalls(knownBefore), // the price's age, for markets whose feeds are known
    ...guessed.map(({ id }) => rateCall(known[id]!.params, params.lastStored![id]!)), // last (see `lastStored`)
  ]);
  const roundsAt = blockCalls.length + perMarket * ids.length + ids.length * accounts.length;
  const guessAt = new Map(guessed.map(({ id }, g) => [id, first.length - guessed.length + g]));
  const { blockNumber, timestamp } = blockInfo(first, params.chainId);
  const B = blockCalls.length;
  const at = (i: number, j: number): CallResult | undefined => first[B + perMarket * i + j];
  const positionsAt = B + perMarket * ids.length;

  interface Row {
    id: Hex;
    stored: MarketState;
    params: MorphoMarketParams;
    info: MorphoMarketInfo | undefined;
    price: CallResult | undefined;
    users: { account: Address; borrowShares: bigint; collateral: bigint }[];
  }
  const rows: Row[] = [];
  const unknownMarketIds: Hex[] = [];
  const idleMarketIds: Hex[] = [];
  const failures: MorphoMarketFailure[] = [];
  /** Run one market's step; a throw fails that market only, named, and the others go on. */
  const isolated = <T>(id: Hex, step: () => T): T | undefined => {
    try {
      return step();
    } catch (error) {
      failures.push({ id, error: asGuardError(error) });
      return undefined;
    }
  };
  ids.forEach((id, i) =>
    isolated(id, () => {
      const stored = value<StoredMarket>(at(i, 0));
      if (!stored) throw new GuardError('bad-data', `Morpho ${morpho} did not return market ${id}.`);
      const state = toState(stored);
      if (state.lastUpdate === 0n) {
        unknownMarketIds.push(id);
        return;
      }
      const users = accounts.flatMap((account, k) => {
        const p = value<StoredPosition>(first[positionsAt + i * accounts.length + k]);
        if (!p) throw new GuardError('bad-data', `Morpho ${morpho} did not return the position of ${account} in ${id}.`);
        const [, borrowShares, collateral] = p;
        const counts = params.borrowersOnly ? borrowShares > 0n : borrowShares > 0n || collateral > 0n;
        return counts ? [{ account, borrowShares, collateral }] : [];
      });
      if (params.borrowersOnly && users.length === 0) {
        idleMarketIds.push(id);
        return;
      }
      const info = known[id];
      const marketParams = info?.params ?? decodeMarketParams(value<RawParams>(at(i, 1)));
      if (!marketParams) throw new GuardError('bad-data', `Morpho ${morpho} did not return the params of market ${id}.`);
      rows.push({ id, stored: state, params: marketParams, info, price: info ? at(i, 1) : undefined, users });
    }),
  );

  // ---- request 2, pinned to the same block: what request 1 could not know how to ask ------------------------
  const second: Call[] = [];
  const fills: ((results: readonly CallResult[]) => void)[] = [];
  const tokenSlots = new Map<Address, number>();
  for (const row of rows) {
    if (!row.info) {
      second.push({ address: row.params.oracle, abi: oracleAbi, functionName: 'price' });
      const priceSlot = second.length - 1;
      const feedSlot = second.length;
      second.push(...feedCalls(row.params.oracle));
      for (const token of [row.params.loanToken, row.params.collateralToken]) {
        if (!tokenSlots.has(token)) {
          tokenSlots.set(token, second.length);
          second.push(...tokenCalls(token));
        }
      }
      fills.push((results) =>
        isolated(row.id, () => {
          row.price = results[priceSlot];
          const token = (t: Address) => decodeToken(t, results.slice(tokenSlots.get(t)!, tokenSlots.get(t)! + 3));
          row.info = {
            id: row.id,
            params: row.params,
            loanToken: token(row.params.loanToken),
            collateralToken: token(row.params.collateralToken),
            feeds: decodeFeeds(results.slice(feedSlot, feedSlot + 4)),
          };
          known[row.id] = row.info;
        }),
      );
    }
  }
  const rateSlots = new Map<Hex, { from: 'first' | 'second'; at: number }>();
  for (const row of rows) {
    const due =
      // Also read when no time has passed: projecting the debt in time needs the rate.
      row.params.irm !== ZERO_ADDRESS &&
      row.stored.totalBorrowAssets > 0n &&
      row.users.some((u) => u.borrowShares > 0n);
    if (!due) continue;
    const guess = guessAt.get(row.id);
    if (guess !== undefined && sameState(params.lastStored![row.id]!, row.stored)) {
      rateSlots.set(row.id, { from: 'first', at: guess });
      continue;
    }
    rateSlots.set(row.id, { from: 'second', at: second.length });
    second.push(rateCall(row.params, row.stored));
  }
  const secondResults = second.length > 0 ? await multicall(client, second, blockNumber) : [];
  for (const fill of fills) fill(secondResults);

  // ---- positions ------------------------------------------------------------------------------------------
  const positions: Position[] = [];
  const markets: MorphoMarketSnapshot[] = [];
  const ages = new Map<Hex, bigint | undefined>();
  let roundAt = roundsAt;
  ids.forEach((id, i) => {
    const feeds = knownBefore[i]?.feeds ?? [];
    if (feeds.length === 0) return;
    ages.set(id, oracleRef(feeds, first.slice(roundAt, roundAt + feeds.length)));
    roundAt += feeds.length;
  });
  for (const row of rows) {
    const info = row.info;
    if (!info) continue; // its tokens failed: already in `failures`
    const rateSlot = rateSlots.get(row.id);
    let borrowRate: bigint | undefined;
    if (rateSlot !== undefined) {
      const answer = (rateSlot.from === 'first' ? first : secondResults)[rateSlot.at];
      borrowRate = value<bigint>(answer);
      // Without the rate the debt would be understated; no number is better than a low one.
      if (borrowRate === undefined) {
        const reverted = answer?.status === 'failure';
        failures.push({
          id: row.id,
          error: new GuardError(reverted ? 'contract-reverted' : 'bad-data', `The interest rate model of Morpho market ${row.id} did not answer borrowRateView.`),
        });
        continue;
      }
    }
    // No rate read means no interest can be due to any position read here (no IRM, no time, no borrow, or
    // none of these accounts borrows): the stored state is then what every position below needs.
    const state = borrowRate === undefined ? row.stored : accrueInterest(row.stored, borrowRate, timestamp);
    // A reverting oracle gives no price: the engine then says "unknown", never "safe". An answer of 0 is kept:
    // Morpho uses it as is (every borrower becomes liquidatable, collateral seizable for nothing), so the
    // position is shown as the contract sees it, HF 0.
    const price = value<bigint>(row.price);
    markets.push({ info, state, stored: row.stored, price, borrowRate });

    const lltv = info.params.lltv;
    const bonus = liquidationIncentiveFactor(lltv);
    const assets: MarketAsset[] = [
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
    for (const user of row.users) {
      const collateral: CollateralLeg[] =
        user.collateral > 0n
          ? [
              {
                ...info.collateralToken,
                amount: user.collateral,
                price,
                priceUnit: ORACLE_PRICE_SCALE,
                liquidationThreshold: lltv,
                liquidationBonus: bonus,
                usedAsCollateral: true,
              },
            ]
          : [];
      const debt: DebtLeg[] =
        user.borrowShares > 0n
          ? [{ ...info.loanToken, amount: borrowAssets(user.borrowShares, state), price: LOAN_TOKEN_PRICE, priceUnit: LOAN_TOKEN_PRICE }]
          : [];
      positions.push({
        protocol: 'morpho-blue',
        chainId: params.chainId,
        market: params.market,
        account: user.account,
        quote: info.loanToken.symbol,
        quoteDecimals: info.loanToken.decimals,
        blockNumber,
        timestamp,
        collateral,
        debt,
        assets,
        details: { protocol: 'morpho-blue', marketId: row.id, lltv },
        ...(user.borrowShares > 0n
          ? { interest: { protocol: 'morpho-blue' as const, stored: row.stored, borrowRate: borrowRate ?? 0n, borrowShares: user.borrowShares } }
          : {}),
        oracles: [
          { asset: info.collateralToken.address, updatedAt: ages.get(row.id), feeds: info.feeds ?? [] },
        ],
      });
    }
  }
  return {
    positions,
    marketStatic: { morpho, markets: known },
    markets,
    unknownMarketIds,
    failures,
    idleMarketIds,
    lastStored: Object.fromEntries(rows.map((r) => [r.id, r.stored])),
    blockNumber,
    timestamp,
    requests: second.length > 0 ? 2 : 1,
  };
}

/** The IRM's `borrowRateView(marketParams, market)`. */
function rateCall(marketParams: MorphoMarketParams, m: MarketState): Call {
  return {
    address: marketParams.irm,
    abi: irmAbi,
    functionName: 'borrowRateView',
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
    ],
  };
}

const sameState = (a: MarketState, b: MarketState) =>
  a.totalSupplyAssets === b.totalSupplyAssets &&
  a.totalSupplyShares === b.totalSupplyShares &&
  a.totalBorrowAssets === b.totalBorrowAssets &&
  a.totalBorrowShares === b.totalBorrowShares &&
  a.lastUpdate === b.lastUpdate &&
  a.fee === b.fee;

import { getAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { bpsToWad } from './rules.ts';
import { aaveMathForRevision, countsZeroLtCollateral } from './versions.ts';
import { aaveBalanceRounding } from './tokens.ts';
import type { CollateralLeg, DebtLeg, MarketAsset, Position } from '../../core/types.ts';
import { addBlock, callBatch, type CallBatch, type CallHandle } from '../shared/batch.ts';
import type { Call } from '../shared/multicall.ts';
import { erc20Abi, oracleAbi, poolAbi } from './abi.ts';
import { decodeReserveConfig, isBorrowing, isInBitmap, isUsingAsCollateral, type ReserveConfig } from './configuration.ts';
import { readAaveMarketStatic, type AaveMarketStatic } from './market.ts';
import { addAaveInterest, addSources, attachAaveInterest, type ReserveRates } from './interest.ts';

export interface ReadAavePositionsParameters {
  chainId: number;
  /** Display name of the market. */
  market: string;
  poolAddressesProvider: Address;
  accounts: readonly Address[];
  /** Static market data from an earlier read (saves three requests per refresh). */
  marketStatic?: AaveMarketStatic;
  /** What the previous read found (`expected` of its result): lets a warm refresh be one request. */
  expected?: AaveExpectation;
}

export interface ReadAavePositionsReturnType {
  /** One per account that has any supply or debt in the market. */
  positions: Position[];
  marketStatic: AaveMarketStatic;
  /** For the next read's `expected`. */
  expected: AaveExpectation;
  /** eth_call rounds this read made (1 when the expectation held and no pre-3.2 e-mode price source). */
  rounds: number;
}

/**
 * The accounts' configuration bitmaps and e-mode categories, each reserve's token addresses and price
 * source, as last read. Which balances, e-mode data and interest state a read needs follows from them, so
 * with them in hand those calls ride in the first request; they are used only if the first request then finds
 * exactly the same bitmaps, categories, tokens and sources (same block, same calls: the numbers are those a
 * second request would have read).
 */
export interface AaveExpectation {
  users: Record<Address, { config: bigint; eMode: number }>;
  tokens: { a: Address; v: Address; s: Address }[];
  sources: (Address | null)[];
}

interface ReserveData extends ReserveRates {
  configuration: { data: bigint };
  variableBorrowIndex: bigint;
  aTokenAddress: Address;
  stableDebtTokenAddress: Address;
  variableDebtTokenAddress: Address;
}

interface EModeData {
  /** bps; 3.6 uses it for whether a new supply becomes collateral. */
  ltv?: bigint;
  ltvzeroBitmap?: bigint;
  liquidationThreshold: bigint; // bps
  liquidationBonus: bigint; // bps
  /** Legacy (< 3.2) category price source, used for member assets when non-zero. */
  price: bigint | undefined;
  /** 3.2+: which reserve ids count as collateral in the category / may be borrowed. */
  collateralBitmap?: bigint;
  borrowableBitmap?: bigint;
}

const ZERO = '0x0000000000000000000000000000000000000000';
const USD_DECIMALS = 8; // AaveOracle BASE_CURRENCY_UNIT = 1e8 on every USD-based v3 market
const AAVE_PRICE_UNIT_BASE = 10n;

/**
 * Positions of many accounts in one Aave v3 market, in two JSON-RPC requests whatever the number of
 * accounts (after the static read):
 *  1. one multicall at the latest block: its block number, timestamp and chain id, every reserve's data,
 *     oracle prices, and per account the configuration bitmap and e-mode category;
 *  2. one multicall pinned to that block: e-mode parameters of the categories in use and, per account,
 *     balances of only the reserves its bitmap flags.
 * Balances are read through the aToken / debt tokens' `balanceOf`, which accrue interest to the block
 * exactly as GenericLogic does (scaled balance × normalized income/debt).
 */
export async function readAavePositions(
  client: Client,
  params: ReadAavePositionsParameters,
): Promise<ReadAavePositionsReturnType> {
  const marketStatic = params.marketStatic ?? (await readAaveMarketStatic(client, params.poolAddressesProvider));
  const state = await readAaveState(client, params, marketStatic);
  // Kept static data (it may come from storage, a day old) describes another reserve list: read it again, once.
  if (state === 'stale') return readAavePositions(client, { ...params, marketStatic: undefined });
  return {
    positions: buildAavePositions(params, marketStatic, state),
    marketStatic,
    expected: {
      users: Object.fromEntries(state.users.map((u) => [u.account, { config: u.config, eMode: u.eMode }])),
      tokens: state.tokens,
      sources: state.sources.map((x) => x ?? null),
    },
    rounds: state.rounds,
  };
}

interface UserState {
  account: Address;
  config: bigint;
  eMode: number;
}

/** One account's balances in one reserve; `sa`/`sv` the scaled aToken / variable debt balances, if read. */
interface Balance {
  a: bigint;
  v: bigint;
  s: bigint;
  sa?: bigint;
  sv?: bigint;
}

/** Everything the positions are built from, read in one to three requests at one block. */
interface AaveState {
  blockNumber: bigint;
  timestamp: bigint;
  prices: readonly bigint[];
  reserveData: (ReserveData & { config: ReserveConfig })[];
  users: UserState[];
  /** The Pool's normalized income and variable debt per reserve (the stored index where nobody borrows). */
  indexes: { supply: bigint | undefined; borrow: bigint | undefined }[];
  sources: (Address | undefined)[];
  tokens: AaveExpectation['tokens'];
  eModes: Map<number, EModeData>;
  /** Per user, per reserve. */
  balances: Balance[][];
  interest: ReturnType<SecondPlan['interest']['read']>;
  rounds: number;
}

/** What one read is about. */
interface ReadContext {
  params: ReadAavePositionsParameters;
  marketStatic: AaveMarketStatic;
  zeroLtCounts: boolean;
  accounts: Address[];
  assets: Address[];
}

async function readAaveState(
  client: Client,
  params: ReadAavePositionsParameters,
  marketStatic: AaveMarketStatic,
): Promise<AaveState | 'stale'> {
  const ctx: ReadContext = {
    params,
    marketStatic,
    zeroLtCounts: countsZeroLtCollateral(aaveMathForRevision(marketStatic.poolRevision).model),
    accounts: params.accounts.map((a) => getAddress(a)),
    assets: marketStatic.reserves.map((r) => r.address),
  };
  const predicted = predictSecond(ctx);
  const batch = callBatch();
  const reads = queueFirst(batch, ctx);
  // The expected second round rides in the first request; used only if the first confirms its inputs.
  if (predicted) batch.include(predicted.batch);
  await batch.run(client);
  const { blockNumber, timestamp } = reads.block.value;
  if (params.marketStatic && !sameList(reads.list.value, ctx.assets)) return 'stale';
  const first = decodeFirst(ctx, reads);
  const tokens = first.reserveData.map((d) => ({ a: d.aTokenAddress, v: d.variableDebtTokenAddress, s: d.stableDebtTokenAddress }));
  // Second request, pinned to the first one's block so every number describes the same state — unless the
  // first request already carried exactly these calls (the expectation held).
  const actual = planSecond(callBatch(), ctx, { tokens, sources: first.sources, users: first.users });
  const reused = predicted !== undefined && sameCalls(predicted.batch.calls, actual.batch.calls);
  const plan = reused ? predicted : actual;
  if (!reused) await actual.batch.run(client, { blockNumber });
  const eModes = await readEModes(client, ctx, blockNumber, plan);
  const balances = decodeBalances(ctx, first.users, plan);
  const interest = plan.interest.read(first.reserveData, timestamp, marketStatic.eModeModel === 'bitmaps', {
    scaled: (ref) => balances[ref.user]![ref.reserve]![ref.kind === 'a' ? 'sa' : 'sv'],
    // Read before a reserve nobody borrows gets its stored index below: the Pool's own answer tells the formula.
    normalizedDebt: (i) => reads.indexes[i]!.borrow.value,
  });
  // A reserve nobody borrows keeps its stored borrow index (see `planSecond`).
  const indexes = first.indexes.map((idx, i) =>
    plan.debtSupply[i]?.value === 0n ? { ...idx, borrow: first.reserveData[i]!.variableBorrowIndex } : idx,
  );
  const rounds = (reused || actual.batch.calls.length === 0 ? 1 : 2) + (eModes.legacyPrices ? 1 : 0);
  return { blockNumber, timestamp, ...first, indexes, tokens, eModes: eModes.byId, balances, interest, rounds };
}

/**
 * Request 1, at the latest block: its block number, timestamp and chain id, every reserve's data, oracle prices,
 * per account the configuration bitmap and e-mode category, the normalized indexes (for simulations that round
 * as the tokens do), the price sources, and the reserve list (has governance listed or dropped a reserve since
 * the static read?).
 */
function queueFirst(batch: CallBatch, ctx: ReadContext) {
  const { pool, oracle } = ctx.marketStatic;
  return {
    block: addBlock(batch, ctx.params.chainId),
    prices: batch.add({ address: oracle, abi: oracleAbi, functionName: 'getAssetsPrices', args: [ctx.assets] }),
    reserveData: ctx.assets.map((asset) => batch.add({ address: pool, abi: poolAbi, functionName: 'getReserveData', args: [asset] })),
    users: ctx.accounts.map((user) => ({
      account: user,
      config: batch.add({ address: pool, abi: poolAbi, functionName: 'getUserConfiguration', args: [user] }),
      eMode: batch.add({ address: pool, abi: poolAbi, functionName: 'getUserEMode', args: [user] }),
    })),
    indexes: ctx.assets.map((asset) => ({
      supply: batch.add({ address: pool, abi: poolAbi, functionName: 'getReserveNormalizedIncome', args: [asset] }),
      borrow: batch.add({ address: pool, abi: poolAbi, functionName: 'getReserveNormalizedVariableDebt', args: [asset] }),
    })),
    sources: addSources(batch, oracle, ctx.assets),
    list: batch.add({ address: pool, abi: poolAbi, functionName: 'getReservesList' }),
  };
}
type FirstReads = ReturnType<typeof queueFirst>;

const sameList = (list: readonly Address[] | undefined, assets: readonly Address[]) =>
  list !== undefined && list.length === assets.length && list.every((a, i) => getAddress(a) === assets[i]);

function decodeFirst(ctx: ReadContext, reads: FirstReads) {
  const prices = reads.prices.value;
  if (!prices || prices.length !== ctx.assets.length) {
    throw new GuardError('bad-data', `Oracle ${ctx.marketStatic.oracle} did not return prices for the reserves.`);
  }
  const reserveData = reads.reserveData.map((h, i) => {
    const data: ReserveData | undefined = h.value;
    if (!data) throw new GuardError('bad-data', `Pool did not return reserve data for ${ctx.assets[i]}.`);
    return { ...data, config: decodeReserveConfig(data.configuration.data) };
  });
  const users = reads.users.map(({ account, config, eMode }): UserState => {
    if (!config.value || eMode.value === undefined) {
      throw new GuardError('bad-data', `Pool did not return the configuration of ${account}.`);
    }
    return { account, config: config.value.data, eMode: Number(eMode.value) };
  });
  const indexes = reads.indexes.map((idx) => ({ supply: idx.supply.value, borrow: idx.borrow.value }));
  const sources = reads.sources.map((h) => {
    const s = h.value;
    return s && s !== ZERO ? getAddress(s) : undefined;
  });
  return { prices, reserveData, users, indexes, sources };
}

/** Request 2 as the last read's expectation predicts it, when there is one for every account. */
function predictSecond(ctx: ReadContext): SecondPlan | undefined {
  const expected = ctx.params.expected;
  const usable =
    ctx.params.marketStatic &&
    expected &&
    expected.tokens.length === ctx.assets.length &&
    expected.sources?.length === ctx.assets.length &&
    ctx.accounts.every((a) => expected.users[a]);
  if (!usable) return undefined;
  return planSecond(callBatch(), ctx, {
    tokens: expected.tokens,
    sources: expected.sources.map((x) => x ?? undefined),
    users: ctx.accounts.map((account) => ({ account, ...expected.users[account]! })),
  });
}

type BalanceKind = 'a' | 'v' | 's' | 'sa' | 'sv';
type SecondPlan = ReturnType<typeof planSecond>;

/**
 * The calls that follow from the accounts' bitmaps (and the reserves' tokens and price sources), queued in
 * `batch` in this order: e-mode data of their categories, the balances that count (aTokens where the collateral
 * bit is set or the asset is also borrowed, debt tokens where borrowed, with their scaled balances), each
 * reserve's scaled debt supply when anything is held, 3.6's ltvzero bitmaps, and the interest state for the
 * liquidation time.
 */
function planSecond(
  batch: CallBatch,
  ctx: ReadContext,
  p: { tokens: AaveExpectation['tokens']; sources: readonly (Address | undefined)[]; users: readonly UserState[] },
) {
  const { pool, eModeModel } = ctx.marketStatic;
  const categories = [...new Set(p.users.map((u) => u.eMode).filter((c) => c !== 0))];
  const eModes = categories.map((id) => ({ id, reads: queueEMode(batch, pool, eModeModel, id) }));
  const balances = queueBalances(batch, ctx, p.tokens, p.users);
  // A reserve nobody borrows keeps its stored borrow index (ReserveLogic `_updateIndexes` skips it) while
  // getReserveNormalizedVariableDebt compounds anyway: a first borrow mints against the stored one.
  // Only when some account holds something: a market none of them uses stays at one request.
  const debtSupply =
    balances.length === 0 ? [] : p.tokens.map((t) => batch.add({ address: t.v, abi: erc20Abi, functionName: 'scaledTotalSupply' }));
  // 3.6: an asset in a category's ltvzero bitmap has LTV 0 there (ValidationLogic v3.6.0:653-674).
  const ltvzero =
    eModeModel === 'bitmaps' && ctx.zeroLtCounts
      ? categories.map((id) => batch.add({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryLtvzeroBitmap', args: [id] }))
      : undefined;
  // Interest state for the liquidation time: stable-debt terms and price ages (scaled balances are read above).
  const interest = addAaveInterest(batch, {
    accounts: ctx.accounts,
    tokens: p.tokens.map((t) => ({ stableDebtTokenAddress: t.s })),
    balances: balances.filter((b): b is typeof b & { kind: 'a' | 'v' | 's' } => b.kind === 'a' || b.kind === 'v' || b.kind === 's'),
    sources: p.sources,
  });
  return { batch, eModes, balances, debtSupply, ltvzero, interest };
}

function queueEMode(batch: CallBatch, pool: Address, model: AaveMarketStatic['eModeModel'], id: number) {
  if (model === 'legacy') {
    return { kind: 'legacy' as const, data: batch.add({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryData', args: [id] }) };
  }
  return {
    kind: 'bitmaps' as const,
    config: batch.add({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryCollateralConfig', args: [id] }),
    collateralBitmap: batch.add({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryCollateralBitmap', args: [id] }),
    borrowableBitmap: batch.add({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryBorrowableBitmap', args: [id] }),
  };
}

function queueBalances(batch: CallBatch, ctx: ReadContext, tokens: AaveExpectation['tokens'], users: readonly UserState[]) {
  const balances: { user: number; reserve: number; kind: BalanceKind; read: CallHandle<bigint> }[] = [];
  const add = (user: number, reserve: number, kind: BalanceKind, token: Address, functionName: 'balanceOf' | 'scaledBalanceOf') =>
    balances.push({ user, reserve, kind, read: batch.add({ address: token, abi: erc20Abi, functionName, args: [users[user]!.account] }) });
  users.forEach((u, k) => {
    ctx.marketStatic.reserves.forEach((r, i) => {
      const borrowing = isBorrowing(u.config, r.id);
      const t = tokens[i]!;
      // Aave keeps no bit for "supplies but not as collateral", so such supplies could only be found by
      // reading every aToken for every account (60 reserves × 50 accounts on mainnet). They do not count
      // for health, so we read aTokens where the collateral bit is set, or where the user also borrows
      // the asset (shown on both sides).
      if (isUsingAsCollateral(u.config, r.id) || borrowing) {
        add(k, i, 'a', t.a, 'balanceOf');
        add(k, i, 'sa', t.a, 'scaledBalanceOf');
      }
      if (borrowing) {
        add(k, i, 'v', t.v, 'balanceOf');
        add(k, i, 'sv', t.v, 'scaledBalanceOf');
        if (t.s !== ZERO) add(k, i, 's', t.s, 'balanceOf');
      }
    });
  });
  return balances;
}

/** The e-mode categories in use; pre-3.2 categories with their own price source cost a third request. */
async function readEModes(client: Client, ctx: ReadContext, blockNumber: bigint, plan: SecondPlan) {
  const byId = new Map<number, EModeData>();
  const legacySources = new Map<number, Address>();
  plan.eModes.forEach(({ id, reads }, c) => {
    if (reads.kind === 'bitmaps') {
      byId.set(id, bitmapEMode(id, reads, plan.ltvzero?.[c]));
      return;
    }
    const cfg = reads.data.value;
    if (!cfg) throw new GuardError('bad-data', `Pool did not return e-mode category ${id}.`);
    byId.set(id, { liquidationThreshold: BigInt(cfg.liquidationThreshold), liquidationBonus: BigInt(cfg.liquidationBonus), price: undefined });
    if (cfg.priceSource !== ZERO) legacySources.set(id, cfg.priceSource);
  });
  if (legacySources.size === 0) return { byId, legacyPrices: false };
  // Pre-3.2 categories may price all their assets from one source; rare, so a third request only then.
  const batch = callBatch();
  const { oracle } = ctx.marketStatic;
  const prices = [...legacySources].map(([id, source]) => ({ id, price: batch.add({ address: oracle, abi: oracleAbi, functionName: 'getAssetPrice', args: [source] }) }));
  await batch.run(client, { blockNumber });
  for (const { id, price } of prices) {
    const p = price.value;
    byId.get(id)!.price = p && p > 0n ? p : undefined;
  }
  return { byId, legacyPrices: true };
}

function bitmapEMode(id: number, reads: Extract<ReturnType<typeof queueEMode>, { kind: 'bitmaps' }>, ltvzero: CallHandle<bigint> | undefined): EModeData {
  const cfg = reads.config.value;
  if (!cfg) throw new GuardError('bad-data', `Pool did not return e-mode category ${id}.`);
  return {
    ltv: BigInt(cfg.ltv),
    ...(ltvzero ? { ltvzeroBitmap: ltvzero.value ?? 0n } : {}),
    liquidationThreshold: BigInt(cfg.liquidationThreshold),
    liquidationBonus: BigInt(cfg.liquidationBonus),
    price: undefined,
    // A missing bitmap would silently drop assets out of e-mode and give a wrong HF: refuse instead.
    collateralBitmap: required(reads.collateralBitmap.value, `e-mode ${id} collateral bitmap`),
    borrowableBitmap: required(reads.borrowableBitmap.value, `e-mode ${id} borrowable bitmap`),
  };
}

function decodeBalances(ctx: ReadContext, users: readonly UserState[], plan: SecondPlan): Balance[][] {
  const balances = users.map(() => ctx.marketStatic.reserves.map((): Balance => ({ a: 0n, v: 0n, s: 0n, sa: undefined, sv: undefined })));
  for (const { user, reserve, kind, read } of plan.balances) {
    const bal = read.value;
    // A scaled balance only sharpens simulations: a token without it still reads.
    if (kind === 'sa' || kind === 'sv') {
      balances[user]![reserve]![kind] = bal;
      continue;
    }
    if (bal === undefined) {
      throw new GuardError('bad-data', `Could not read a ${ctx.marketStatic.reserves[reserve]!.symbol} balance of ${users[user]!.account}.`);
    }
    balances[user]![reserve]![kind] = bal;
  }
  return balances;
}

function required<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new GuardError('bad-data', `Pool did not return the ${what}.`);
  return v;
}

const callKey = (c: Call) => `${c.address.toLowerCase()}:${c.functionName}:${(c.args ?? []).map(String).join(',').toLowerCase()}`;
const sameCalls = (a: readonly Call[], b: readonly Call[]) => a.length === b.length && a.every((c, i) => callKey(c) === callKey(b[i]!));

function buildAavePositions(params: ReadAavePositionsParameters, marketStatic: AaveMarketStatic, state: AaveState): Position[] {
  const math = aaveMathForRevision(marketStatic.poolRevision);
  return state.users.flatMap((u, k) => {
    const view = userView(marketStatic, state, u, countsZeroLtCollateral(math.model));
    const legs = marketStatic.reserves.map((r, i) => reserveLegs(state, view, k, r, i));
    const collateral = legs.flatMap((l) => l.collateral);
    const debt = legs.flatMap((l) => l.debt);
    if (collateral.length === 0 && debt.length === 0) return [];
    // Same fields as aave-v4/positions.ts's literal: both fill the Position contract field by field; the USD decimals
    // come from different contracts, and a shared builder would only hide which protocol sets what.
    const position: Position = {
      protocol: 'aave-v3',
      chainId: params.chainId,
      market: params.market,
      account: u.account,
      quote: 'USD',
      quoteDecimals: USD_DECIMALS,
      blockNumber: state.blockNumber,
      timestamp: state.timestamp,
      collateral,
      debt,
      assets: legs.map((l) => l.asset),
      details: {
        protocol: 'aave-v3',
        eModeCategory: u.eMode,
        isolated: view.isolated,
        ...(marketStatic.poolRevision !== undefined ? { poolRevision: marketStatic.poolRevision } : {}),
        math: math.model,
        ...(math.verified ? {} : { unverifiedMath: true }),
      },
    };
    const assets = marketStatic.reserves.map((r) => r.address);
    return [
      attachAaveInterest(position, {
        user: k,
        reserveIndex: (a) => assets.indexOf(a),
        rates: state.reserveData,
        decoded: state.interest,
        sources: state.sources,
        balanceRounding: aaveBalanceRounding(math.model),
      }),
    ];
  });
}

/** What one user's legs depend on beyond the reserve: e-mode, isolation, the release's LT-0 rule. */
function userView(marketStatic: AaveMarketStatic, state: AaveState, u: UserState, zeroLtCounts: boolean) {
  const { reserves } = marketStatic;
  const eMode = u.eMode === 0 ? undefined : state.eModes.get(u.eMode);
  const collateralIds = reserves.filter((r) => isUsingAsCollateral(u.config, r.id));
  const isolated =
    collateralIds.length === 1 && state.reserveData[reserves.indexOf(collateralIds[0]!)]!.config.debtCeiling > 0n;
  const inEMode = (r: { id: number }, cfg: ReserveConfig) =>
    eMode !== undefined &&
    (eMode.collateralBitmap !== undefined ? isInBitmap(eMode.collateralBitmap, r.id) : cfg.eModeCategory === u.eMode);
  return { u, eMode, inEMode, isolated, hasCollateral: collateralIds.length > 0, zeroLtCounts };
}

type UserView = ReturnType<typeof userView>;

/** User k's legs and market asset in reserve i. */
function reserveLegs(state: AaveState, view: UserView, k: number, r: AaveMarketStatic['reserves'][number], i: number) {
  const terms = reserveTerms(state, view, r, i);
  return { ...userLegs(state.balances[k]![i]!, terms, view.zeroLtCounts), asset: marketAsset(view, r, terms) };
}

/** The reserve as this user sees it: e-mode or not, its price, threshold and bonus. */
function reserveTerms(state: AaveState, view: UserView, r: AaveMarketStatic['reserves'][number], i: number) {
  const { eMode } = view;
  const cfg = state.reserveData[i]!.config;
  const emode = view.inEMode(r, cfg);
  const p = eMode?.price !== undefined && emode ? eMode.price : state.prices[i]!;
  return {
    cfg,
    emode,
    price: p > 0n ? p : undefined, // AaveOracle answers 0 when it has no price: say "missing"
    priceUnit: AAVE_PRICE_UNIT_BASE ** BigInt(cfg.decimals),
    lt: emode ? eMode!.liquidationThreshold : cfg.liquidationThreshold,
    bonus: emode ? eMode!.liquidationBonus : cfg.liquidationBonus,
    used: isUsingAsCollateral(view.u.config, r.id),
    ref: { address: r.address, symbol: r.symbol, decimals: cfg.decimals },
    idx: state.indexes[i]!,
  };
}
type ReserveTerms = ReturnType<typeof reserveTerms>;

function userLegs(bal: Balance, t: ReserveTerms, zeroLtCounts: boolean) {
  const { cfg, ref, price, priceUnit, used, idx } = t;
  const collateral: CollateralLeg[] = [];
  const debt: DebtLeg[] = [];
  if (bal.a > 0n) {
    collateral.push({
      ...ref,
      amount: bal.a,
      price,
      priceUnit,
      // Up to 3.5 GenericLogic counts a reserve only if its own LT is non-zero and the user's bit is
      // set; 3.6 counts every reserve enabled as collateral, with the e-mode LT where the category's
      // bitmap holds it — so an asset with LT 0 outside e-mode is collateral inside it.
      liquidationThreshold: used && (zeroLtCounts || cfg.liquidationThreshold !== 0n) ? bpsToWad(t.lt) : 0n,
      liquidationBonus: bpsToWad(t.bonus),
      usedAsCollateral: used,
      liquidationProtocolFee: bpsToWad(cfg.liquidationProtocolFee),
      ...(bal.sa !== undefined && idx.supply ? { scaled: { amount: bal.sa, index: idx.supply } } : {}),
    });
  }
  if (bal.v + bal.s > 0n) {
    // Only a purely variable debt can be simulated through its scaled balance.
    const scaled = bal.s === 0n && bal.sv !== undefined && idx.borrow ? { scaled: { amount: bal.sv, index: idx.borrow } } : {};
    debt.push({ ...ref, amount: bal.v + bal.s, price, priceUnit, ...scaled });
  }
  return { collateral, debt };
}

function marketAsset(view: UserView, r: AaveMarketStatic['reserves'][number], t: ReserveTerms): MarketAsset {
  const { u, eMode, zeroLtCounts } = view;
  const { cfg, idx } = t;
  // ValidationLogic.validateAutomaticUseAsCollateral: a new supply becomes collateral only if the
  // asset has an LTV, is not isolated, and the user is not in isolation mode (or has no collateral).
  // 3.6 asks the user's LTV for the reserve: the e-mode's when the category holds it as collateral
  // (0 if in its ltvzero bitmap), else the reserve's; earlier releases the reserve's own.
  const userLtv =
    zeroLtCounts && t.emode && eMode!.ltv !== undefined
      ? eMode!.ltvzeroBitmap !== undefined && isInBitmap(eMode!.ltvzeroBitmap, r.id) ? 0n : eMode!.ltv
      : cfg.ltv;
  const canBeCollateral = userLtv !== 0n && cfg.debtCeiling === 0n && (!view.hasCollateral || !view.isolated);
  const borrowableInEMode =
    eMode === undefined ||
    (eMode.borrowableBitmap !== undefined ? isInBitmap(eMode.borrowableBitmap, r.id) : cfg.eModeCategory === u.eMode);
  return {
    ...t.ref,
    price: t.price,
    priceUnit: t.priceUnit,
    liquidationThreshold: bpsToWad(t.lt),
    liquidationBonus: bpsToWad(t.bonus),
    canBeCollateral,
    canBeBorrowed:
      cfg.active && !cfg.frozen && !cfg.paused && cfg.borrowingEnabled && borrowableInEMode &&
      (!view.isolated || cfg.borrowableInIsolation),
    ...(idx.supply ? { supplyIndex: idx.supply } : {}),
    ...(idx.borrow ? { borrowIndex: idx.borrow } : {}),
  };
}

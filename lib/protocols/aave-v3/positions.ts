import { getAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { bpsToWad } from './rules.ts';
import { aaveMathForRevision, countsZeroLtCollateral } from './versions.ts';
import { aaveBalanceRounding } from './tokens.ts';
import type { CollateralLeg, DebtLeg, MarketAsset, Position } from '../../risk/types.ts';
import { blockCalls, blockInfo, multicall, value, type Call } from '../shared/multicall.ts';
import { erc20Abi, oracleAbi, poolAbi } from './abi.ts';
import { decodeReserveConfig, isBorrowing, isInBitmap, isUsingAsCollateral, type ReserveConfig } from './configuration.ts';
import { readAaveMarketStatic, type AaveMarketStatic } from './market.ts';
import { attachAaveInterest, interestCalls, sourceCalls, type ReserveRates } from './interest.ts';

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
  const { pool, oracle, reserves } = marketStatic;
  const math = aaveMathForRevision(marketStatic.poolRevision);
  const zeroLtCounts = countsZeroLtCollateral(math.model);
  const accounts = params.accounts.map((a) => getAddress(a));
  const assets = reserves.map((r) => r.address);
  const expected = params.expected;
  // The second round's calls for these accounts, given what they depend on (tokens, price sources, users).
  const secondRoundFor = (rest: Pick<Parameters<typeof secondRound>[0], 'tokens' | 'sources' | 'users'>) =>
    secondRound({ pool, eModeModel: marketStatic.eModeModel, zeroLtCounts, reserves, accounts, ...rest });
  const predicted =
    params.marketStatic &&
    expected &&
    expected.tokens.length === assets.length &&
    expected.sources?.length === assets.length &&
    accounts.every((a) => expected.users[a])
      ? secondRoundFor({
          tokens: expected.tokens,
          sources: expected.sources.map((x) => x ?? undefined),
          users: accounts.map((account) => ({ account, ...expected.users[account]! })),
        })
      : undefined;

  const perAccount = 2;
  const first = await multicall(client, [
    ...blockCalls,
    { address: oracle, abi: oracleAbi, functionName: 'getAssetsPrices', args: [assets] },
    ...assets.map((asset): Call => ({ address: pool, abi: poolAbi, functionName: 'getReserveData', args: [asset] })),
    ...accounts.flatMap((user): Call[] => [
      { address: pool, abi: poolAbi, functionName: 'getUserConfiguration', args: [user] },
      { address: pool, abi: poolAbi, functionName: 'getUserEMode', args: [user] },
    ]),
    // Normalized indexes at the block, for simulations that round as the tokens do (same request).
    ...assets.flatMap((asset): Call[] => [
      { address: pool, abi: poolAbi, functionName: 'getReserveNormalizedIncome', args: [asset] },
      { address: pool, abi: poolAbi, functionName: 'getReserveNormalizedVariableDebt', args: [asset] },
    ]),
    ...sourceCalls(oracle, assets), // after the indexes, so the indices above stay as they are
    // Then: has governance listed or dropped a reserve since the static read? And the expected second round.
    { address: pool, abi: poolAbi, functionName: 'getReservesList' },
    ...(predicted?.calls ?? []),
  ]);
  const listAt = first.length - 1 - (predicted?.calls.length ?? 0);
  const { blockNumber, timestamp } = blockInfo(first, params.chainId);
  if (params.marketStatic) {
    const list = value<readonly Address[]>(first[listAt]);
    const same = list !== undefined && list.length === assets.length && list.every((a, i) => getAddress(a) === assets[i]);
    // Kept static data (it may come from storage, a day old) describes another reserve list: read it again, once.
    if (!same) return readAavePositions(client, { ...params, marketStatic: undefined });
  }
  const B = blockCalls.length;
  const prices = value<readonly bigint[]>(first[B]);
  if (!prices || prices.length !== assets.length) {
    throw new GuardError('bad-data', `Oracle ${oracle} did not return prices for the reserves.`);
  }
  const reserveData = assets.map((asset, i) => {
    const data = value<ReserveData>(first[B + 1 + i]);
    if (!data) throw new GuardError('bad-data', `Pool did not return reserve data for ${asset}.`);
    return { ...data, config: decodeReserveConfig(data.configuration.data) };
  });
  const base = B + 1 + assets.length;
  const users = accounts.map((account, k) => {
    const cfg = value<{ data: bigint }>(first[base + perAccount * k]);
    const eMode = value<bigint>(first[base + perAccount * k + 1]);
    if (!cfg || eMode === undefined) {
      throw new GuardError('bad-data', `Pool did not return the configuration of ${account}.`);
    }
    return { account, config: cfg.data, eMode: Number(eMode) };
  });
  const indexBase = base + perAccount * accounts.length;
  const indexes = assets.map((_, i) => ({
    supply: value<bigint>(first[indexBase + 2 * i]),
    borrow: value<bigint>(first[indexBase + 2 * i + 1]),
  }));

  const sourcesAt = indexBase + 2 * assets.length;
  const sources = assets.map((_, i) => {
    const s = value<Address>(first[sourcesAt + i]);
    return s && s !== ZERO ? getAddress(s) : undefined;
  });
  // Second request, pinned to the first one's block so every number describes the same state — unless the
  // first request already carried exactly these calls (the expectation held).
  const tokens = reserveData.map((d) => ({ a: d.aTokenAddress, v: d.variableDebtTokenAddress, s: d.stableDebtTokenAddress }));
  const { categories, eModeCalls, balanceIndex, balanceCalls, debtSupplyCalls, ltvzeroCalls, interest, calls } = secondRoundFor({ tokens, sources, users });
  const reused = predicted !== undefined && sameCalls(predicted.calls, calls);
  let rounds = reused || calls.length === 0 ? 1 : 2;
  const second = reused ? first.slice(listAt + 1) : await multicall(client, calls, blockNumber);
  // Read before a reserve nobody borrows gets its stored index below: the Pool's own answer tells the formula.
  const normalizedDebt = (i: number) => value<bigint>(first[indexBase + 2 * i + 1]);
  const ltvzeroBase = eModeCalls.length + balanceCalls.length + debtSupplyCalls.length;
  reserveData.forEach((d, i) => {
    if (debtSupplyCalls.length > 0 && value<bigint>(second[eModeCalls.length + balanceCalls.length + i]) === 0n) indexes[i]!.borrow = d.variableBorrowIndex;
  });

  const eModes = new Map<number, EModeData>();
  const legacyPriceSources = new Map<number, Address>();
  categories.forEach((id, c) => {
    if (marketStatic.eModeModel === 'bitmaps') {
      const cfg = value<{ ltv: number; liquidationThreshold: number; liquidationBonus: number }>(second[3 * c]);
      if (!cfg) throw new GuardError('bad-data', `Pool did not return e-mode category ${id}.`);
      eModes.set(id, {
        ltv: BigInt(cfg.ltv),
        ...(ltvzeroCalls.length > 0 ? { ltvzeroBitmap: value<bigint>(second[ltvzeroBase + c]) ?? 0n } : {}),
        liquidationThreshold: BigInt(cfg.liquidationThreshold),
        liquidationBonus: BigInt(cfg.liquidationBonus),
        price: undefined,
        // A missing bitmap would silently drop assets out of e-mode and give a wrong HF: refuse instead.
        collateralBitmap: required(value<bigint>(second[3 * c + 1]), `e-mode ${id} collateral bitmap`),
        borrowableBitmap: required(value<bigint>(second[3 * c + 2]), `e-mode ${id} borrowable bitmap`),
      });
    } else {
      const cfg = value<{ liquidationThreshold: number; liquidationBonus: number; priceSource: Address }>(second[c]);
      if (!cfg) throw new GuardError('bad-data', `Pool did not return e-mode category ${id}.`);
      eModes.set(id, { liquidationThreshold: BigInt(cfg.liquidationThreshold), liquidationBonus: BigInt(cfg.liquidationBonus), price: undefined });
      if (cfg.priceSource !== ZERO) legacyPriceSources.set(id, cfg.priceSource);
    }
  });
  if (legacyPriceSources.size > 0) {
    // Pre-3.2 categories may price all their assets from one source; rare, so a third request only then.
    rounds++;
    const ids = [...legacyPriceSources.keys()];
    const answers = await multicall(
      client,
      ids.map((id): Call => ({ address: oracle, abi: oracleAbi, functionName: 'getAssetPrice', args: [legacyPriceSources.get(id)!] })),
      blockNumber,
    );
    ids.forEach((id, j) => {
      const price = value<bigint>(answers[j]);
      eModes.get(id)!.price = price && price > 0n ? price : undefined;
    });
  }

  const balances = users.map(() => reserves.map(() => ({ a: 0n, v: 0n, s: 0n, sa: undefined as bigint | undefined, sv: undefined as bigint | undefined })));
  balanceIndex.forEach((ix, j) => {
    const bal = value<bigint>(second[eModeCalls.length + j]);
    // A scaled balance only sharpens simulations: a token without it still reads.
    if (ix.kind === 'sa' || ix.kind === 'sv') {
      balances[ix.user]![ix.reserve]![ix.kind] = bal;
      return;
    }
    if (bal === undefined) {
      throw new GuardError('bad-data', `Could not read a ${reserves[ix.reserve]!.symbol} balance of ${users[ix.user]!.account}.`);
    }
    balances[ix.user]![ix.reserve]![ix.kind] = bal;
  });
  const interestRead = interest.read(
    second.slice(eModeCalls.length + balanceCalls.length + debtSupplyCalls.length + ltvzeroCalls.length),
    reserveData,
    timestamp,
    marketStatic.eModeModel === 'bitmaps',
    { scaled: (ref) => balances[ref.user]![ref.reserve]![ref.kind === 'a' ? 'sa' : 'sv'], normalizedDebt },
  );

  const positions: Position[] = [];
  users.forEach((u, k) => {
    const eMode = u.eMode === 0 ? undefined : eModes.get(u.eMode);
    const inEMode = (r: { id: number }, cfg: ReserveConfig) =>
      eMode !== undefined &&
      (eMode.collateralBitmap !== undefined ? isInBitmap(eMode.collateralBitmap, r.id) : cfg.eModeCategory === u.eMode);
    const priceOf = (i: number): bigint | undefined => {
      const r = reserves[i]!;
      const cfg = reserveData[i]!.config;
      const p = eMode?.price !== undefined && inEMode(r, cfg) ? eMode.price : prices[i]!;
      return p > 0n ? p : undefined; // AaveOracle answers 0 when it has no price: say "missing"
    };
    const collateralIds = reserves.filter((r) => isUsingAsCollateral(u.config, r.id));
    const isolated =
      collateralIds.length === 1 && reserveData[reserves.indexOf(collateralIds[0]!)]!.config.debtCeiling > 0n;

    const collateral: CollateralLeg[] = [];
    const debt: DebtLeg[] = [];
    const marketAssets: MarketAsset[] = [];
    reserves.forEach((r, i) => {
      const cfg = reserveData[i]!.config;
      const bal = balances[k]![i]!;
      const price = priceOf(i);
      const priceUnit = AAVE_PRICE_UNIT_BASE ** BigInt(cfg.decimals);
      const emode = inEMode(r, cfg);
      const lt = emode ? eMode!.liquidationThreshold : cfg.liquidationThreshold;
      const bonus = emode ? eMode!.liquidationBonus : cfg.liquidationBonus;
      const used = isUsingAsCollateral(u.config, r.id);
      const ref = { address: r.address, symbol: r.symbol, decimals: cfg.decimals };
      const idx = indexes[i]!;
      if (bal.a > 0n) {
        collateral.push({
          ...ref,
          amount: bal.a,
          price,
          priceUnit,
          // Up to 3.5 GenericLogic counts a reserve only if its own LT is non-zero and the user's bit is
          // set; 3.6 counts every reserve enabled as collateral, with the e-mode LT where the category's
          // bitmap holds it — so an asset with LT 0 outside e-mode is collateral inside it.
          liquidationThreshold: used && (zeroLtCounts || cfg.liquidationThreshold !== 0n) ? bpsToWad(lt) : 0n,
          liquidationBonus: bpsToWad(bonus),
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
      // ValidationLogic.validateAutomaticUseAsCollateral: a new supply becomes collateral only if the
      // asset has an LTV, is not isolated, and the user is not in isolation mode (or has no collateral).
      // 3.6 asks the user's LTV for the reserve: the e-mode's when the category holds it as collateral
      // (0 if in its ltvzero bitmap), else the reserve's; earlier releases the reserve's own.
      const userLtv =
        zeroLtCounts && emode && eMode!.ltv !== undefined
          ? eMode!.ltvzeroBitmap !== undefined && isInBitmap(eMode!.ltvzeroBitmap, r.id) ? 0n : eMode!.ltv
          : cfg.ltv;
      const canBeCollateral =
        userLtv !== 0n && cfg.debtCeiling === 0n && (collateralIds.length === 0 || !isolated);
      const borrowableInEMode =
        eMode === undefined ||
        (eMode.borrowableBitmap !== undefined ? isInBitmap(eMode.borrowableBitmap, r.id) : cfg.eModeCategory === u.eMode);
      marketAssets.push({
        ...ref,
        price,
        priceUnit,
        liquidationThreshold: bpsToWad(lt),
        liquidationBonus: bpsToWad(bonus),
        canBeCollateral,
        canBeBorrowed:
          cfg.active && !cfg.frozen && !cfg.paused && cfg.borrowingEnabled && borrowableInEMode &&
          (!isolated || cfg.borrowableInIsolation),
        ...(idx.supply ? { supplyIndex: idx.supply } : {}),
        ...(idx.borrow ? { borrowIndex: idx.borrow } : {}),
      });
    });
    if (collateral.length === 0 && debt.length === 0) return;
    // Same fields as aave-v4/positions.ts's literal: both fill the Position contract field by field; the USD decimals
    // come from different contracts, and a shared builder would only hide which protocol sets what.
    const position: Position = {
      protocol: 'aave-v3',
      chainId: params.chainId,
      market: params.market,
      account: u.account,
      quote: 'USD',
      quoteDecimals: USD_DECIMALS,
      blockNumber,
      timestamp,
      collateral,
      debt,
      assets: marketAssets,
      details: {
        protocol: 'aave-v3',
        eModeCategory: u.eMode,
        isolated,
        ...(marketStatic.poolRevision !== undefined ? { poolRevision: marketStatic.poolRevision } : {}),
        math: math.model,
        ...(math.verified ? {} : { unverifiedMath: true }),
      },
    };
    positions.push(
      attachAaveInterest(position, {
        user: k,
        reserveIndex: (a) => assets.indexOf(a),
        rates: reserveData,
        decoded: interestRead,
        sources,
        balanceRounding: aaveBalanceRounding(math.model),
      }),
    );
  });
  return {
    positions,
    marketStatic,
    expected: {
      users: Object.fromEntries(users.map((u) => [u.account, { config: u.config, eMode: u.eMode }])),
      tokens,
      sources: sources.map((x) => x ?? null),
    },
    rounds,
  };
}

function required<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new GuardError('bad-data', `Pool did not return the ${what}.`);
  return v;
}

/**
 * The calls that follow from the accounts' bitmaps (and the reserves' tokens and price sources): e-mode data of
 * their categories, the balances that count (aTokens where the collateral bit is set or the asset is also
 * borrowed, debt tokens where borrowed, with their scaled balances), each reserve's scaled debt supply when
 * anything is held, 3.6's ltvzero bitmaps, and the interest state for the liquidation time.
 */
function secondRound(p: {
  pool: Address;
  eModeModel: AaveMarketStatic['eModeModel'];
  zeroLtCounts: boolean;
  reserves: AaveMarketStatic['reserves'];
  accounts: readonly Address[];
  tokens: AaveExpectation['tokens'];
  sources: readonly (Address | undefined)[];
  users: readonly { account: Address; config: bigint; eMode: number }[];
}) {
  const { pool, users } = p;
  const categories = [...new Set(users.map((u) => u.eMode).filter((c) => c !== 0))];
  const eModeCalls = categories.flatMap((id): Call[] =>
    p.eModeModel === 'bitmaps'
      ? [
          { address: pool, abi: poolAbi, functionName: 'getEModeCategoryCollateralConfig', args: [id] },
          { address: pool, abi: poolAbi, functionName: 'getEModeCategoryCollateralBitmap', args: [id] },
          { address: pool, abi: poolAbi, functionName: 'getEModeCategoryBorrowableBitmap', args: [id] },
        ]
      : [{ address: pool, abi: poolAbi, functionName: 'getEModeCategoryData', args: [id] }],
  );
  const balanceCalls: Call[] = [];
  const balanceIndex: { user: number; reserve: number; kind: 'a' | 'v' | 's' | 'sa' | 'sv' }[] = [];
  users.forEach((u, k) => {
    p.reserves.forEach((r, i) => {
      const used = isUsingAsCollateral(u.config, r.id);
      const borrowing = isBorrowing(u.config, r.id);
      const t = p.tokens[i]!;
      // Aave keeps no bit for "supplies but not as collateral", so such supplies could only be found by
      // reading every aToken for every account (60 reserves × 50 accounts on mainnet). They do not count
      // for health, so we read aTokens where the collateral bit is set, or where the user also borrows
      // the asset (shown on both sides).
      if (used || borrowing) {
        balanceCalls.push({ address: t.a, abi: erc20Abi, functionName: 'balanceOf', args: [u.account] });
        balanceIndex.push({ user: k, reserve: i, kind: 'a' });
        balanceCalls.push({ address: t.a, abi: erc20Abi, functionName: 'scaledBalanceOf', args: [u.account] });
        balanceIndex.push({ user: k, reserve: i, kind: 'sa' });
      }
      if (borrowing) {
        balanceCalls.push({ address: t.v, abi: erc20Abi, functionName: 'balanceOf', args: [u.account] });
        balanceIndex.push({ user: k, reserve: i, kind: 'v' });
        balanceCalls.push({ address: t.v, abi: erc20Abi, functionName: 'scaledBalanceOf', args: [u.account] });
        balanceIndex.push({ user: k, reserve: i, kind: 'sv' });
        if (t.s !== ZERO) {
          balanceCalls.push({ address: t.s, abi: erc20Abi, functionName: 'balanceOf', args: [u.account] });
          balanceIndex.push({ user: k, reserve: i, kind: 's' });
        }
      }
    });
  });
  // A reserve nobody borrows keeps its stored borrow index (ReserveLogic `_updateIndexes` skips it) while
  // getReserveNormalizedVariableDebt compounds anyway: a first borrow mints against the stored one.
  // Only when some account holds something: a market none of them uses stays at one request.
  const debtSupplyCalls =
    balanceCalls.length === 0 ? [] : p.tokens.map((t): Call => ({ address: t.v, abi: erc20Abi, functionName: 'scaledTotalSupply' }));
  // 3.6: an asset in a category's ltvzero bitmap has LTV 0 there (ValidationLogic v3.6.0:653-674).
  const ltvzeroCalls =
    p.eModeModel === 'bitmaps' && p.zeroLtCounts
      ? categories.map((id): Call => ({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryLtvzeroBitmap', args: [id] }))
      : [];
  // Interest state for the liquidation time: stable-debt terms and price ages (scaled balances are read above).
  const interest = interestCalls({
    accounts: p.accounts,
    tokens: p.tokens.map((t) => ({ stableDebtTokenAddress: t.s })),
    balances: balanceIndex.filter((b): b is typeof b & { kind: 'a' | 'v' | 's' } => b.kind === 'a' || b.kind === 'v' || b.kind === 's'),
    sources: p.sources,
  });
  return {
    categories,
    eModeCalls,
    balanceIndex,
    balanceCalls,
    debtSupplyCalls,
    ltvzeroCalls,
    interest,
    calls: [...eModeCalls, ...balanceCalls, ...debtSupplyCalls, ...ltvzeroCalls, ...interest.calls],
  };
}

const callKey = (c: Call) => `${c.address.toLowerCase()}:${c.functionName}:${(c.args ?? []).map(String).join(',').toLowerCase()}`;
const sameCalls = (a: readonly Call[], b: readonly Call[]) => a.length === b.length && a.every((c, i) => callKey(c) === callKey(b[i]!));

import { getAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { bpsToWad } from '../../risk/rules/aave-v3.ts';
import { aaveMathForRevision, countsZeroLtCollateral } from '../../risk/rules/aave-v3-versions.ts';
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
}

export interface ReadAavePositionsReturnType {
  /** One per account that has any supply or debt in the market. */
  positions: Position[];
  marketStatic: AaveMarketStatic;
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
    ...sourceCalls(oracle, assets), // last, so the indices above stay as they are
  ]);
  const { blockNumber, timestamp } = blockInfo(first, params.chainId);
  const B = blockCalls.length;
  const prices = value<readonly bigint[]>(first[B]);
  if (!prices || prices.length !== assets.length) {
    throw new GuardError('PROTOCOL_READ', `Oracle ${oracle} did not return prices for the reserves.`);
  }
  const reserveData = assets.map((asset, i) => {
    const data = value<ReserveData>(first[B + 1 + i]);
    if (!data) throw new GuardError('PROTOCOL_READ', `Pool did not return reserve data for ${asset}.`);
    return { ...data, config: decodeReserveConfig(data.configuration.data) };
  });
  const base = B + 1 + assets.length;
  const users = accounts.map((account, k) => {
    const cfg = value<{ data: bigint }>(first[base + perAccount * k]);
    const eMode = value<bigint>(first[base + perAccount * k + 1]);
    if (!cfg || eMode === undefined) {
      throw new GuardError('PROTOCOL_READ', `Pool did not return the configuration of ${account}.`);
    }
    return { account, config: cfg.data, eMode: Number(eMode) };
  });
  const indexBase = base + perAccount * accounts.length;
  const indexes = assets.map((_, i) => ({
    supply: value<bigint>(first[indexBase + 2 * i]),
    borrow: value<bigint>(first[indexBase + 2 * i + 1]),
  }));

  // Second request, pinned to the first one's block so every number describes the same state.
  const categories = [...new Set(users.map((u) => u.eMode).filter((c) => c !== 0))];
  const eModeCalls = categories.flatMap((id): Call[] =>
    marketStatic.eModeModel === 'bitmaps'
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
    reserves.forEach((r, i) => {
      const used = isUsingAsCollateral(u.config, r.id);
      const borrowing = isBorrowing(u.config, r.id);
      const d = reserveData[i]!;
      // Aave keeps no bit for "supplies but not as collateral", so such supplies could only be found by
      // reading every aToken for every account (60 reserves × 50 accounts on mainnet). They do not count
      // for health, so we read aTokens where the collateral bit is set, or where the user also borrows
      // the asset (shown on both sides).
      if (used || borrowing) {
        balanceCalls.push({ address: d.aTokenAddress, abi: erc20Abi, functionName: 'balanceOf', args: [u.account] });
        balanceIndex.push({ user: k, reserve: i, kind: 'a' });
        balanceCalls.push({ address: d.aTokenAddress, abi: erc20Abi, functionName: 'scaledBalanceOf', args: [u.account] });
        balanceIndex.push({ user: k, reserve: i, kind: 'sa' });
      }
      if (borrowing) {
        balanceCalls.push({ address: d.variableDebtTokenAddress, abi: erc20Abi, functionName: 'balanceOf', args: [u.account] });
        balanceIndex.push({ user: k, reserve: i, kind: 'v' });
        balanceCalls.push({ address: d.variableDebtTokenAddress, abi: erc20Abi, functionName: 'scaledBalanceOf', args: [u.account] });
        balanceIndex.push({ user: k, reserve: i, kind: 'sv' });
        if (d.stableDebtTokenAddress !== ZERO) {
          balanceCalls.push({ address: d.stableDebtTokenAddress, abi: erc20Abi, functionName: 'balanceOf', args: [u.account] });
          balanceIndex.push({ user: k, reserve: i, kind: 's' });
        }
      }
    });
  });
  // A reserve nobody borrows keeps its stored borrow index (ReserveLogic `_updateIndexes` skips it) while
  // getReserveNormalizedVariableDebt compounds anyway: a first borrow mints against the stored one.
  // Only when some account holds something: a market none of them uses stays at one request.
  const debtSupplyCalls =
    balanceCalls.length === 0 ? [] : reserveData.map((d): Call => ({ address: d.variableDebtTokenAddress, abi: erc20Abi, functionName: 'scaledTotalSupply' }));
  // 3.6: an asset in a category's ltvzero bitmap has LTV 0 there (ValidationLogic v3.6.0:653-674).
  const ltvzeroCalls = marketStatic.eModeModel === 'bitmaps' && zeroLtCounts
    ? categories.map((id): Call => ({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryLtvzeroBitmap', args: [id] }))
    : [];
  const sourcesAt = indexBase + 2 * assets.length;
  const sources = assets.map((_, i) => {
    const s = value<Address>(first[sourcesAt + i]);
    return s && s !== ZERO ? getAddress(s) : undefined;
  });
  // Interest state for the liquidation time; it reads its own scaled balances (kinds a/v/s).
  const interest = interestCalls({
    pool,
    accounts,
    assets,
    tokens: reserveData,
    balances: balanceIndex.filter((b): b is typeof b & { kind: 'a' | 'v' | 's' } => b.kind === 'a' || b.kind === 'v' || b.kind === 's'),
    sources,
  });
  const second = await multicall(client, [...eModeCalls, ...balanceCalls, ...debtSupplyCalls, ...ltvzeroCalls, ...interest.calls], blockNumber);
  const interestRead = interest.read(
    second.slice(eModeCalls.length + balanceCalls.length + debtSupplyCalls.length + ltvzeroCalls.length),
    reserveData,
    timestamp,
    marketStatic.eModeModel === 'bitmaps',
  );
  const ltvzeroBase = eModeCalls.length + balanceCalls.length + debtSupplyCalls.length;
  reserveData.forEach((d, i) => {
    if (debtSupplyCalls.length > 0 && value<bigint>(second[eModeCalls.length + balanceCalls.length + i]) === 0n) indexes[i]!.borrow = d.variableBorrowIndex;
  });

  const eModes = new Map<number, EModeData>();
  const legacyPriceSources = new Map<number, Address>();
  categories.forEach((id, c) => {
    if (marketStatic.eModeModel === 'bitmaps') {
      const cfg = value<{ ltv: number; liquidationThreshold: number; liquidationBonus: number }>(second[3 * c]);
      if (!cfg) throw new GuardError('PROTOCOL_READ', `Pool did not return e-mode category ${id}.`);
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
      if (!cfg) throw new GuardError('PROTOCOL_READ', `Pool did not return e-mode category ${id}.`);
      eModes.set(id, { liquidationThreshold: BigInt(cfg.liquidationThreshold), liquidationBonus: BigInt(cfg.liquidationBonus), price: undefined });
      if (cfg.priceSource !== ZERO) legacyPriceSources.set(id, cfg.priceSource);
    }
  });
  if (legacyPriceSources.size > 0) {
    // Pre-3.2 categories may price all their assets from one source; rare, so a third request only then.
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
      throw new GuardError('PROTOCOL_READ', `Could not read a ${reserves[ix.reserve]!.symbol} balance of ${users[ix.user]!.account}.`);
    }
    balances[ix.user]![ix.reserve]![ix.kind] = bal;
  });

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
      attachAaveInterest(position, { user: k, reserveIndex: (a) => assets.indexOf(a), rates: reserveData, decoded: interestRead, sources }),
    );
  });
  return { positions, marketStatic };
}

function required<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new GuardError('PROTOCOL_READ', `Pool did not return the ${what}.`);
  return v;
}

import { getAddress, zeroAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { RAY, divUp, mulDiv } from '../../core/math.ts';
import { aggregatorAbi, updatedAtOf } from '../shared/aggregator.ts';
import type { CollateralLeg, DebtLeg, MarketAsset, OracleRef, Position } from '../../core/types.ts';
import type { AaveV4DynamicConfig, AaveV4HubAsset, AaveV4ReserveState } from './config.ts';
import { addBlock, callBatch, valuesOf } from '../shared/batch.ts';
import { hubAbi, spokeAbi, spokeOracleAbi } from './abi.ts';
import { readAaveV4SpokeStatic, type AaveV4SpokeStatic } from './market.ts';

export interface ReadAaveV4PositionsParameters {
  chainId: number;
  /** Display name of the Spoke (market). */
  market: string;
  spoke: Address;
  accounts: readonly Address[];
  /** Static Spoke data from an earlier read (saves two requests per refresh). */
  spokeStatic?: AaveV4SpokeStatic;
}

export interface ReadAaveV4PositionsReturnType {
  /** One per account that supplies or borrows anything on the Spoke. */
  positions: Position[];
  spokeStatic: AaveV4SpokeStatic;
}

interface UserPositionStruct {
  drawnShares: bigint;
  premiumShares: bigint;
  premiumOffsetRay: bigint;
  suppliedShares: bigint;
  dynamicConfigKey: number;
}
interface DynamicConfigStruct {
  collateralFactor: number;
  maxLiquidationBonus: number;
  liquidationFee: number;
}
interface HubAssetStruct {
  liquidity: bigint;
  realizedFees: bigint;
  addedShares: bigint;
  swept: bigint;
  premiumOffsetRay: bigint;
  drawnShares: bigint;
  premiumShares: bigint;
  liquidityFee: number;
  drawnIndex: bigint;
  drawnRate: bigint;
  lastUpdateTimestamp: number;
  deficitRay: bigint;
}
interface LiquidationConfigStruct {
  targetHealthFactor: bigint;
  healthFactorForMaxBonus: bigint;
  liquidationBonusFactor: number;
}
interface ReserveConfigStruct {
  collateralRisk: number;
  paused: boolean;
  frozen: boolean;
  borrowable: boolean;
  receiveSharesEnabled: boolean;
}

/** The Spoke's oracle answers in 8 decimals of USD (SpokeUtils.ORACLE_DECIMALS, SpokeUtils.sol:13). */
const USD_DECIMALS = 8;

/**
 * Positions of many accounts on one Aave v4 Spoke, in two JSON-RPC requests (after the static read):
 *  1. at the latest block: block/chain, the liquidation config, per reserve its current `Reserve` struct
 *     (latest config key), flags, oracle price and the Hub's drawn index and added assets/shares, and per
 *     account × reserve the stored `UserPosition` (shares, premium, the USER's config key) and status bits;
 *  2. pinned to that block: the dynamic configs under every key in use (the user's and the latest) and
 *     `Hub.previewRemoveByShares` for every supplied position — the amount the Spoke values collateral at.
 * Debt is derived from the stored shares exactly as UserPositionUtils.getDebt does (drawn: shares × index
 * rounded up; premium: premiumShares × index − premiumOffsetRay, kept in ray), never recomputed from a
 * risk premium: v4 refreshes premiums only on some actions.
 * For the interest projection (accrue.ts) request 1 also reads each reserve's stored Hub asset
 * (`IHub.getAsset`: index, rate, fee, totals) and the oracle's source; request 2 reads each used
 * source's `latestRoundData` (the price's age). Failing calls there only drop the projection / the age.
 */
export async function readAaveV4Positions(
  client: Client,
  params: ReadAaveV4PositionsParameters,
): Promise<ReadAaveV4PositionsReturnType> {
  const state = await readAaveV4State(client, params);
  return { positions: state.held ? buildAaveV4Positions(params, state, state.held) : [], spokeStatic: state.spokeStatic };
}

/** One reserve as request 1 read it. */
interface LiveReserve {
  latestKey: number;
  config: ReserveConfigStruct;
  price: bigint | undefined;
  drawnIndex: bigint;
  addedAssets: bigint;
  addedShares: bigint;
  hub: AaveV4HubAsset | undefined;
  source: Address | undefined;
}

interface UserState {
  account: Address;
  riskPremium: number;
  /** Per reserve, in the Spoke's order. */
  positions: { pos: UserPositionStruct; usingAsCollateral: boolean; borrowing: boolean }[];
}

/** Request 2's answers, keyed `reserve:key` (configs) and `user:reserve` (supplied amounts). */
interface HeldState {
  configs: Map<string, AaveV4DynamicConfig>;
  supplied: Map<string, bigint>;
  /** Per reserve index: its source's last update. */
  updatedAt: Map<number, bigint | undefined>;
}

interface AaveV4State {
  spokeStatic: AaveV4SpokeStatic;
  blockNumber: bigint;
  timestamp: bigint;
  liq: LiquidationConfigStruct;
  live: LiveReserve[];
  users: UserState[];
  /** Undefined when nobody here holds anything on the Spoke (no request 2). */
  held: HeldState | undefined;
}

async function readAaveV4State(client: Client, params: ReadAaveV4PositionsParameters): Promise<AaveV4State> {
  let spokeStatic = params.spokeStatic ?? (await readAaveV4SpokeStatic(client, params.spoke));
  const accounts = params.accounts.map((a) => getAddress(a));
  let first = await readFirst(client, params.chainId, spokeStatic, accounts);
  const count = first.count.value;
  if (count === undefined) throw new GuardError('bad-data', `Spoke ${spokeStatic.spoke} did not return its reserve count.`);
  if (Number(count) !== spokeStatic.reserves.length) {
    // Governance listed a reserve since the static read: read the Spoke afresh once.
    spokeStatic = await readAaveV4SpokeStatic(client, spokeStatic.spoke);
    first = await readFirst(client, params.chainId, spokeStatic, accounts);
  }
  const { blockNumber, timestamp } = first.block.value;
  const liq = first.liq.value;
  if (!liq) throw new GuardError('bad-data', `Spoke ${spokeStatic.spoke} did not return its liquidation config.`);
  const live = first.reserves.map((r, i) => decodeReserve(r, spokeStatic, i));
  const users = first.users.map((u) => decodeUser(u, spokeStatic));
  // Nobody here holds anything on this Spoke (the common case on a chain read for discovery): no position,
  // so no second request — the warm refresh of such a chain stays one request.
  const holdsAnything = users.some((u) =>
    u.positions.some((p) => p.pos.suppliedShares > 0n || p.pos.drawnShares > 0n || p.pos.premiumShares > 0n),
  );
  const held = holdsAnything ? await readHeld(client, blockNumber, spokeStatic, live, users) : undefined;
  return { spokeStatic, blockNumber, timestamp, liq, live, users, held };
}

/** Request 1, at the latest block (see `readAaveV4Positions`). */
async function readFirst(client: Client, chainId: number, s: AaveV4SpokeStatic, accounts: readonly Address[]) {
  const batch = callBatch();
  const spoke = s.spoke;
  const reads = {
    block: addBlock(batch, chainId),
    count: batch.add({ address: spoke, abi: spokeAbi, functionName: 'getReserveCount' }),
    liq: batch.add({ address: spoke, abi: spokeAbi, functionName: 'getLiquidationConfig' }),
    reserves: s.reserves.map((r) => ({
      reserve: batch.add({ address: spoke, abi: spokeAbi, functionName: 'getReserve', args: [BigInt(r.id)] }),
      config: batch.add({ address: spoke, abi: spokeAbi, functionName: 'getReserveConfig', args: [BigInt(r.id)] }),
      price: batch.add({ address: s.oracle, abi: spokeOracleAbi, functionName: 'getReservePrice', args: [BigInt(r.id)] }),
      drawnIndex: batch.add({ address: r.hub, abi: hubAbi, functionName: 'getAssetDrawnIndex', args: [BigInt(r.assetId)] }),
      addedAssets: batch.add({ address: r.hub, abi: hubAbi, functionName: 'getAddedAssets', args: [BigInt(r.assetId)] }),
      addedShares: batch.add({ address: r.hub, abi: hubAbi, functionName: 'getAddedShares', args: [BigInt(r.assetId)] }),
      asset: batch.add({ address: r.hub, abi: hubAbi, functionName: 'getAsset', args: [BigInt(r.assetId)] }),
      source: batch.add({ address: s.oracle, abi: spokeOracleAbi, functionName: 'getReserveSource', args: [BigInt(r.id)] }),
    })),
    users: accounts.map((user) => ({
      account: user,
      riskPremium: batch.add({ address: spoke, abi: spokeAbi, functionName: 'getUserLastRiskPremium', args: [user] }),
      positions: s.reserves.map((r) => ({
        position: batch.add({ address: spoke, abi: spokeAbi, functionName: 'getUserPosition', args: [BigInt(r.id), user] }),
        status: batch.add({ address: spoke, abi: spokeAbi, functionName: 'getUserReserveStatus', args: [BigInt(r.id), user] }),
      })),
    })),
  };
  await batch.run(client);
  return reads;
}
type FirstReads = Awaited<ReturnType<typeof readFirst>>;

function decodeReserve(reads: FirstReads['reserves'][number], s: AaveV4SpokeStatic, i: number): LiveReserve {
  const { reserve, config, price, drawnIndex, addedAssets, addedShares, asset, source } = valuesOf(reads);
  if (!reserve || !config || drawnIndex === undefined || addedAssets === undefined || addedShares === undefined) {
    const r = s.reserves[i]!;
    throw new GuardError('bad-data', `Could not read reserve ${r.id} (${r.symbol}) of Spoke ${s.spoke}.`);
  }
  return {
    latestKey: Number(reserve.dynamicConfigKey),
    config,
    // The oracle reverts on a missing or non-positive price (AaveOracle.sol:80-87): say "missing".
    price: price && price > 0n ? price : undefined,
    drawnIndex,
    addedAssets,
    addedShares,
    hub: asset && hubAsset(asset),
    source: source && source !== zeroAddress ? source : undefined,
  };
}

const hubAsset = (asset: HubAssetStruct): AaveV4HubAsset => ({
  liquidity: asset.liquidity,
  realizedFees: asset.realizedFees,
  swept: asset.swept,
  addedShares: asset.addedShares,
  drawnShares: asset.drawnShares,
  premiumShares: asset.premiumShares,
  premiumOffsetRay: asset.premiumOffsetRay,
  deficitRay: asset.deficitRay,
  liquidityFee: Number(asset.liquidityFee),
  drawnIndex: asset.drawnIndex,
  drawnRate: asset.drawnRate,
  lastUpdate: BigInt(asset.lastUpdateTimestamp),
});

function decodeUser(reads: FirstReads['users'][number], s: AaveV4SpokeStatic): UserState {
  const positions = reads.positions.map((p, i) => {
    const pos = p.position.value;
    const status = p.status.value;
    if (!pos || !status) {
      throw new GuardError('bad-data', `Could not read the ${s.reserves[i]!.symbol} position of ${reads.account} on Spoke ${s.spoke}.`);
    }
    return { pos, usingAsCollateral: status[0], borrowing: status[1] };
  });
  return { account: reads.account, riskPremium: Number(reads.riskPremium.value ?? 0n), positions };
}

/**
 * Request 2, pinned: dynamic configs under every key in use (the user's and the latest), supplied amounts as
 * the Spoke values them, and the sources' last updates of the reserves anyone here holds.
 */
async function readHeld(
  client: Client,
  blockNumber: bigint,
  s: AaveV4SpokeStatic,
  live: readonly LiveReserve[],
  users: readonly UserState[],
): Promise<HeldState> {
  const { keys, supplyIndex, used } = heldPlan(live, users);
  const batch = callBatch();
  const configR = keys.map((c) =>
    batch.add({ address: s.spoke, abi: spokeAbi, functionName: 'getDynamicReserveConfig', args: [BigInt(s.reserves[c.reserve]!.id), c.key] }),
  );
  const suppliedR = supplyIndex.map(({ user, reserve }) =>
    batch.add({
      address: s.reserves[reserve]!.hub,
      abi: hubAbi,
      functionName: 'previewRemoveByShares',
      args: [BigInt(s.reserves[reserve]!.assetId), users[user]!.positions[reserve]!.pos.suppliedShares],
    }),
  );
  const roundR = used.map((i) => batch.add({ address: live[i]!.source!, abi: aggregatorAbi, functionName: 'latestRoundData' }));
  await batch.run(client, { blockNumber });
  const configs = new Map(keys.map((c, j) => [`${c.reserve}:${c.key}`, dynamicConfig(configR[j]!.value, c, s.spoke)]));
  const supplied = new Map(
    supplyIndex.map(({ user, reserve }, j) => {
      const amount = suppliedR[j]!.value;
      if (amount === undefined) {
        throw new GuardError('bad-data', `Hub did not preview the ${s.reserves[reserve]!.symbol} supply of ${users[user]!.account}.`);
      }
      return [`${user}:${reserve}`, amount];
    }),
  );
  const updatedAt = new Map(used.map((i, j) => [i, updatedAtOf(roundR[j]!.value)]));
  return { configs, supplied, updatedAt };
}

/** Which config keys, supplied amounts and sources request 2 asks for. */
function heldPlan(live: readonly LiveReserve[], users: readonly UserState[]) {
  const configKeys = new Map<string, { reserve: number; key: number }>();
  const wantConfig = (reserve: number, key: number) => configKeys.set(`${reserve}:${key}`, { reserve, key });
  live.forEach((l, i) => wantConfig(i, l.latestKey));
  const supplyIndex: { user: number; reserve: number }[] = [];
  users.forEach((u, k) =>
    u.positions.forEach((p, i) => {
      if (p.pos.suppliedShares > 0n || p.pos.drawnShares > 0n || p.usingAsCollateral) wantConfig(i, Number(p.pos.dynamicConfigKey));
      if (p.pos.suppliedShares > 0n) supplyIndex.push({ user: k, reserve: i });
    }),
  );
  // Sources of the reserves anyone here holds: their last update is the leg's oracleUpdatedAt.
  const used = [...new Set(supplyIndex.map((x) => x.reserve).concat(users.flatMap((u) => u.positions.flatMap((p, i) => (p.pos.drawnShares > 0n ? [i] : [])))))]
    .filter((i) => live[i]!.source !== undefined)
    .sort((a, b) => a - b);
  return { keys: [...configKeys.values()], supplyIndex, used };
}

function dynamicConfig(cfg: DynamicConfigStruct | undefined, c: { reserve: number; key: number }, spoke: Address): AaveV4DynamicConfig {
  if (!cfg) throw new GuardError('bad-data', `Spoke ${spoke} did not return config ${c.key} of reserve ${c.reserve}.`);
  return {
    key: c.key,
    collateralFactor: Number(cfg.collateralFactor),
    maxLiquidationBonus: Number(cfg.maxLiquidationBonus),
    liquidationFee: Number(cfg.liquidationFee),
  };
}

function buildAaveV4Positions(params: ReadAaveV4PositionsParameters, state: AaveV4State, held: HeldState): Position[] {
  return state.users.flatMap((u, k) => {
    const legs = state.spokeStatic.reserves.map((r, i) => reserveLegs(state, held, u, k, i));
    const collateral = legs.flatMap((l) => l.collateral);
    const debt = legs.flatMap((l) => l.debt);
    if (collateral.length === 0 && debt.length === 0) return [];
    // Same fields as aave-v3/positions.ts's literal: both fill the Position contract field by field; the USD decimals
    // come from different contracts, and a shared builder would only hide which protocol sets what.
    const position: Position = {
      protocol: 'aave-v4',
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
        protocol: 'aave-v4',
        spoke: state.spokeStatic.spoke,
        targetHealthFactor: state.liq.targetHealthFactor,
        healthFactorForMaxBonus: state.liq.healthFactorForMaxBonus,
        liquidationBonusFactor: Number(state.liq.liquidationBonusFactor),
        riskPremium: u.riskPremium,
        reserves: legs.flatMap((l) => l.state),
      },
      // One reference per asset, the first reserve's, should two reserves share an underlying.
      oracles: legs.flatMap((l) => l.oracle).filter((o, j, all) => all.findIndex((p) => p.asset.toLowerCase() === o.asset.toLowerCase()) === j),
    };
    return [position];
  });
}

const bps = (x: number) => BigInt(x) * 10n ** 14n;

/** User k's legs, market asset, reserve state and oracle reference in reserve i. */
function reserveLegs(state: AaveV4State, held: HeldState, u: UserState, k: number, i: number) {
  const t = reserveTerms(state, held, u, k, i);
  const collateral: CollateralLeg[] =
    t.suppliedAmount > 0n
      ? [
          {
            ...t.ref,
            amount: t.suppliedAmount,
            price: t.l.price,
            priceUnit: t.priceUnit,
            // Spoke.sol:728-736: counted only if enabled, CF under the user's key > 0 and shares > 0.
            liquidationThreshold: t.usingAsCollateral ? bps(t.userConfig.collateralFactor) : 0n,
            liquidationBonus: bps(t.userConfig.maxLiquidationBonus),
            usedAsCollateral: t.usingAsCollateral,
          },
        ]
      : [];
  const debt: DebtLeg[] = t.pos.drawnShares > 0n ? [{ ...t.ref, amount: t.debtAmount, price: t.l.price, priceUnit: t.priceUnit }] : [];
  const holds = t.suppliedAmount > 0n || t.pos.drawnShares > 0n;
  return { collateral, debt, ...(holds ? heldReserve(held, t, i) : { state: [], oracle: [] }), asset: marketAsset(t) };
}

/** Reserve i as user k holds it: configs under the user's and the latest key, supplied and owed amounts. */
function reserveTerms(state: AaveV4State, held: HeldState, u: UserState, k: number, i: number) {
  const r = state.spokeStatic.reserves[i]!;
  const l = state.live[i]!;
  const { pos, usingAsCollateral } = u.positions[i]!;
  const latestConfig = held.configs.get(`${i}:${l.latestKey}`)!;
  // Premium.calculatePremiumRay (Premium.sol:17-23) and UserPositionUtils.getDebt (l.127-133).
  const premiumDebtRay = pos.premiumShares * l.drawnIndex - pos.premiumOffsetRay;
  return {
    r,
    l,
    pos,
    usingAsCollateral,
    latestConfig,
    userConfig: held.configs.get(`${i}:${Number(pos.dynamicConfigKey)}`) ?? latestConfig,
    ref: { address: r.underlying, symbol: r.symbol, decimals: r.decimals },
    priceUnit: 10n ** BigInt(r.decimals),
    suppliedAmount: held.supplied.get(`${k}:${i}`) ?? 0n,
    premiumDebtRay,
    debtAmount: pos.drawnShares > 0n ? mulDiv(pos.drawnShares, l.drawnIndex, RAY, 'up') + divUp(premiumDebtRay, RAY) : 0n,
  };
}
type ReserveTerms = ReturnType<typeof reserveTerms>;

/** The reserve state the rules and accrual need, and the price's oracle reference, for a reserve the user holds. */
function heldReserve(held: HeldState, t: ReserveTerms, i: number): { state: AaveV4ReserveState[]; oracle: OracleRef[] } {
  const { r, l, pos } = t;
  const state: AaveV4ReserveState = {
    address: r.underlying,
    reserveId: r.id,
    userConfig: t.userConfig,
    latestConfig: t.latestConfig,
    usingAsCollateral: t.usingAsCollateral,
    suppliedShares: pos.suppliedShares,
    drawnShares: pos.drawnShares,
    premiumDebtRay: t.premiumDebtRay,
    drawnIndex: l.drawnIndex,
    addedAssets: l.addedAssets,
    addedShares: l.addedShares,
    debtAmount: t.debtAmount,
    premiumShares: pos.premiumShares,
    ...(l.hub ? { hub: l.hub } : {}),
  };
  // AaveOracle reads `latestAnswer` of the reserve's source (AaveOracle.sol:78-87); a Chainlink-style
  // source also answers latestRoundData, whose updatedAt is the price's age.
  const at = held.updatedAt.get(i);
  const oracle: OracleRef[] = l.source ? [{ asset: r.underlying, updatedAt: at, feeds: at !== undefined ? [{ address: l.source, invert: false }] : [] }] : [];
  return { state: [state], oracle };
}

function marketAsset(t: ReserveTerms): MarketAsset {
  const { l } = t;
  // A reserve the user already uses as collateral keeps its key on supply; enabling a new one takes
  // the latest (Spoke.sol:404-405).
  const asCollateral = t.usingAsCollateral ? t.userConfig : t.latestConfig;
  return {
    ...t.ref,
    price: l.price,
    priceUnit: t.priceUnit,
    liquidationThreshold: bps(asCollateral.collateralFactor),
    liquidationBonus: bps(asCollateral.maxLiquidationBonus),
    canBeCollateral: asCollateral.collateralFactor > 0 && !l.config.paused && !l.config.frozen,
    canBeBorrowed: l.config.borrowable && !l.config.paused && !l.config.frozen,
  };
}

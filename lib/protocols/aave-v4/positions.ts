import { getAddress, zeroAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { RAY, divUp, mulDiv } from '../../risk/math.ts';
import { aggregatorAbi, updatedAtOf, type RoundData } from '../../oracle/abi.ts';
import type { CollateralLeg, DebtLeg, MarketAsset, OracleRef, Position } from '../../risk/types.ts';
import type { AaveV4DynamicConfig, AaveV4HubAsset, AaveV4ReserveState } from './config.ts';
import { blockCalls, blockInfo, multicall, value, type Call } from '../shared/multicall.ts';
import { hubAbi, spokeAbi, spokeOracleAbi } from './abi.ts';
import { readAaveV4SpokeStatic, type AaveV4SpokeStatic, type ReserveStruct } from './market.ts';

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
  let spokeStatic = params.spokeStatic ?? (await readAaveV4SpokeStatic(client, params.spoke));
  const spoke = spokeStatic.spoke;
  const accounts = params.accounts.map((a) => getAddress(a));

  const round1 = async (s: AaveV4SpokeStatic) => {
    const reserves = s.reserves;
    const calls: Call[] = [
      ...blockCalls,
      { address: spoke, abi: spokeAbi, functionName: 'getReserveCount' },
      { address: spoke, abi: spokeAbi, functionName: 'getLiquidationConfig' },
      ...reserves.flatMap((r): Call[] => [
        { address: spoke, abi: spokeAbi, functionName: 'getReserve', args: [BigInt(r.id)] },
        { address: spoke, abi: spokeAbi, functionName: 'getReserveConfig', args: [BigInt(r.id)] },
        { address: s.oracle, abi: spokeOracleAbi, functionName: 'getReservePrice', args: [BigInt(r.id)] },
        { address: r.hub, abi: hubAbi, functionName: 'getAssetDrawnIndex', args: [BigInt(r.assetId)] },
        { address: r.hub, abi: hubAbi, functionName: 'getAddedAssets', args: [BigInt(r.assetId)] },
        { address: r.hub, abi: hubAbi, functionName: 'getAddedShares', args: [BigInt(r.assetId)] },
        { address: r.hub, abi: hubAbi, functionName: 'getAsset', args: [BigInt(r.assetId)] },
        { address: s.oracle, abi: spokeOracleAbi, functionName: 'getReserveSource', args: [BigInt(r.id)] },
      ]),
      ...accounts.flatMap((user): Call[] => [
        { address: spoke, abi: spokeAbi, functionName: 'getUserLastRiskPremium', args: [user] },
        ...reserves.flatMap((r): Call[] => [
          { address: spoke, abi: spokeAbi, functionName: 'getUserPosition', args: [BigInt(r.id), user] },
          { address: spoke, abi: spokeAbi, functionName: 'getUserReserveStatus', args: [BigInt(r.id), user] },
        ]),
      ]),
    ];
    return multicall(client, calls);
  };

  let first = await round1(spokeStatic);
  const B = blockCalls.length;
  const count = value<bigint>(first[B]);
  if (count === undefined) throw new GuardError('bad-data', `Spoke ${spoke} did not return its reserve count.`);
  if (Number(count) !== spokeStatic.reserves.length) {
    // Governance listed a reserve since the static read: read the Spoke afresh once.
    spokeStatic = await readAaveV4SpokeStatic(client, spoke);
    first = await round1(spokeStatic);
  }
  const { blockNumber, timestamp } = blockInfo(first, params.chainId);
  const reserves = spokeStatic.reserves;
  const liq = value<LiquidationConfigStruct>(first[B + 1]);
  if (!liq) throw new GuardError('bad-data', `Spoke ${spoke} did not return its liquidation config.`);

  const PER_RESERVE = 8;
  const base = B + 2;
  const live = reserves.map((r, i) => {
    const at = base + PER_RESERVE * i;
    const reserve = value<ReserveStruct>(first[at]);
    const config = value<ReserveConfigStruct>(first[at + 1]);
    const price = value<bigint>(first[at + 2]);
    const drawnIndex = value<bigint>(first[at + 3]);
    const addedAssets = value<bigint>(first[at + 4]);
    const addedShares = value<bigint>(first[at + 5]);
    const asset = value<HubAssetStruct>(first[at + 6]);
    const source = value<Address>(first[at + 7]);
    if (!reserve || !config || drawnIndex === undefined || addedAssets === undefined || addedShares === undefined) {
      throw new GuardError('bad-data', `Could not read reserve ${r.id} (${r.symbol}) of Spoke ${spoke}.`);
    }
    // The oracle reverts on a missing or non-positive price (AaveOracle.sol:80-87): say "missing".
    const hub: AaveV4HubAsset | undefined = asset && {
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
    };
    return {
      latestKey: Number(reserve.dynamicConfigKey),
      config,
      price: price && price > 0n ? price : undefined,
      drawnIndex,
      addedAssets,
      addedShares,
      hub,
      source: source && source !== zeroAddress ? source : undefined,
    };
  });

  const userBase = base + PER_RESERVE * reserves.length;
  const perUser = 1 + 2 * reserves.length;
  const users = accounts.map((account, k) => {
    const at = userBase + perUser * k;
    const riskPremium = value<bigint>(first[at]) ?? 0n;
    const positions = reserves.map((r, i) => {
      const pos = value<UserPositionStruct>(first[at + 1 + 2 * i]);
      const status = value<readonly [boolean, boolean]>(first[at + 2 + 2 * i]);
      if (!pos || !status) {
        throw new GuardError('bad-data', `Could not read the ${r.symbol} position of ${account} on Spoke ${spoke}.`);
      }
      return { pos, usingAsCollateral: status[0], borrowing: status[1] };
    });
    return { account, riskPremium: Number(riskPremium), positions };
  });

  // Nobody here holds anything on this Spoke (the common case on a chain read for discovery): no position,
  // so no second request — the warm refresh of such a chain stays one request.
  const holdsAnything = users.some((u) =>
    u.positions.some((p) => p.pos.suppliedShares > 0n || p.pos.drawnShares > 0n || p.pos.premiumShares > 0n),
  );
  if (!holdsAnything) return { positions: [], spokeStatic };

  // Round 2, pinned: dynamic configs under every key in use, and supplied amounts as the Spoke values them.
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
  const keys = [...configKeys.values()];
  // Sources of the reserves anyone here holds: their last update is the leg's oracleUpdatedAt.
  const used = [...new Set(supplyIndex.map((x) => x.reserve).concat(users.flatMap((u) => u.positions.flatMap((p, i) => (p.pos.drawnShares > 0n ? [i] : [])))))]
    .filter((i) => live[i]!.source !== undefined)
    .sort((a, b) => a - b);
  const second = await multicall(
    client,
    [
      ...keys.map((c): Call => ({
        address: spoke,
        abi: spokeAbi,
        functionName: 'getDynamicReserveConfig',
        args: [BigInt(reserves[c.reserve]!.id), c.key],
      })),
      ...supplyIndex.map(({ user, reserve }): Call => ({
        address: reserves[reserve]!.hub,
        abi: hubAbi,
        functionName: 'previewRemoveByShares',
        args: [BigInt(reserves[reserve]!.assetId), users[user]!.positions[reserve]!.pos.suppliedShares],
      })),
      ...used.map((i): Call => ({ address: live[i]!.source!, abi: aggregatorAbi, functionName: 'latestRoundData' })),
    ],
    blockNumber,
  );
  const configs = new Map<string, AaveV4DynamicConfig>();
  keys.forEach((c, j) => {
    const cfg = value<DynamicConfigStruct>(second[j]);
    if (!cfg) throw new GuardError('bad-data', `Spoke ${spoke} did not return config ${c.key} of reserve ${c.reserve}.`);
    configs.set(`${c.reserve}:${c.key}`, {
      key: c.key,
      collateralFactor: Number(cfg.collateralFactor),
      maxLiquidationBonus: Number(cfg.maxLiquidationBonus),
      liquidationFee: Number(cfg.liquidationFee),
    });
  });
  const supplied = new Map<string, bigint>();
  supplyIndex.forEach(({ user, reserve }, j) => {
    const amount = value<bigint>(second[keys.length + j]);
    if (amount === undefined) {
      throw new GuardError('bad-data', `Hub did not preview the ${reserves[reserve]!.symbol} supply of ${users[user]!.account}.`);
    }
    supplied.set(`${user}:${reserve}`, amount);
  });
  const roundsAt = keys.length + supplyIndex.length;
  const updatedAt = new Map(used.map((i, j) => [i, updatedAtOf(value<RoundData>(second[roundsAt + j]))]));

  const positions: Position[] = [];
  users.forEach((u, k) => {
    const collateral: CollateralLeg[] = [];
    const debt: DebtLeg[] = [];
    const assets: MarketAsset[] = [];
    const states: AaveV4ReserveState[] = [];
    const oracles: OracleRef[] = [];
    reserves.forEach((r, i) => {
      const l = live[i]!;
      const { pos, usingAsCollateral } = u.positions[i]!;
      const latestConfig = configs.get(`${i}:${l.latestKey}`)!;
      const userConfig = configs.get(`${i}:${Number(pos.dynamicConfigKey)}`) ?? latestConfig;
      const ref = { address: r.underlying, symbol: r.symbol, decimals: r.decimals };
      const priceUnit = 10n ** BigInt(r.decimals);
      const bps = (x: number) => BigInt(x) * 10n ** 14n;
      const suppliedAmount = supplied.get(`${k}:${i}`) ?? 0n;
      // Premium.calculatePremiumRay (Premium.sol:17-23) and UserPositionUtils.getDebt (l.127-133).
      const premiumDebtRay = pos.premiumShares * l.drawnIndex - pos.premiumOffsetRay;
      const debtAmount = pos.drawnShares > 0n ? mulDiv(pos.drawnShares, l.drawnIndex, RAY, 'up') + divUp(premiumDebtRay, RAY) : 0n;
      if (suppliedAmount > 0n) {
        collateral.push({
          ...ref,
          amount: suppliedAmount,
          price: l.price,
          priceUnit,
          // Spoke.sol:728-736: counted only if enabled, CF under the user's key > 0 and shares > 0.
          liquidationThreshold: usingAsCollateral ? bps(userConfig.collateralFactor) : 0n,
          liquidationBonus: bps(userConfig.maxLiquidationBonus),
          usedAsCollateral: usingAsCollateral,
        });
      }
      if (pos.drawnShares > 0n) debt.push({ ...ref, amount: debtAmount, price: l.price, priceUnit });
      if (suppliedAmount > 0n || pos.drawnShares > 0n) {
        states.push({
          address: r.underlying,
          reserveId: r.id,
          userConfig,
          latestConfig,
          usingAsCollateral,
          suppliedShares: pos.suppliedShares,
          drawnShares: pos.drawnShares,
          premiumDebtRay,
          drawnIndex: l.drawnIndex,
          addedAssets: l.addedAssets,
          addedShares: l.addedShares,
          debtAmount,
          premiumShares: pos.premiumShares,
          ...(l.hub ? { hub: l.hub } : {}),
        });
        // AaveOracle reads `latestAnswer` of the reserve's source (AaveOracle.sol:78-87); a Chainlink-style
        // source also answers latestRoundData, whose updatedAt is the price's age.
        if (l.source && !oracles.some((o) => o.asset.toLowerCase() === r.underlying.toLowerCase())) {
          const at = updatedAt.get(i);
          oracles.push({ asset: r.underlying, updatedAt: at, feeds: at !== undefined ? [{ address: l.source, invert: false }] : [] });
        }
      }
      // A reserve the user already uses as collateral keeps its key on supply; enabling a new one takes
      // the latest (Spoke.sol:404-405).
      const asCollateral = usingAsCollateral ? userConfig : latestConfig;
      assets.push({
        ...ref,
        price: l.price,
        priceUnit,
        liquidationThreshold: bps(asCollateral.collateralFactor),
        liquidationBonus: bps(asCollateral.maxLiquidationBonus),
        canBeCollateral: asCollateral.collateralFactor > 0 && !l.config.paused && !l.config.frozen,
        canBeBorrowed: l.config.borrowable && !l.config.paused && !l.config.frozen,
      });
    });
    if (collateral.length === 0 && debt.length === 0) return;
    // Same fields as aave-v3/positions.ts's literal: both fill the Position contract field by field; the USD decimals
    // come from different contracts, and a shared builder would only hide which protocol sets what.
    positions.push({
      protocol: 'aave-v4',
      chainId: params.chainId,
      market: params.market,
      account: u.account,
      quote: 'USD',
      quoteDecimals: USD_DECIMALS,
      blockNumber,
      timestamp,
      collateral,
      debt,
      assets,
      details: {
        protocol: 'aave-v4',
        spoke,
        targetHealthFactor: liq.targetHealthFactor,
        healthFactorForMaxBonus: liq.healthFactorForMaxBonus,
        liquidationBonusFactor: Number(liq.liquidationBonusFactor),
        riskPremium: u.riskPremium,
        reserves: states,
      },
      oracles,
    });
  });
  return { positions, spokeStatic };
}

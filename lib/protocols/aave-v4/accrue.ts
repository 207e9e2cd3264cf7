import { divUp, mulDiv, RAY } from '../../core/math.ts';
import { rayMulUp, stateOf } from './rules.ts';
import type { Position } from '../../core/types.ts';
import type { AaveV4Details, AaveV4HubAsset, AaveV4ReserveState } from './config.ts';

/**
 * Aave v4 interest in time, in the Hub's own integer order (aave/aave-v4 at 1e8de863…, file:line there):
 * - drawn index(t) = storedIndex.rayMulUp(RAY + drawnRate·(t − lastUpdate) / year), frozen while the asset
 *   has neither drawn nor premium shares (AssetLogic.sol:153-165, MathUtils.sol:20-31): linear from the
 *   stored index, NOT compounded per read;
 * - user debt = drawnShares.rayMulUp(index) + fromRayUp(premiumShares·index − premiumOffsetRay)
 *   (UserPositionUtils.sol:127-133, Premium.sol:17-23);
 * - supplied = suppliedShares × (addedAssets + 1e6) / (addedShares + 1e6), floor (SharesMath.sol:31-41,
 *   Hub.sol:471-473), with addedAssets = liquidity + swept + fromRayUp(owedRay) − realizedFees −
 *   unrealizedFees, owedRay = drawnShares·index + premiumRay + deficitRay and unrealizedFees =
 *   (fromRayUp(owedRay(index)) − fromRayUp(owedRay(storedIndex))).percentMulDown(liquidityFee)
 *   (AssetLogic.sol:79-96, 187-242).
 * With no transaction in between, the stored state and rate are what the Hub itself uses at any later block.
 */
const SECONDS_PER_YEAR = 365n * 86_400n;
const VIRTUAL = 1_000_000n;

const fromRayUp = (x: bigint) => divUp(x, RAY);

export function drawnIndexAt(a: AaveV4HubAsset, t: bigint): bigint {
  if (t <= a.lastUpdate || (a.drawnShares === 0n && a.premiumShares === 0n)) return a.drawnIndex;
  return rayMulUp(a.drawnIndex, RAY + (a.drawnRate * (t - a.lastUpdate)) / SECONDS_PER_YEAR);
}

const owedRay = (a: AaveV4HubAsset, index: bigint) => a.drawnShares * index + (a.premiumShares * index - a.premiumOffsetRay) + a.deficitRay;

function unrealizedFees(a: AaveV4HubAsset, index: bigint): bigint {
  if (index === a.drawnIndex || a.liquidityFee === 0) return 0n;
  return ((fromRayUp(owedRay(a, index)) - fromRayUp(owedRay(a, a.drawnIndex))) * BigInt(a.liquidityFee)) / 10_000n;
}

/** Hub.getAddedAssets at time t (AssetLogic.totalAddedAssets). */
export function addedAssetsAt(a: AaveV4HubAsset, t: bigint): bigint {
  const index = drawnIndexAt(a, t);
  return a.liquidity + a.swept + fromRayUp(owedRay(a, index)) - a.realizedFees - unrealizedFees(a, index);
}

/** One reserve state of a user at time t: index, premium, totals and the two amounts the Spoke reads. */
export function reserveAt(r: AaveV4ReserveState, t: bigint): { state: AaveV4ReserveState; supplied: bigint } | undefined {
  const a = r.hub;
  if (!a || r.premiumShares === undefined) return undefined;
  const drawnIndex = drawnIndexAt(a, t);
  // premiumRay(t) = premiumShares·index(t) − offset, and the offset is premiumShares·index(read) − premiumRay(read).
  const premiumDebtRay = r.premiumDebtRay + r.premiumShares * (drawnIndex - r.drawnIndex);
  const addedAssets = addedAssetsAt(a, t);
  const debtAmount = r.drawnShares > 0n ? rayMulUp(r.drawnShares, drawnIndex) + fromRayUp(premiumDebtRay) : 0n;
  const supplied = mulDiv(r.suppliedShares, addedAssets + VIRTUAL, r.addedShares + VIRTUAL, 'down');
  return { state: { ...r, drawnIndex, premiumDebtRay, addedAssets, debtAmount }, supplied };
}

/** The position `seconds` after its block, prices and rates as they are; undefined without the Hub state. */
export function accrueAaveV4(position: Position, seconds: bigint): Position | undefined {
  if (position.details.protocol !== 'aave-v4') return undefined;
  const details: AaveV4Details = position.details;
  const t = position.timestamp + seconds;
  const projected = new Map<AaveV4ReserveState, { state: AaveV4ReserveState; supplied: bigint }>();
  for (const r of details.reserves) {
    const p = reserveAt(r, t);
    if (!p) return undefined;
    projected.set(r, p);
  }
  return {
    ...position,
    timestamp: t,
    collateral: position.collateral.map((leg) => {
      const r = stateOf(details, leg, 'collateral');
      return r ? { ...leg, amount: projected.get(r)!.supplied } : leg;
    }),
    debt: position.debt.map((leg) => {
      const r = stateOf(details, leg, 'debt');
      return r ? { ...leg, amount: projected.get(r)!.state.debtAmount } : leg;
    }),
    details: { ...details, reserves: details.reserves.map((r) => projected.get(r)!.state) },
  };
}

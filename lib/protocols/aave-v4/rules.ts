import { RAY, WAD, divUp, min, mulDiv, pow10 } from '../../core/math.ts';
import type { AaveV4Details, AaveV4ReserveState } from './config.ts';
import type { CollateralLeg, DebtLeg, Position } from '../../core/types.ts';
import type { AccountValues, ProtocolRules, RulesLiquidationCost } from '../../core/rules.ts';

/**
 * Aave v4 (Hub & Spoke) rules, following aave/aave-v4 at commit 1e8de8630dfeb26ad309d986eaec44c1ceb48a6d.
 * Files cited below are paths in that repository; line numbers are that commit's.
 *
 * Units: the Spoke's "Value" is `amount · price · 10^(18 − decimals)` (SpokeUtils.sol:34-40), 1e26 per USD
 * with its 8-decimal oracle. Legs here carry the oracle price (8 decimals) with `priceUnit = 10^decimals`
 * (the engine's convention), so the exact Value is `amount · price · 10^18 / priceUnit`; account values
 * handed back to the engine are in the engine's 8-decimal quote units.
 */
export const PERCENTAGE_FACTOR = 10_000n;
/** LiquidationLogic.sol:182, HEALTH_FACTOR_LIQUIDATION_THRESHOLD. */
export const HEALTH_FACTOR_LIQUIDATION_THRESHOLD = WAD;
/** LiquidationLogic.sol:185, DUST_LIQUIDATION_THRESHOLD = 1000e26 ($1,000 in Value units). */
export const DUST_LIQUIDATION_THRESHOLD = 1000n * 10n ** 26n;
/** SharesMath.sol:13-14, the Hub's virtual assets and shares. */
const VIRTUAL_ASSETS = 1_000_000n;
const VIRTUAL_SHARES = 1_000_000n;
const BPS_TO_WAD = 10n ** 14n;
/** Value units per engine quote unit (1e26 vs 1e8). */
const VALUE_PER_QUOTE = 10n ** 18n;

/** SpokeUtils.toValue (SpokeUtils.sol:34-40). */
export const toValue = (amount: bigint, decimals: number, price: bigint) => amount * price * pow10(18 - decimals);

/** Hub share maths (SharesMath.sol:17-62, AssetLogic.sol:99-128): previews of add / remove. */
export const hubShares = {
  /** previewRemoveByShares → toAddedAssetsDown. */
  removeByShares: (s: AaveV4ReserveState, shares: bigint) =>
    mulDiv(shares, s.addedAssets + VIRTUAL_ASSETS, s.addedShares + VIRTUAL_SHARES, 'down'),
  /** previewAddByShares → toAddedAssetsUp. */
  addByShares: (s: AaveV4ReserveState, shares: bigint) =>
    mulDiv(shares, s.addedAssets + VIRTUAL_ASSETS, s.addedShares + VIRTUAL_SHARES, 'up'),
  /** previewAddByAssets → toAddedSharesDown. */
  addByAssets: (s: AaveV4ReserveState, assets: bigint) =>
    mulDiv(assets, s.addedShares + VIRTUAL_SHARES, s.addedAssets + VIRTUAL_ASSETS, 'down'),
};

const roundRayUp = (x: bigint) => divUp(x, RAY) * RAY; // WadRayMath.roundRayUp
const fromRayUp = (x: bigint) => divUp(x, RAY); // WadRayMath.fromRayUp
export const rayMulUp = (a: bigint, b: bigint) => mulDiv(a, b, RAY, 'up');

export function v4Details(position: Position): AaveV4Details | undefined {
  return position.details.protocol === 'aave-v4' ? position.details : undefined;
}

/**
 * The reserve state behind a leg. A Spoke may list one underlying twice (reserves on two Hubs), so a leg
 * is matched by address and, where two reserves share it, by the amount that was read for that side.
 */
export function stateOf(details: AaveV4Details | undefined, leg: CollateralLeg | DebtLeg, side: 'collateral' | 'debt'): AaveV4ReserveState | undefined {
  const same = details?.reserves.filter((r) => r.address.toLowerCase() === leg.address.toLowerCase()) ?? [];
  if (same.length <= 1) return same[0];
  const read = (r: AaveV4ReserveState) => (side === 'debt' ? r.debtAmount : hubShares.removeByShares(r, r.suppliedShares));
  return same.find((r) => read(r) === leg.amount) ?? same.find((r) => (side === 'debt' ? r.drawnShares > 0n : r.suppliedShares > 0n)) ?? same[0];
}

/**
 * A debt leg's full-precision debt in asset units × RAY: drawn shares × drawn index + premium debt ray
 * (Spoke.sol:755-760, Premium.sol:17-23). After a simulated repay or borrow the difference from the read
 * amount is applied in whole asset units to the ray-precise value that was read.
 */
export function debtRayOf(leg: DebtLeg, state: AaveV4ReserveState | undefined): bigint {
  if (leg.amount === 0n) return 0n;
  if (!state) return leg.amount * RAY;
  const read = state.drawnShares * state.drawnIndex + state.premiumDebtRay;
  const ray = read + (leg.amount - state.debtAmount) * RAY;
  return ray > 0n ? ray : 0n;
}

interface ExactAccount {
  /** Σ Value of the counted collateral (Spoke.sol:742). */
  totalCollateralValue: bigint;
  /** Σ collateralFactor(bps) × Value (Spoke.sol:748), before `bpsToWad`. */
  weightedBps: bigint;
  totalDebtValueRay: bigint;
  healthFactor: bigint | null;
}

/**
 * Spoke._processUserAccountData (Spoke.sol:706-781), read-only: collateral counts when enabled, its
 * collateral factor under the USER's config key is > 0 and it has supplied shares; its value is
 * previewRemoveByShares (rounded down: the leg amount) × price; debt is summed in ray; then the one
 * rounding step `HF = mulDiv(bpsToWad(Σ CF·value), RAY, totalDebtValueRay, Floor)` (Spoke.sol:773-778).
 */
export function exactAccount(position: Position): ExactAccount | undefined {
  const details = v4Details(position);
  let totalCollateralValue = 0n;
  let weightedBps = 0n;
  for (const leg of position.collateral) {
    if (leg.liquidationThreshold === 0n || leg.amount === 0n) continue;
    if (leg.price === undefined) return undefined;
    const value = toValue(leg.amount, leg.decimals, leg.price);
    totalCollateralValue += value;
    weightedBps += (leg.liquidationThreshold / BPS_TO_WAD) * value;
  }
  let totalDebtValueRay = 0n;
  for (const leg of position.debt) {
    if (leg.amount === 0n) continue;
    if (leg.price === undefined) return undefined;
    totalDebtValueRay += toValue(debtRayOf(leg, stateOf(details, leg, 'debt')), leg.decimals, leg.price);
  }
  const healthFactor = totalDebtValueRay > 0n ? mulDiv(weightedBps * BPS_TO_WAD, RAY, totalDebtValueRay, 'down') : null;
  return { totalCollateralValue, weightedBps, totalDebtValueRay, healthFactor };
}

/** LiquidationLogic.calculateLiquidationBonus (LiquidationLogic.sol:312-333), bps. */
export function liquidationBonusBps(
  healthFactor: bigint,
  maxLiquidationBonus: bigint,
  healthFactorForMaxBonus: bigint,
  liquidationBonusFactor: bigint,
): bigint {
  if (healthFactor <= healthFactorForMaxBonus) return maxLiquidationBonus;
  // The contract reverts (underflow) at HF ≥ 1; nothing is liquidatable there, the minimum bonus applies.
  const hf = healthFactor >= WAD ? WAD : healthFactor;
  const minBonus = ((maxLiquidationBonus - PERCENTAGE_FACTOR) * liquidationBonusFactor) / PERCENTAGE_FACTOR + PERCENTAGE_FACTOR;
  return minBonus + mulDiv(maxLiquidationBonus - minBonus, WAD - hf, WAD - healthFactorForMaxBonus, 'down');
}

/**
 * LiquidationLogic._calculateDebtToTargetHealthFactor (LiquidationLogic.sol:795-813): the debt (asset units
 * × RAY) whose repayment, with the bonus paid in collateral, brings HF to the target. Penalty =
 * percentMulUp(bpsToWad(bonus), CF); result rounded up. 0 when HF is already at the target.
 */
export function debtRayToTargetHealthFactor(p: {
  totalDebtValueRay: bigint;
  debtAssetUnit: bigint;
  debtAssetPrice: bigint;
  /** bps */
  collateralFactor: bigint;
  /** bps (10000 = no bonus) */
  liquidationBonus: bigint;
  healthFactor: bigint;
  targetHealthFactor: bigint;
}): bigint {
  if (p.targetHealthFactor <= p.healthFactor) return 0n;
  const penalty = mulDiv(p.liquidationBonus * BPS_TO_WAD, p.collateralFactor, PERCENTAGE_FACTOR, 'up');
  return mulDiv(
    p.totalDebtValueRay,
    p.debtAssetUnit * (p.targetHealthFactor - p.healthFactor),
    (p.targetHealthFactor - penalty) * p.debtAssetPrice * WAD,
    'up',
  );
}

export interface V4LiquidationAmounts {
  bonusBps: bigint;
  collateralSharesToLiquidate: bigint;
  collateralSharesToLiquidator: bigint;
  drawnSharesToLiquidate: bigint;
  premiumDebtRayToLiquidate: bigint;
  /** What the liquidator pays (LiquidationLogic.sol:505-506). */
  debtAmountRestored: bigint;
  /** What leaves the user's collateral (LiquidationLogic.sol:459-462). */
  collateralAmountRemoved: bigint;
  /** Shares paid to the protocol as the liquidation fee (LiquidationLogic.sol:479). */
  feeShares: bigint;
  /** The liquidation empties the user's last collateral with debt left: the rest is written off. */
  deficit: boolean;
}

interface PairInput {
  coll: CollateralLeg & { price: bigint };
  collState: AaveV4ReserveState;
  debt: DebtLeg & { price: bigint };
  debtState: AaveV4ReserveState;
  healthFactor: bigint;
  totalDebtValueRay: bigint;
  details: AaveV4Details;
  /** Liquidator's `debtToCover`; default: unlimited (the liquidation goes as far as the rules allow). */
  debtToCover?: bigint;
  activeCollateralCount: number;
  borrowCount: number;
}

/**
 * LiquidationLogic._calculateLiquidationAmounts (LiquidationLogic.sol:563-703) with
 * _calculateDebtToLiquidate (l.735-791), _calculateDebtToTargetHealthFactor (l.795-813) and
 * _calculateCollateralToLiquidate (l.707-729), in the contract's order and rounding.
 * Returns undefined where the contract would revert (MustNotLeaveDust with a small debtToCover).
 */
export function liquidationAmounts(p: PairInput): V4LiquidationAmounts | undefined {
  const { collState: cs, debtState: ds, details } = p;
  const collUnit = pow10(p.coll.decimals);
  const debtUnit = pow10(p.debt.decimals);
  const collPrice = p.coll.price;
  const debtPrice = p.debt.price;
  const debtToCover = p.debtToCover ?? 2n ** 256n - 1n;
  const cf = p.coll.liquidationThreshold / BPS_TO_WAD;
  const suppliedShares = currentSuppliedShares(p.coll, cs);
  const { drawnShares, premiumDebtRay } = currentDebt(p.debt, ds);
  const drawnIndex = ds.drawnIndex;
  const target = details.targetHealthFactor;
  const hf = p.healthFactor;

  const bonus = liquidationBonusBps(
    hf,
    BigInt(cs.userConfig.maxLiquidationBonus),
    details.healthFactorForMaxBonus,
    BigInt(details.liquidationBonusFactor),
  );

  const debtRayToTarget = debtRayToTargetHealthFactor({
    totalDebtValueRay: p.totalDebtValueRay,
    debtAssetUnit: debtUnit,
    debtAssetPrice: debtPrice,
    collateralFactor: cf,
    liquidationBonus: bonus,
    healthFactor: hf,
    targetHealthFactor: target,
  });

  // _calculateDebtToLiquidate (l.735-791).
  let premiumToLiq = min(roundRayUp(debtRayToTarget), premiumDebtRay);
  if (debtToCover < fromRayUp(premiumToLiq)) premiumToLiq = debtToCover * RAY;
  let drawnToLiq = 0n;
  if (premiumToLiq === premiumDebtRay && premiumToLiq < debtRayToTarget) {
    const toTarget = divUp(debtRayToTarget - premiumToLiq, drawnIndex);
    const toCover = mulDiv(debtToCover - fromRayUp(premiumToLiq), RAY, drawnIndex, 'down');
    drawnToLiq = min(min(toTarget, toCover), drawnShares);
  }
  const debtRayRemaining = (drawnShares - drawnToLiq) * drawnIndex + premiumDebtRay - premiumToLiq;
  if (drawnToLiq < drawnShares && toValue(debtRayRemaining, p.debt.decimals, debtPrice) < DUST_LIQUIDATION_THRESHOLD * RAY) {
    drawnToLiq = drawnShares;
    premiumToLiq = premiumDebtRay;
  }

  const collateralSharesFor = (drawn: bigint, premium: bigint) => {
    const debtRay = drawn * drawnIndex + premium;
    const assets = mulDiv(debtRay, debtPrice * collUnit * bonus, debtUnit * collPrice * PERCENTAGE_FACTOR * RAY, 'down');
    return hubShares.addByAssets(cs, assets);
  };
  let collShares = collateralSharesFor(drawnToLiq, premiumToLiq);

  let leavesCollateralDust = false;
  if (collShares < suppliedShares) {
    const remaining = hubShares.removeByShares(cs, suppliedShares - collShares);
    leavesCollateralDust = toValue(remaining, p.coll.decimals, collPrice) < DUST_LIQUIDATION_THRESHOLD;
  }
  if (collShares > suppliedShares || (leavesCollateralDust && drawnToLiq < drawnShares)) {
    collShares = suppliedShares;
    const debtRayToLiq = mulDiv(
      hubShares.addByShares(cs, collShares),
      collPrice * debtUnit * PERCENTAGE_FACTOR * RAY,
      debtPrice * collUnit * bonus,
      'up',
    );
    if (debtRayToLiq <= premiumDebtRay) {
      premiumToLiq = min(roundRayUp(debtRayToLiq), premiumDebtRay);
      drawnToLiq = 0n;
    } else {
      premiumToLiq = premiumDebtRay;
      drawnToLiq = divUp(debtRayToLiq - premiumToLiq, drawnIndex);
      if (drawnToLiq > drawnShares) {
        drawnToLiq = drawnShares;
        collShares = min(collateralSharesFor(drawnToLiq, premiumToLiq), suppliedShares);
      }
    }
  }
  const debtAmountRestored = rayMulUp(drawnToLiq, drawnIndex) + fromRayUp(premiumToLiq);
  if (debtToCover < debtAmountRestored) return undefined; // MustNotLeaveDust (l.684-688)

  const fee = BigInt(cs.userConfig.liquidationFee);
  const feeShares = mulDiv(collShares, fee * (bonus - PERCENTAGE_FACTOR), bonus * PERCENTAGE_FACTOR, 'up');
  const collateralEmpty = collShares === suppliedShares;
  const debtEmpty = drawnToLiq === drawnShares;
  return {
    bonusBps: bonus,
    collateralSharesToLiquidate: collShares,
    collateralSharesToLiquidator: collShares - feeShares,
    drawnSharesToLiquidate: drawnToLiq,
    premiumDebtRayToLiquidate: premiumToLiq,
    debtAmountRestored,
    collateralAmountRemoved: hubShares.removeByShares(cs, collShares),
    feeShares,
    // _evaluateDeficit (l.816-826).
    deficit: collateralEmpty && p.activeCollateralCount <= 1 && (!debtEmpty || p.borrowCount > 1),
  };
}

/** Supplied shares behind a collateral leg; a simulated amount is converted at the Hub's rate. */
function currentSuppliedShares(leg: CollateralLeg, s: AaveV4ReserveState): bigint {
  return hubShares.removeByShares(s, s.suppliedShares) === leg.amount ? s.suppliedShares : hubShares.addByAssets(s, leg.amount);
}

/** Drawn shares and premium ray behind a debt leg (premium first, as v4 repays it first). */
function currentDebt(leg: DebtLeg, s: AaveV4ReserveState): { drawnShares: bigint; premiumDebtRay: bigint } {
  if (leg.amount === s.debtAmount) return { drawnShares: s.drawnShares, premiumDebtRay: s.premiumDebtRay };
  const ray = debtRayOf(leg, s);
  const premiumDebtRay = min(ray, s.premiumDebtRay);
  return { drawnShares: divUp(ray - premiumDebtRay, s.drawnIndex), premiumDebtRay };
}

/**
 * The liquidation a liquidator could run now, worst case for the user over every (collateral, debt) pair
 * the Spoke would accept (LiquidationLogic.sol:533-559), with an unlimited debtToCover. Values in the
 * engine's quote units (8 decimals of USD). A healthy account is priced as if its HF had just reached 1
 * (the smallest bonus), and says so with `hypothetical`.
 */
export function aaveV4LiquidationCost(position: Position): RulesLiquidationCost | undefined {
  const details = v4Details(position);
  const acc = exactAccount(position);
  if (!details || !acc || acc.healthFactor === null) return undefined;
  const hypothetical = acc.healthFactor >= WAD;
  const hf = hypothetical ? WAD - 1n : acc.healthFactor;
  const colls = position.collateral.filter((l) => l.liquidationThreshold > 0n && l.amount > 0n && l.usedAsCollateral);
  const debts = position.debt.filter((l) => l.amount > 0n);
  let best: RulesLiquidationCost | undefined;
  for (const coll of colls) {
    const collState = stateOf(details, coll, 'collateral');
    if (!collState || coll.price === undefined) continue;
    for (const debt of debts) {
      const debtState = stateOf(details, debt, 'debt');
      if (!debtState || debt.price === undefined) continue;
      const a = liquidationAmounts({
        coll: { ...coll, price: coll.price },
        collState,
        debt: { ...debt, price: debt.price },
        debtState,
        healthFactor: hf,
        totalDebtValueRay: acc.totalDebtValueRay,
        details,
        activeCollateralCount: colls.length,
        borrowCount: debts.length,
      });
      if (!a) continue;
      const debtRepaid = mulDiv(a.debtAmountRestored, debt.price, debt.priceUnit, 'up');
      const collateralSeized = mulDiv(a.collateralAmountRemoved, coll.price, coll.priceUnit, 'down');
      const cost: RulesLiquidationCost = {
        closeFactor: debtState.drawnShares + debtState.premiumDebtRay > 0n ? shareOf(a.debtAmountRestored, debt.amount) : WAD,
        debtRepaid,
        collateralSeized,
        penalty: collateralSeized > debtRepaid ? collateralSeized - debtRepaid : 0n,
        debtAsset: { address: debt.address, symbol: debt.symbol, decimals: debt.decimals },
        collateralAsset: { address: coll.address, symbol: coll.symbol, decimals: coll.decimals },
        bonus: a.bonusBps * BPS_TO_WAD,
        debtAmount: a.debtAmountRestored,
        collateralAmount: a.collateralAmountRemoved,
        feeAmount: hubShares.removeByShares(collState, a.feeShares),
        targetHealthFactor: details.targetHealthFactor,
        deficit: a.deficit,
        hypothetical,
      };
      if (!best || cost.penalty > best.penalty) best = cost;
    }
  }
  return best;
}

const shareOf = (part: bigint, whole: bigint) => (whole === 0n ? WAD : min(mulDiv(part, WAD, whole, 'up'), WAD));

export const aaveV4Rules: ProtocolRules = {
  account(position): AccountValues | undefined {
    const acc = exactAccount(position);
    if (!acc) return undefined;
    return {
      collateralValue: acc.totalCollateralValue / VALUE_PER_QUOTE,
      // Spoke.sol:792: totalDebtValue = fromRayUp(totalDebtValueRay).
      debtValue: divUp(fromRayUp(acc.totalDebtValueRay), VALUE_PER_QUOTE),
      weightedCollateral: acc.weightedBps / PERCENTAGE_FACTOR / VALUE_PER_QUOTE,
      healthFactor: acc.healthFactor,
    };
  },
  // v4 has no close factor: a liquidation repays what brings HF back to the target (see liquidationCost).
  closeFactor: () => WAD,
  seizesAllCollateral: false,
  liquidationCost: aaveV4LiquidationCost,
};

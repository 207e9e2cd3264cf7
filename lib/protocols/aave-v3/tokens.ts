import { RAY, mulDiv } from '../../core/math.ts';
import type { AaveMathModel } from './versions.ts';
import type { ScaledBalanceMath } from '../../core/rules.ts';

/**
 * How Aave's aTokens and variable debt tokens turn amounts into scaled balances and back, per release:
 * 3.0–3.4 round half up both ways (WadRayMath.rayMul/rayDiv in ScaledBalanceTokenBase `_mintScaled` /
 * `_burnScaled`, @aave/core-v3 ScaledBalanceTokenBase.sol:72,100); 3.5+ round each way in the protocol's
 * favour (aave-v3-origin v3.6.0 TokenMath.sol:24-113): a supply mints floor, a withdrawal burns ceil, an
 * aToken balance is floor; a borrow mints ceil, a repay burns floor, a debt balance is ceil.
 * With the user's scaled balance and the reserve's normalized index, a simulated action gives the very
 * balance the token will show after it.
 */
export type AaveTokenMath = ScaledBalanceMath;

const HALF_RAY = RAY / 2n;
/** WadRayMath.rayMul: half up. */
export const rayMul = (a: bigint, b: bigint) => (a * b + HALF_RAY) / RAY;
const rayDiv = (a: bigint, b: bigint) => (a * RAY + b / 2n) / b;
const floorMul = (a: bigint, b: bigint) => mulDiv(a, b, RAY, 'down');
const ceilMul = (a: bigint, b: bigint) => mulDiv(a, b, RAY, 'up');
const floorDiv = (a: bigint, b: bigint) => mulDiv(a, RAY, b, 'down');
const ceilDiv = (a: bigint, b: bigint) => mulDiv(a, RAY, b, 'up');

const HALF_UP: AaveTokenMath = {
  supplyScaled: rayDiv,
  withdrawScaled: rayDiv,
  aTokenBalance: rayMul,
  borrowScaled: rayDiv,
  repayScaled: rayDiv,
  debtBalance: rayMul,
};
const DIRECTED: AaveTokenMath = {
  supplyScaled: floorDiv,
  withdrawScaled: ceilDiv,
  aTokenBalance: floorMul,
  borrowScaled: ceilDiv,
  repayScaled: floorDiv,
  debtBalance: ceilMul,
};

/** How a release rounds token balances: the name stored with a position's interest state. */
export type AaveBalanceRounding = 'half-up' | 'directional';
export const aaveBalanceRounding = (model: AaveMathModel): AaveBalanceRounding =>
  model === 'v3.5' || model === 'v3.6' ? 'directional' : 'half-up';
export const aaveTokenMathFor = (rounding: AaveBalanceRounding): AaveTokenMath => (rounding === 'directional' ? DIRECTED : HALF_UP);
export const aaveTokenMath = (model: AaveMathModel): AaveTokenMath => aaveTokenMathFor(aaveBalanceRounding(model));

import { RAY } from '../../core/math.ts';
import { aaveTokenMathFor, rayMul } from './tokens.ts';
import type { Position } from '../../core/types.ts';
import type { AaveInterestState, AaveReserveInterest } from './config.ts';
import { sameAddress } from '../../core/address.ts';

/**
 * Aave v3 interest in time, in the Pool's own integer order (core-v3 `MathUtils`, `ReserveLogic`,
 * `ScaledBalanceTokenBase`): a balance at time t is `scaled ⊗ index(t)` where
 *  - supply: index(t) = rayMul(calculateLinearInterest(liquidityRate, lastUpdate, t), liquidityIndex);
 *  - variable debt: index(t) = rayMul(calculateCompoundedInterest(variableBorrowRate, lastUpdate, t), variableBorrowIndex);
 *  - stable debt (≤ 3.1): principal ⊗ calculateCompoundedInterest(userRate, userLastUpdate, t).
 * With no transaction in between, the stored index and rate are what the Pool itself uses at any later block.
 */
export { RAY, rayMul };
export const SECONDS_PER_YEAR = 365n * 24n * 3600n;

export function linearInterest(rate: bigint, lastUpdate: bigint, t: bigint): bigint {
  const dt = t > lastUpdate ? t - lastUpdate : 0n;
  return RAY + (rate * dt) / SECONDS_PER_YEAR;
}

/** core-v3 1.x: binomial terms in the per-second rate, n·(n−1)·(n−2). */
export function compoundedBinomial(rate: bigint, lastUpdate: bigint, t: bigint): bigint {
  const exp = t > lastUpdate ? t - lastUpdate : 0n;
  if (exp === 0n) return RAY;
  const expMinusOne = exp - 1n;
  const expMinusTwo = exp > 2n ? exp - 2n : 0n;
  const basePowerTwo = rayMul(rate, rate) / (SECONDS_PER_YEAR * SECONDS_PER_YEAR);
  const basePowerThree = rayMul(basePowerTwo, rate) / SECONDS_PER_YEAR;
  const secondTerm = (exp * expMinusOne * basePowerTwo) / 2n;
  const thirdTerm = (exp * expMinusOne * expMinusTwo * basePowerThree) / 6n;
  return RAY + (rate * exp) / SECONDS_PER_YEAR + secondTerm + thirdTerm;
}

/** aave-v3-origin (later 3.x): 1 + x + x²/2 + x³/6 with x = rate·Δt/year, nested as the contract nests it. */
export function compoundedTaylor(rate: bigint, lastUpdate: bigint, t: bigint): bigint {
  const exp = t > lastUpdate ? t - lastUpdate : 0n;
  if (exp === 0n) return RAY;
  const x = (rate * exp) / SECONDS_PER_YEAR;
  return RAY + x + rayMul(x, x / 2n + rayMul(x, x / 6n));
}

export function compounded(state: Pick<AaveInterestState, 'compounding'>, rate: bigint, lastUpdate: bigint, t: bigint) {
  return state.compounding === 'taylor' ? compoundedTaylor(rate, lastUpdate, t) : compoundedBinomial(rate, lastUpdate, t);
}

export function normalizedIncome(r: AaveReserveInterest, t: bigint): bigint {
  return t <= r.lastUpdate ? r.liquidityIndex : rayMul(linearInterest(r.liquidityRate, r.lastUpdate, t), r.liquidityIndex);
}

export function normalizedDebt(state: Pick<AaveInterestState, 'compounding'>, r: AaveReserveInterest, t: bigint): bigint {
  return t <= r.lastUpdate ? r.variableBorrowIndex : rayMul(compounded(state, r.variableBorrowRate, r.lastUpdate, t), r.variableBorrowIndex);
}

/** aToken / debt token `balanceOf` at time t, rounded as the release's tokens round (`tokens.ts`). */
export function supplyBalance(state: AaveInterestState, r: AaveReserveInterest, t: bigint): bigint {
  return aaveTokenMathFor(state.balanceRounding).aTokenBalance(r.scaledSupply, normalizedIncome(r, t));
}

export function debtBalance(state: AaveInterestState, r: AaveReserveInterest, t: bigint): bigint {
  let debt = aaveTokenMathFor(state.balanceRounding).debtBalance(r.scaledVariableDebt, normalizedDebt(state, r, t));
  if (r.stableDebt && r.stableDebt.principal > 0n) {
    debt += rayMul(r.stableDebt.principal, compounded(state, r.stableDebt.rate, r.stableDebt.lastUpdate, t));
  }
  return debt;
}

/** The position `seconds` after its block, prices and rates as they are. */
export function accrueAave(position: Position, seconds: bigint): Position | undefined {
  const state = position.interest;
  if (state?.protocol !== 'aave-v3') return undefined;
  const t = position.timestamp + seconds;
  const find = (asset: string) => state.reserves.find((r) => sameAddress(r.asset, asset));
  return {
    ...position,
    timestamp: t,
    collateral: position.collateral.map((leg) => {
      const r = find(leg.address);
      return r ? { ...leg, amount: supplyBalance(state, r, t) } : leg;
    }),
    debt: position.debt.map((leg) => {
      const r = find(leg.address);
      return r ? { ...leg, amount: debtBalance(state, r, t) } : leg;
    }),
  };
}

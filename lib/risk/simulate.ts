import type { Address } from 'viem';
import { GuardError } from '../errors.ts';
import { descriptorOf } from '../protocols/descriptors.ts';
import { sameAddress } from '../core/address.ts';
import type { ScaledBalanceMath } from '../core/rules.ts';
import type { CollateralLeg, DebtLeg, Leg, MarketAsset, Position } from '../core/types.ts';

/** Legs that carry a scaled balance (Aave) move as the token will, with the protocol's rounding. */
const tokenMath = (position: Position): ScaledBalanceMath | undefined => descriptorOf(position.protocol).rules.scaledBalances?.(position);

/** The leg after adding (`sign` 1) or taking (`-1`) `amount`, through its scaled balance where it has one. */
function moved<T extends Leg>(position: Position, leg: T, side: 'collateral' | 'debt', amount: bigint, sign: 1n | -1n): T {
  const tm = tokenMath(position);
  if (!tm || !leg.scaled) return { ...leg, amount: leg.amount + sign * amount };
  const { index } = leg.scaled;
  const delta =
    side === 'collateral'
      ? sign > 0n ? tm.supplyScaled(amount, index) : tm.withdrawScaled(amount, index)
      : sign > 0n ? tm.borrowScaled(amount, index) : tm.repayScaled(amount, index);
  // Taking everything burns everything (the Pool's max withdraw/repay), whatever the rounding says.
  const left = sign < 0n && amount === leg.amount ? 0n : leg.scaled.amount + sign * delta;
  const scaled = { amount: left < 0n ? 0n : left, index };
  const balance = side === 'collateral' ? tm.aTokenBalance(scaled.amount, index) : tm.debtBalance(scaled.amount, index);
  return { ...leg, amount: balance, scaled };
}

/** A new leg's scaled start where the market gave the index. */
function opened(position: Position, amount: bigint, index: bigint | undefined, side: 'collateral' | 'debt') {
  const tm = tokenMath(position);
  if (!tm || !index) return { amount };
  const scaled = side === 'collateral' ? tm.supplyScaled(amount, index) : tm.borrowScaled(amount, index);
  return { amount: side === 'collateral' ? tm.aTokenBalance(scaled, index) : tm.debtBalance(scaled, index), scaled: { amount: scaled, index } };
}

/**
 * What-if actions on a position. Amounts are token base units; a price is in the leg's raw price units.
 * Each returns a new position (the input is never mutated), so the popup can compare before and after.
 */
export type Action =
  | { type: 'supply'; asset: Address; amount: bigint }
  | { type: 'withdraw'; asset: Address; amount: bigint }
  | { type: 'borrow'; asset: Address; amount: bigint }
  | { type: 'repay'; asset: Address; amount: bigint }
  | { type: 'price'; asset: Address; price: bigint };

export function simulate(position: Position, action: Action): Position {
  if (action.type !== 'price' && action.amount < 0n) {
    throw new GuardError('simulation', `The amount to ${action.type} cannot be negative.`);
  }
  switch (action.type) {
    case 'supply':
      return supply(position, action.asset, action.amount);
    case 'withdraw': {
      const leg = findLeg(position.collateral, action.asset, 'collateral');
      if (action.amount > leg.amount) {
        throw new GuardError('simulation', `Cannot withdraw more ${leg.symbol} than the position holds.`);
      }
      return withLeg(position, 'collateral', moved(position, leg, 'collateral', action.amount, -1n));
    }
    case 'borrow':
      return borrow(position, action.asset, action.amount);
    case 'repay': {
      const leg = findLeg(position.debt, action.asset, 'debt');
      if (action.amount > leg.amount) {
        throw new GuardError('simulation', `Cannot repay more ${leg.symbol} than the debt.`);
      }
      return withLeg(position, 'debt', moved(position, leg, 'debt', action.amount, -1n));
    }
    case 'price': {
      if (action.price < 0n) throw new GuardError('simulation', 'A price cannot be negative.');
      const reprice = <T extends { address: Address; price: bigint | undefined }>(l: T): T =>
        sameAddress(l.address, action.asset) ? { ...l, price: action.price } : l;
      return {
        ...position,
        collateral: position.collateral.map(reprice),
        debt: position.debt.map(reprice),
        assets: position.assets.map(reprice),
      };
    }
  }
}

/** Apply several actions in order (e.g. sell collateral, then repay with the proceeds). */
export function simulateAll(position: Position, actions: readonly Action[]): Position {
  return actions.reduce(simulate, position);
}

/**
 * Comet keeps the base token as one signed balance: supplying base first pays down the borrow, and
 * borrowing base first draws down the supply. Other protocols keep the two sides apart (the descriptor's
 * `signedBalance` says which asset, if any, works this way).
 */
function isCometBase(position: Position, asset: Address): boolean {
  return descriptorOf(position.protocol).signedBalance?.(position, asset) ?? false;
}

/** Take up to `amount` off the `side` leg of `asset`; returns the position and what is left of `amount`. */
function offset(position: Position, side: 'collateral' | 'debt', asset: Address, amount: bigint): [Position, bigint] {
  const leg = position[side].find((l) => sameAddress(l.address, asset));
  if (!leg || leg.amount === 0n) return [position, amount];
  const taken = amount < leg.amount ? amount : leg.amount;
  return [withLeg(position, side, { ...leg, amount: leg.amount - taken }), amount - taken];
}

function supply(position: Position, asset: Address, amount: bigint): Position {
  if (isCometBase(position, asset)) {
    [position, amount] = offset(position, 'debt', asset, amount);
    if (amount === 0n) return position;
  }
  const held = position.collateral.find((l) => sameAddress(l.address, asset));
  if (held) return withLeg(position, 'collateral', moved(position, held, 'collateral', amount, 1n));
  const info = marketAsset(position, asset);
  const leg: CollateralLeg = {
    address: info.address,
    symbol: info.symbol,
    decimals: info.decimals,
    ...opened(position, amount, info.supplyIndex, 'collateral'),
    price: info.price,
    priceUnit: info.priceUnit,
    // The adapter already applied the protocol's rule for whether a new supply becomes collateral
    // (Aave isolation mode, LT = 0 reserves) to `canBeCollateral`.
    liquidationThreshold: info.canBeCollateral ? info.liquidationThreshold : 0n,
    liquidationBonus: info.liquidationBonus,
    usedAsCollateral: info.canBeCollateral,
  };
  return { ...position, collateral: [...position.collateral, leg] };
}

// `supply`'s mirror (debt for collateral); kept apart because only the new legs differ, and each side's
// protocol rule (can be collateral / can be borrowed) reads plainer in its own function.
function borrow(position: Position, asset: Address, amount: bigint): Position {
  if (isCometBase(position, asset)) {
    [position, amount] = offset(position, 'collateral', asset, amount);
    if (amount === 0n) return position;
  }
  const held = position.debt.find((l) => sameAddress(l.address, asset));
  if (held) return withLeg(position, 'debt', moved(position, held, 'debt', amount, 1n));
  const info = marketAsset(position, asset);
  if (!info.canBeBorrowed) {
    throw new GuardError('simulation', `${info.symbol} cannot be borrowed in this position.`);
  }
  const leg: DebtLeg = {
    address: info.address,
    symbol: info.symbol,
    decimals: info.decimals,
    ...opened(position, amount, info.borrowIndex, 'debt'),
    price: info.price,
    priceUnit: info.priceUnit,
  };
  return { ...position, debt: [...position.debt, leg] };
}

function marketAsset(position: Position, asset: Address): MarketAsset {
  const info = position.assets.find((a) => sameAddress(a.address, asset));
  if (!info) throw new GuardError('simulation', `Asset ${asset} is not part of this market.`);
  return info;
}

function findLeg<T extends { address: Address }>(legs: T[], asset: Address, side: string): T {
  const leg = legs.find((l) => sameAddress(l.address, asset));
  if (!leg) throw new GuardError('simulation', `The position has no ${side} in ${asset}.`);
  return leg;
}

function withLeg<S extends 'collateral' | 'debt'>(
  position: Position,
  side: S,
  leg: Position[S][number],
): Position {
  const legs = (position[side] as Position[S][number][]).map((l) => (l.address === leg.address ? leg : l));
  return { ...position, [side]: legs };
}

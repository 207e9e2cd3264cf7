/** The simulator: its actions, the assets each can use, and the position after the user's input. */
import type { Address } from 'viem';
import {
  DEFAULT_SLIPPAGE_WAD,
  healthFactor,
  legValue,
  mulDiv,
  repaidBySale,
  simulate,
  simulateAll,
  WAD,
  type Action,
  type Position,
} from '@/lib/risk/index.ts';
import { smallestUnbounded } from '@/lib/risk/search.ts';
import { GuardError } from '@/lib/errors.ts';
import { parseAmount } from '@/lib/format/index.ts';
import { assetRef, volatileAssets, type AssetOption } from './assets.ts';

export type SimActionKind = 'repay' | 'supply' | 'withdraw' | 'borrow' | 'deleverage';

export const SIM_ACTIONS: { kind: SimActionKind; label: string }[] = [
  { kind: 'repay', label: 'Repay' },
  { kind: 'supply', label: 'Supply' },
  { kind: 'withdraw', label: 'Withdraw' },
  { kind: 'borrow', label: 'Borrow' },
  { kind: 'deleverage', label: 'Sell to repay' },
];

/** What moves in the price slider: one asset, or every volatile asset of the position together. */
export type PriceTarget = Address | 'volatile';

export interface SimInput {
  action: SimActionKind;
  /** The asset of the action (for deleverage: the collateral sold). */
  asset: Address | null;
  /** Deleverage only: the debt repaid with the proceeds. */
  repayAsset: Address | null;
  amountText: string;
  /** −90 … +100 (percent). */
  priceMovePct: number;
  priceTarget: PriceTarget | null;
}

const held = <T extends { amount: bigint }>(legs: T[]): T[] => legs.filter((l) => l.amount > 0n);

/** The assets an action can use, with their limits and slider ranges. */
export function assetOptions(position: Position, action: SimActionKind): AssetOption[] {
  switch (action) {
    case 'repay':
      return held(position.debt).map((l) => ({ ...assetRef(l), max: { amount: l.amount, label: 'the debt' }, sliderMax: l.amount }));
    case 'withdraw':
    case 'deleverage':
      return held(position.collateral).map((l) => ({
        ...assetRef(l),
        max: { amount: l.amount, label: 'the position holds' },
        sliderMax: l.amount,
      }));
    case 'supply': {
      const debtValue = position.debt.reduce((s, l) => s + (legValue(l) ?? 0n), 0n);
      return position.assets
        .filter((a) => a.canBeCollateral || position.collateral.some((l) => l.address === a.address))
        .map((a) => {
          // Enough to cover the whole debt at full value: past that, more collateral changes little.
          const perUnit = a.price && a.price > 0n ? mulDiv(debtValue > 0n ? debtValue : 10n ** BigInt(position.quoteDecimals + 4), a.priceUnit, a.price, 'up') : 0n;
          return { ...assetRef(a), sliderMax: perUnit > 0n ? perUnit : 10n ** BigInt(a.decimals) * 100n };
        });
    }
    case 'borrow':
      return position.assets
        .filter((a) => a.canBeBorrowed)
        .map((a) => {
          // The slider ends where the position would become liquidatable.
          const safe = (x: bigint) => {
            try {
              const h = healthFactor(simulate(position, { type: 'borrow', asset: a.address, amount: x }));
              return h === null || (h !== undefined && h >= WAD);
            } catch {
              return false;
            }
          };
          // The largest safe amount is one below the smallest unsafe one (none found up to 2^200: that bound).
          const unsafe = safe(0n) && a.price ? smallestUnbounded((x) => !safe(x)) : 1n;
          const limit = unsafe === undefined ? 1n << 200n : unsafe - 1n;
          return { ...assetRef(a), sliderMax: limit > 0n ? limit : 10n ** BigInt(a.decimals) };
        });
  }
}

/** Deleverage: the debt repaid with the proceeds of selling `sold` collateral, after slippage (`lib/risk`'s one conversion). */
export function repaidFor(position: Position, sell: Address, repay: Address, sold: bigint, slippage = DEFAULT_SLIPPAGE_WAD): bigint {
  const coll = position.collateral.find((l) => l.address === sell);
  const debt = position.debt.find((l) => l.address === repay);
  return coll && debt ? repaidBySale(coll, debt, sold, slippage) : 0n;
}

/** The price action(s) for a move of `pct` percent of one asset or of every volatile asset. */
export function priceMoveActions(position: Position, target: PriceTarget | null, pct: number): Action[] {
  if (!target || pct === 0) return [];
  const targets = target === 'volatile' ? volatileAssets(position) : [target];
  const bps = BigInt(Math.round(pct * 100));
  const actions: Action[] = [];
  for (const asset of targets) {
    const leg = [...position.collateral, ...position.debt, ...position.assets].find((l) => l.address === asset);
    if (!leg || leg.price === undefined) continue;
    actions.push({ type: 'price', asset, price: (leg.price * (10_000n + bps)) / 10_000n });
  }
  return actions;
}

export interface SimResult {
  /** The parsed amount (base units), when it parsed. */
  amount: bigint | null;
  /** Deleverage: the debt the sale repays. */
  repaid: bigint | null;
  /** One line for the user, when the input cannot be simulated. */
  error: string | null;
  /** The position after the action and the price move; null when there is an error. */
  after: Position | null;
  /** The position after the action only, at today's prices (the chart moves prices itself). */
  afterAction: Position | null;
  actions: Action[];
}

/** `options` are `assetOptions(position, input.action)` (passed in: the borrow limits take a search to find). */
export function runSimulation(position: Position, input: SimInput, options: AssetOption[], locale?: string): SimResult {
  const fail = (error: string): SimResult => ({ amount: null, repaid: null, error, after: null, afterAction: null, actions: [] });
  const actions: Action[] = [];
  let amount: bigint | null = null;
  let repaid: bigint | null = null;
  const option = input.asset ? options.find((o) => o.address === input.asset) : undefined;
  if (input.asset && !option) return fail('Choose an asset.');
  if (option) {
    const parsed = parseAmount(input.amountText, {
      decimals: option.decimals,
      symbol: option.symbol,
      ...(locale ? { locale } : {}),
      ...(option.max ? { max: option.max } : {}),
    });
    if (!parsed.ok) return fail(parsed.error);
    amount = parsed.amount;
    if (!parsed.empty && amount > 0n) {
      if (input.action === 'deleverage') {
        if (!input.repayAsset || input.repayAsset === option.address) return fail('Choose a debt to repay (another asset than the one sold).');
        repaid = repaidFor(position, option.address, input.repayAsset, amount);
        actions.push({ type: 'withdraw', asset: option.address, amount }, { type: 'repay', asset: input.repayAsset, amount: repaid });
      } else {
        actions.push({ type: input.action, asset: option.address, amount });
      }
    }
  }
  try {
    const afterAction = simulateAll(position, actions);
    const moves = priceMoveActions(position, input.priceTarget, input.priceMovePct);
    return { amount, repaid, error: null, after: simulateAll(afterAction, moves), afterAction, actions: [...actions, ...moves] };
  } catch (error) {
    return fail(error instanceof GuardError ? error.shortMessage : 'This cannot be simulated.');
  }
}

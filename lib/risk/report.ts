import { formatUnits } from 'viem';
import { WAD, ratio } from '../core/math.ts';
import { accountValues } from './health.ts';
import { descriptorOf } from '../protocols/descriptors.ts';
import { liquidationCost, type LiquidationCost } from './liquidation-cost.ts';
import { simulate } from './simulate.ts';
import { liquidationPrices, type LiquidationPrices } from './liquidation-price.ts';
import { displayPrice, displayValue } from './display.ts';
import type { Position } from '../core/types.ts';
import { liquidationTime } from './interest-time.ts';
import type { AssetModel, Chance } from './chance.ts';
import { isQuoteUnit } from './quote-unit.ts';

/**
 * The position as users and scripts see it: the JSON shape of the CLI contract (DESIGN.md, contract 2),
 * floats for display only, amounts as exact decimal strings. Extra keys beyond the contract
 * (`status`, `liquidationCost`) make the explicit states visible instead of hiding them in magic numbers.
 */
export interface LegReport {
  symbol: string;
  address: string;
  amount: string;
  /** null when the oracle has no price. */
  price: number | null;
  liquidationPrice: number | null;
  distance: number | null;
  /** Unix seconds of the oracle's last update for this asset; null where the oracle does not say. */
  oracleUpdatedAt?: number | null;
  /**
   * Annualised volatility of the price's diffusion (the jumps, fitted apart, are not in it: a rare 10 %
   * move is not the same risk as a steady 10 % wiggle); with an outlook only.
   */
  volatility?: number | null;
  volatilitySource?: 'history' | 'assumed';
}
export interface CollateralReport extends LegReport {
  liquidationThreshold: number;
}
export type PositionStatus = 'ok' | 'no-debt' | 'price-missing' | 'liquidatable';

export interface PositionReport {
  protocol: string;
  chainId: number;
  market: string;
  account: string;
  quote: string;
  blockNumber: number;
  blockTimestamp: number;
  /**
   * Unix seconds at which interest alone (prices and rates held) makes the position liquidatable;
   * ≤ blockTimestamp when it is already; null with no debt, a missing price, or not within 10 years.
   */
  liquidationTime: number | null;
  /** Chance of liquidation within 1 and 7 days (0–1); null with no debt. Present when an outlook was given. */
  liquidationChance?: Chance | null;
  /** null when there is no debt (or, with status 'price-missing', when it cannot be computed). */
  healthFactor: number | null;
  collateralValue: number;
  debtValue: number;
  collateral: CollateralReport[];
  debt: LegReport[];
  status: PositionStatus;
  liquidationCost: LiquidationCostReport | null;
  /**
   * Present (true) only when the protocol version is not one the guard knows (an Aave Pool revision we
   * have not read): the numbers follow the closest known release's math and cannot be vouched for.
   */
  unverifiedMath?: true;
}

export interface LiquidationCostReport {
  debtRepaid: number;
  collateralSeized: number;
  penalty: number;
  closeFactor: number;
  /**
   * Where the protocol has its own liquidation curve (Aave v4): the bonus at the health factor used, the
   * target HF the repaid debt aims at, the assets involved, whether the figures are hypothetical (account
   * healthy now: priced as if HF had just dropped under 1), whether the rest of the debt would be written
   * off, and the same figures at the collateral's liquidation price.
   */
  bonus?: number;
  targetHealthFactor?: number;
  debtSymbol?: string;
  collateralSymbol?: string;
  hypothetical?: boolean;
  deficit?: boolean;
  atLiquidationPrice?: { price: number; bonus: number | null; debtRepaid: number; collateralSeized: number; penalty: number } | null;
}

/**
 * A short note naming the protocol version ("Pool revision 42") when the guard does not know it and the
 * numbers follow the closest known math; `undefined` when the math is verified.
 */
export const unverifiedMathNote = (position: Position): string | undefined => descriptorOf(position.protocol).rules.unverifiedMath?.(position);
export const hasUnverifiedMath = (position: Position) => unverifiedMathNote(position) !== undefined;

/**
 * The chance and each asset's price model, computed by the caller (`outlookFor` in `./chance.ts`): the
 * report stays free of the simulation, so views that only show prices do not bundle it.
 */
export interface Outlook {
  chance: Chance | null;
  asset(address: string, symbol: string): AssetModel;
}

export function report(position: Position, outlook?: Outlook): PositionReport {
  const values = accountValues(position);
  const hf = values?.healthFactor;
  const prices = liquidationPrices(position);
  const cost = liquidationCost(position);
  const leg = (l: Position['debt'][number], liq: bigint | null | undefined, side: 'collateral' | 'debt'): LegReport => {
    const price = l.price === undefined ? null : displayPrice(position, l, l.price);
    const liquidationPrice = liq == null ? null : displayPrice(position, l, liq);
    let distance: number | null = null;
    if (liq != null && l.price !== undefined && l.price > 0n) {
      distance = side === 'collateral' ? 1 - ratio(liq, l.price) : ratio(liq, l.price) - 1;
    }
    const oracle = position.oracles?.find((o) => o.asset.toLowerCase() === l.address.toLowerCase());
    const out: LegReport = { symbol: l.symbol, address: l.address, amount: decimal(l.amount, l.decimals), price, liquidationPrice, distance };
    out.oracleUpdatedAt = oracle?.updatedAt === undefined ? null : Number(oracle.updatedAt);
    if (outlook) {
      const m = isQuoteUnit(position, l) ? undefined : outlook.asset(l.address, l.symbol);
      out.volatility = m ? m.sigma : 0;
      out.volatilitySource = m ? m.source : 'assumed';
    }
    return out;
  };
  const time = liquidationTime(position);
  const status: PositionStatus =
    values === undefined ? 'price-missing' : hf === null ? 'no-debt' : hf! < WAD ? 'liquidatable' : 'ok';
  return {
    protocol: position.protocol,
    chainId: position.chainId,
    market: position.market,
    account: position.account,
    quote: position.quote,
    blockNumber: Number(position.blockNumber),
    blockTimestamp: Number(position.timestamp),
    liquidationTime: time === null ? null : Number(time),
    ...(outlook ? { liquidationChance: outlook.chance } : {}),
    healthFactor: typeof hf === 'bigint' ? ratio(hf, WAD) : null,
    collateralValue: values ? displayValue(position, values.collateralValue) : 0,
    debtValue: values ? displayValue(position, values.debtValue) : 0,
    collateral: position.collateral.map((l) => ({
      ...leg(l, prices.collateral.get(l.address), 'collateral'),
      liquidationThreshold: ratio(l.liquidationThreshold, WAD),
    })),
    debt: position.debt.map((l) => leg(l, prices.debt.get(l.address), 'debt')),
    status,
    liquidationCost: cost
      ? {
          debtRepaid: displayValue(position, cost.debtRepaid),
          collateralSeized: displayValue(position, cost.collateralSeized),
          penalty: displayValue(position, cost.penalty),
          closeFactor: ratio(cost.closeFactor, WAD),
          ...(cost.bonus === undefined ? {} : curveDetails(position, cost, prices)),
        }
      : null,
    ...(hasUnverifiedMath(position) ? { unverifiedMath: true as const } : {}),
  };
}

/** The extra figures of a protocol with its own liquidation curve (see `LiquidationCostReport`). */
function curveDetails(position: Position, cost: LiquidationCost, prices: LiquidationPrices): Partial<LiquidationCostReport> {
  const coll = cost.collateralAsset && position.collateral.find((l) => l.address === cost.collateralAsset!.address);
  const liq = coll ? prices.collateral.get(coll.address) : undefined;
  let atLiquidationPrice: LiquidationCostReport['atLiquidationPrice'] = null;
  if (coll && typeof liq === 'bigint' && liq > 0n) {
    // The liquidation price is the lowest healthy price; one unit lower the account is liquidatable.
    const at = liquidationCost(simulate(position, { type: 'price', asset: coll.address, price: liq - 1n }));
    if (at) {
      atLiquidationPrice = {
        price: displayPrice(position, coll, liq),
        bonus: at.bonus === undefined ? null : ratio(at.bonus, WAD),
        debtRepaid: displayValue(position, at.debtRepaid),
        collateralSeized: displayValue(position, at.collateralSeized),
        penalty: displayValue(position, at.penalty),
      };
    }
  }
  return {
    bonus: ratio(cost.bonus!, WAD),
    ...(cost.targetHealthFactor === undefined ? {} : { targetHealthFactor: ratio(cost.targetHealthFactor, WAD) }),
    ...(cost.debtAsset ? { debtSymbol: cost.debtAsset.symbol } : {}),
    ...(cost.collateralAsset ? { collateralSymbol: cost.collateralAsset.symbol } : {}),
    hypothetical: cost.hypothetical ?? false,
    deficit: cost.deficit ?? false,
    atLiquidationPrice,
  };
}

/** Exact decimal string in token units, always with a fractional part ("10.0"), as the contract shows. */
export function decimal(amount: bigint, decimals: number): string {
  const s = formatUnits(amount, decimals);
  return s.includes('.') ? s : `${s}.0`;
}


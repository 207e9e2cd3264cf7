/**
 * The popup's view model: pure functions from the snapshot (and the user's inputs) to what the views show.
 * All numbers come from `lib/risk` run on the stored positions; this module only selects, rounds for
 * display and checks that what it displays still says the truth (see `displayedProposals`).
 */
import { formatUnits, type Address } from 'viem';
import {
  accountValues,
  DEFAULT_SLIPPAGE_WAD,
  displayValue,
  healthFactor,
  mulDiv,
  proposals,
  report,
  simulate,
  simulateAll,
  TARGET_MARGIN_WAD,
  WAD,
  type Action,
  type HealthFactor,
  type Position,
} from '@/lib/risk/index.ts';
import { legValue } from '@/lib/risk/rules/index.ts';
import { GuardError } from '@/lib/errors.ts';
import { descriptorOf, protocolIds } from '@/lib/protocols/descriptors.ts';
import { ageMs, isStale, positionKey, type ChainStatus, type PositionEntry, type Snapshot } from '@/lib/snapshot/index.ts';
import { decimalSeparator, parseAmount, roundUnits, type AmountLimit } from '@/lib/format/index.ts';

export { positionKey };

// ——— Bands (the same thresholds and comparison as the toolbar badge) ———

export type Band = 'urgent' | 'warn' | 'ok' | 'unknown';

export interface Thresholds {
  warnBelow: number;
  urgentBelow: number;
}

/** A threshold from settings as WAD, exact to 1e-9 (as `lib/alerts` converts it). */
export function thresholdWad(x: number): bigint {
  return BigInt(Math.round(x * 1e9)) * 10n ** 9n;
}

export function bandOf(hf: HealthFactor, t: Thresholds): Band {
  if (hf === undefined) return 'unknown';
  if (hf === null) return 'ok';
  if (hf < thresholdWad(t.urgentBelow)) return 'urgent';
  if (hf < thresholdWad(t.warnBelow)) return 'warn';
  return 'ok';
}

// ——— Positions, grouped ———

export interface PositionView {
  key: string;
  entry: PositionEntry;
  position: Position;
  /** Collateral and debt value in the quote unit (floats, for display); 0 when a price is missing. */
  collateralValue: number;
  debtValue: number;
  hf: HealthFactor;
  band: Band;
  stale: boolean;
  ageMs: number;
}

export interface ProtocolGroup {
  protocol: Position['protocol'];
  positions: PositionView[];
}

export interface ChainGroup {
  chainId: number;
  name: string;
  status: ChainStatus | undefined;
  protocols: ProtocolGroup[];
}

/** Protocol-specific sentences for a position's card (e.g. Aave v4 terms that differ from new positions'). */
export function positionNotes(position: Position): string[] {
  return descriptorOf(position.protocol).notes?.(position) ?? [];
}

export const PROTOCOL_LABELS = Object.fromEntries(protocolIds.map((id) => [id, descriptorOf(id).label])) as Record<Position['protocol'], string>;

/** Sort key: liquidatable and risky first; no debt last; an unknown HF ranks with the risky ones. */
function rank(hf: HealthFactor): bigint {
  if (hf === undefined) return 0n;
  if (hf === null) return 1n << 255n;
  return hf;
}

/**
 * What a (closed) card needs: the HF and the totals, from the protocol's own account values. The full
 * report (liquidation prices, cost) is computed by an open card only: the popup paints 20 cards faster.
 */
export function positionView(entry: PositionEntry, t: Thresholds, now: number): PositionView {
  const values = accountValues(entry.position);
  const hf = values?.healthFactor;
  return {
    key: positionKey(entry.position),
    entry,
    position: entry.position,
    collateralValue: values ? displayValue(entry.position, values.collateralValue) : 0,
    debtValue: values ? displayValue(entry.position, values.debtValue) : 0,
    hf,
    band: bandOf(hf, t),
    stale: isStale(entry, now),
    ageMs: ageMs(entry, now),
  };
}

const cmpBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** The background's chance of liquidation (1 day, then 7 days); −1 where there is none yet. */
const chanceOf = (v: PositionView, horizon: '1d' | '7d') => v.entry.outlook?.chance?.[horizon] ?? -1;

/**
 * The order a worried borrower reads in: the lowest health factor first (an unknown one with the risky,
 * no debt last); on a tie, the higher chance of liquidation within a day, then a week; then the larger
 * debt (more at stake), then the key so the order never jumps.
 */
export function compareRisk(a: PositionView, b: PositionView): number {
  return (
    cmpBig(rank(a.hf), rank(b.hf)) ||
    chanceOf(b, '1d') - chanceOf(a, '1d') ||
    chanceOf(b, '7d') - chanceOf(a, '7d') ||
    b.debtValue - a.debtValue ||
    a.key.localeCompare(b.key)
  );
}

/** Every position, worst first (the popup's default view). */
export function positionsByRisk(snapshot: Snapshot, t: Thresholds, now: number): PositionView[] {
  return snapshot.positions.map((e) => positionView(e, t, now)).sort(compareRisk);
}

/**
 * Chains that could not be read, split by what is at stake: `withPositions` hold positions of the user
 * (their numbers are from the last good read: loud, next to those numbers); `empty` hold none the guard
 * knows of (a chain the user never used, or offline): one quiet line, however many there are.
 */
export function failedChains(snapshot: Snapshot): { withPositions: ChainStatus[]; empty: ChainStatus[] } {
  const held = new Set(snapshot.positions.map((e) => e.position.chainId));
  const failed = Object.values(snapshot.chains).filter((c) => !c.ok || c.errors.length > 0);
  failed.sort((a, b) => a.name.localeCompare(b.name) || a.chainId - b.chainId);
  return { withPositions: failed.filter((c) => held.has(c.chainId)), empty: failed.filter((c) => !held.has(c.chainId)) };
}

/**
 * Positions by chain, then protocol, worst first at every level (the "group by chain" view). Chains that
 * failed without positions are not groups: `failedChains(…).empty` lists them.
 */
export function groupPositions(snapshot: Snapshot, t: Thresholds, now: number): ChainGroup[] {
  const views = positionsByRisk(snapshot, t, now);
  const chains = new Map<number, ChainGroup>();
  for (const view of views) {
    const chainId = view.position.chainId;
    let chain = chains.get(chainId);
    if (!chain) {
      const status = snapshot.chains[chainId];
      chain = { chainId, name: status?.name ?? `Chain ${chainId}`, status, protocols: [] };
      chains.set(chainId, chain);
    }
    let proto = chain.protocols.find((p) => p.protocol === view.position.protocol);
    if (!proto) {
      proto = { protocol: view.position.protocol, positions: [] };
      chain.protocols.push(proto);
    }
    // `views` is in risk order, so each group's first position is its worst and groups come worst first.
    proto.positions.push(view);
  }
  return [...chains.values()];
}

// ——— Assets ———

export interface AssetOption {
  address: Address;
  symbol: string;
  decimals: number;
  /** The input's hard limit (repay ≤ debt, withdraw ≤ holding), if any. */
  max?: AmountLimit;
  /** Where the slider ends (base units). */
  sliderMax: bigint;
}

/** The collateral that weighs most in the HF (its LT-weighted value); the first one if none has a price. */
export function mainCollateral(position: Position): Position['collateral'][number] | undefined {
  let best: Position['collateral'][number] | undefined;
  let bestWeight = -1n;
  for (const leg of position.collateral) {
    if (leg.amount === 0n) continue;
    const weight = (legValue(leg) ?? 0n) * leg.liquidationThreshold;
    if (weight > bestWeight) [best, bestWeight] = [leg, weight];
  }
  return best ?? position.collateral[0];
}

/**
 * Assets whose price moves against the quote unit: not within 5 % of 1 quote unit (stablecoins against
 * USD, the loan token in its own Morpho market). Used for the "all volatile assets" price move.
 */
export function volatileAssets(position: Position): Address[] {
  const out = new Set<Address>();
  const unit = 10n ** BigInt(position.quoteDecimals);
  for (const leg of [...position.collateral, ...position.debt]) {
    if (leg.price === undefined) continue;
    // price per whole token in quote base units
    const perToken = mulDiv(leg.price, 10n ** BigInt(leg.decimals), leg.priceUnit);
    if (perToken * 100n < unit * 95n || perToken * 100n > unit * 105n) out.add(leg.address);
  }
  return [...out];
}

// ——— Simulation ———

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

/** Largest x >= 0 with test(x) true, for a test true at 0 and monotone (true … true false … false). */
function largestWhere(test: (x: bigint) => boolean, cap: bigint = 1n << 200n): bigint {
  let hi = 1n;
  while (test(hi)) {
    hi *= 2n;
    if (hi > cap) return cap;
  }
  let lo = 0n; // test(lo) true, test(hi) false
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (test(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The assets an action can use, with their limits and slider ranges. */
export function assetOptions(position: Position, action: SimActionKind): AssetOption[] {
  const ref = (a: { address: Address; symbol: string; decimals: number }) => ({ address: a.address, symbol: a.symbol, decimals: a.decimals });
  switch (action) {
    case 'repay':
      return held(position.debt).map((l) => ({ ...ref(l), max: { amount: l.amount, label: 'the debt' }, sliderMax: l.amount }));
    case 'withdraw':
    case 'deleverage':
      return held(position.collateral).map((l) => ({
        ...ref(l),
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
          return { ...ref(a), sliderMax: perUnit > 0n ? perUnit : 10n ** BigInt(a.decimals) * 100n };
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
          const limit = safe(0n) && a.price ? largestWhere(safe) : 0n;
          return { ...ref(a), sliderMax: limit > 0n ? limit : 10n ** BigInt(a.decimals) };
        });
  }
}

/** Deleverage: the debt repaid with the proceeds of selling `sold` collateral, after slippage (as `proposals`). */
export function repaidFor(position: Position, sell: Address, repay: Address, sold: bigint, slippage = DEFAULT_SLIPPAGE_WAD): bigint {
  const coll = position.collateral.find((l) => l.address === sell);
  const debt = position.debt.find((l) => l.address === repay);
  if (!coll?.price || !debt?.price) return 0n;
  const proceeds = mulDiv(mulDiv(sold, coll.price, coll.priceUnit), WAD - slippage, WAD);
  const repaid = mulDiv(proceeds, debt.priceUnit, debt.price);
  return repaid > debt.amount ? debt.amount : repaid;
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

/**
 * A plain decimal string of base units for an input field: no grouping, the locale's decimal mark
 * ("1234.5", "1234,5" in de), so a prefilled "1.234" in de can never read back as 1234.
 */
export function amountText(amount: bigint, decimals: number, locale?: string): string {
  const text = formatUnits(amount, decimals);
  const mark = decimalSeparator(locale);
  return mark === '.' ? text : text.replace('.', mark);
}

/** The slider's position (0…1000) for an amount, and the amount for a slider position. */
export const SLIDER_STEPS = 1000;
export function sliderValue(amount: bigint | null, max: bigint): number {
  if (!amount || max <= 0n) return 0;
  if (amount >= max) return SLIDER_STEPS;
  return Number((amount * BigInt(SLIDER_STEPS)) / max);
}
export function sliderAmount(step: number, max: bigint, decimals: number): bigint {
  if (step >= SLIDER_STEPS) return max;
  if (step <= 0) return 0n;
  // A round number of 4 significant digits: the slider picks a size; exact amounts are typed.
  return roundUnits((max * BigInt(Math.round(step))) / BigInt(SLIDER_STEPS), decimals, 4, 'down');
}

// ——— Proposals, as displayed ———

export interface ShownAmount {
  address: Address;
  symbol: string;
  decimals: number;
  /** Rounded for display; the number the user reads and would act on. */
  amount: bigint;
}

export type ShownProposal =
  | { kind: 'add-collateral'; add: ShownAmount; hfAfter: HealthFactor; reachesTarget: true }
  | { kind: 'repay'; repay: ShownAmount; all: boolean; hfAfter: HealthFactor; reachesTarget: boolean }
  | { kind: 'deleverage'; sell: ShownAmount; repay: ShownAmount; all: boolean; slippage: bigint; hfAfter: HealthFactor; reachesTarget: boolean };

export interface ShownProposals {
  target: bigint;
  alreadySafe: boolean;
  /** Why there is nothing to propose, when there is not. */
  note: string | null;
  /** The main way to add collateral first (the main collateral if it can take more), then the others. */
  addCollateral: Extract<ShownProposal, { kind: 'add-collateral' }>[];
  repay: Extract<ShownProposal, { kind: 'repay' }>[];
  deleverage: Extract<ShownProposal, { kind: 'deleverage' }>[];
}

/** Significant digits tried for displayed amounts: few for reading, more only when the rounding would matter. */
const SIGNIFICANT = [2, 3, 4, 5, 6, 8, 10, 14, 20, 30, 80];
/** A displayed amount may exceed the exact one by at most 1/200 (0.5 %): rounding must not waste much. */
const MAX_ROUNDING_OVER = 200n;

/** The exact amount rounded up to the fewest significant digits that stay close and pass `accept`. */
function roundedUp(exact: bigint, decimals: number, accept: (rounded: bigint) => boolean): bigint {
  for (const sig of SIGNIFICANT) {
    const r = roundUnits(exact, decimals, sig, 'up');
    if ((r - exact) * MAX_ROUNDING_OVER <= exact && accept(r)) return r;
  }
  return exact;
}

const reachesGoal = (p: Position, goal: bigint) => {
  const h = healthFactor(p);
  return h === null || (h !== undefined && h >= goal);
};

/**
 * The engine's proposals, with amounts rounded to few significant digits for reading — and verified:
 * each displayed amount is run through the engine again and must still reach the target (plus the
 * engine's margin for a block of interest). Adding and repaying round up, which can only help; for
 * deleveraging (sell up, repay = what the sale yields after slippage, rounded down) more digits are used
 * until the displayed pair still reaches the target. So doing exactly what the popup says works.
 */
export function displayedProposals(position: Position, target: bigint): ShownProposals {
  const base = proposals(position, { target });
  const goal = target + mulDiv(target, TARGET_MARGIN_WAD, WAD, 'up');
  const hf = healthFactor(position);
  const out: ShownProposals = {
    target,
    alreadySafe: base.alreadySafe,
    note: null,
    addCollateral: [],
    repay: [],
    deleverage: [],
  };
  if (hf === undefined) return { ...out, note: 'A price is missing, so no amount can be computed.' };
  if (hf === null) return { ...out, note: 'No debt: nothing can be liquidated.' };
  if (base.alreadySafe) return out;

  for (const p of base.addCollateral) {
    const supplied = (x: bigint) => simulate(position, { type: 'supply', asset: p.add.address, amount: x });
    const shown = roundedUp(p.add.amount, p.add.decimals, (x) => reachesGoal(supplied(x), goal));
    out.addCollateral.push({ kind: 'add-collateral', add: { ...refOf(p.add), amount: shown }, hfAfter: healthFactor(supplied(shown)), reachesTarget: true });
  }
  const main = mainCollateral(position);
  out.addCollateral.sort((a, b) => {
    if (main && a.add.address === main.address) return -1;
    if (main && b.add.address === main.address) return 1;
    const va = valueOf(position, a.add) ?? 0n;
    const vb = valueOf(position, b.add) ?? 0n;
    return va < vb ? -1 : va > vb ? 1 : 0;
  });

  for (const p of base.repay) {
    const leg = position.debt.find((l) => l.address === p.repay.address)!;
    const repaid = (x: bigint) => simulate(position, { type: 'repay', asset: leg.address, amount: x });
    // Not reaching the target means "all of it": that amount stays exact.
    const shown = p.reachesTarget ? roundedUp(p.repay.amount, p.repay.decimals, (x) => x <= leg.amount && reachesGoal(repaid(x), goal)) : p.repay.amount;
    out.repay.push({
      kind: 'repay',
      repay: { ...refOf(p.repay), amount: shown },
      all: shown === leg.amount,
      hfAfter: healthFactor(repaid(shown)),
      reachesTarget: p.reachesTarget,
    });
  }

  for (const p of base.deleverage) {
    const coll = position.collateral.find((l) => l.address === p.sell.address)!;
    const debtLeg = position.debt.find((l) => l.address === p.repay.address)!;
    const pair = (sold: bigint, repaid: bigint) =>
      simulateAll(position, [
        { type: 'withdraw', asset: coll.address, amount: sold },
        { type: 'repay', asset: debtLeg.address, amount: repaid },
      ]);
    const exactHf = healthFactor(pair(p.sell.amount, p.repay.amount)) ?? 0n;
    let sell = p.sell.amount;
    let repay = p.repay.amount;
    for (const sig of SIGNIFICANT) {
      const s = roundUnits(p.sell.amount, p.sell.decimals, sig, 'up');
      if ((s - p.sell.amount) * MAX_ROUNDING_OVER > p.sell.amount) continue;
      const sold = s > coll.amount ? coll.amount : s;
      const yielded = repaidFor(position, coll.address, debtLeg.address, sold, p.slippage);
      // All of the debt stays "all" (exact); a part is rounded down to what the sale surely yields.
      // Two more digits on the repay side: rounding both to the same few digits can cost more HF than the
      // rounded-up sale buys back, and the pair would never be shown rounded.
      const r = yielded === debtLeg.amount ? yielded : roundUnits(yielded, p.repay.decimals, sig + 2, 'down');
      const h = healthFactor(pair(sold, r)) ?? 0n;
      // Reaching the target: the displayed pair must reach it too. Not reaching it: within 0.01 % of the best.
      const ok = p.reachesTarget ? h >= goal : h * 10_000n >= exactHf * 9_999n;
      if (ok) {
        [sell, repay] = [sold, r];
        break;
      }
    }
    out.deleverage.push({
      kind: 'deleverage',
      sell: { ...refOf(p.sell), amount: sell },
      repay: { ...refOf(p.repay), amount: repay },
      all: repay === debtLeg.amount,
      slippage: p.slippage,
      hfAfter: healthFactor(pair(sell, repay)),
      reachesTarget: p.reachesTarget,
    });
  }
  // Most useful first: those that reach the target, then the smallest sale.
  out.deleverage.sort((a, b) => Number(b.reachesTarget) - Number(a.reachesTarget) || cmpValue(position, a.sell, b.sell));
  // A sale that falls short is only worth showing when none reaches the target.
  if (out.deleverage.some((d) => d.reachesTarget)) out.deleverage = out.deleverage.filter((d) => d.reachesTarget);
  out.repay.sort((a, b) => Number(b.reachesTarget) - Number(a.reachesTarget) || cmpValue(position, a.repay, b.repay));
  return out;
}

const refOf = (a: { address: Address; symbol: string; decimals: number }) => ({ address: a.address, symbol: a.symbol, decimals: a.decimals });

function valueOf(position: Position, a: ShownAmount): bigint | undefined {
  const info = [...position.collateral, ...position.debt, ...position.assets].find((l) => l.address === a.address);
  if (!info?.price) return undefined;
  return mulDiv(a.amount, info.price, info.priceUnit);
}
function cmpValue(position: Position, a: ShownAmount, b: ShownAmount): number {
  const va = valueOf(position, a) ?? 0n;
  const vb = valueOf(position, b) ?? 0n;
  return va < vb ? -1 : va > vb ? 1 : 0;
}

/** The simulator input that reproduces a displayed proposal. */
export function proposalInput(p: ShownProposal, priceTarget: PriceTarget | null, locale?: string): SimInput {
  const common = { priceMovePct: 0, priceTarget };
  switch (p.kind) {
    case 'add-collateral':
      return { ...common, action: 'supply', asset: p.add.address, repayAsset: null, amountText: amountText(p.add.amount, p.add.decimals, locale) };
    case 'repay':
      return { ...common, action: 'repay', asset: p.repay.address, repayAsset: null, amountText: amountText(p.repay.amount, p.repay.decimals, locale) };
    case 'deleverage':
      return {
        ...common,
        action: 'deleverage',
        asset: p.sell.address,
        repayAsset: p.repay.address,
        amountText: amountText(p.sell.amount, p.sell.decimals, locale),
      };
  }
}

// ——— Chart ———

export interface ChartPoint {
  /** Price move, −0.9 … +1.0. */
  move: number;
  /** HF as a float for plotting; null where it cannot be computed. */
  hf: number | null;
}

export const CHART_MIN_MOVE = -0.9;
export const CHART_MAX_MOVE = 1.0;

/** HF against a price move of one asset (or every volatile one), sampled evenly. */
export function chartSeries(position: Position, target: PriceTarget, steps = 76): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (let i = 0; i <= steps; i++) {
    const move = CHART_MIN_MOVE + ((CHART_MAX_MOVE - CHART_MIN_MOVE) * i) / steps;
    const pct = Math.round(move * 10_000) / 100;
    let hf: HealthFactor;
    try {
      hf = healthFactor(simulateAll(position, priceMoveActions(position, target, pct)));
    } catch {
      hf = undefined;
    }
    points.push({ move, hf: typeof hf === 'bigint' ? Number(hf) / 1e18 : null });
  }
  return points;
}

/**
 * The price move at which HF reaches 1: exact from the engine's liquidation price when one asset moves,
 * interpolated on the sampled curve when all volatile assets move together (then only as precise as the
 * plot). null when it does not happen within the plotted range.
 */
export function liquidationMoveFor(position: Position, target: PriceTarget, points: ChartPoint[]): number | null {
  if (target === 'volatile') return liquidationMove(points);
  const r = report(position);
  const leg = r.collateral.find((l) => l.address === target && l.liquidationPrice !== null) ?? r.debt.find((l) => l.address === target);
  if (!leg || leg.price === null || leg.price <= 0 || leg.liquidationPrice === null) return null;
  const move = leg.liquidationPrice / leg.price - 1;
  return move >= CHART_MIN_MOVE && move <= CHART_MAX_MOVE ? move : null;
}

/** Where a sampled series crosses HF = 1 nearest to today's price, if it does. */
export function liquidationMove(points: ChartPoint[]): number | null {
  // Walk from today's price (move 0) downwards and upwards; report the nearest crossing.
  let best: number | null = null;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.hf === null || b.hf === null) continue;
    if ((a.hf - 1) * (b.hf - 1) <= 0 && a.hf !== b.hf) {
      const move = a.move + ((1 - a.hf) * (b.move - a.move)) / (b.hf - a.hf);
      if (best === null || Math.abs(move) < Math.abs(best)) best = move;
    }
  }
  return best;
}

// ——— Links to the dapps ———

export type DappLink = { url: string; label: string } | { url: null; reason: string };

/** `protocol:chainId:name` of every market that came from a markets file (build or import). */
export function customMarketKey(m: { protocol: string; chainId: number; name: string }): string {
  return `${m.protocol}:${m.chainId}:${m.name}`;
}

/**
 * The dapp page where the user can act on this position. Markets from a markets file (a devnet, a fork,
 * a deployment the dapp may not list) get none: a link could open a different market of the same name.
 */
export function dappLink(position: Position, customMarkets: ReadonlySet<string>): DappLink {
  if (customMarkets.has(customMarketKey({ protocol: position.protocol, chainId: position.chainId, name: position.market }))) {
    return { url: null, reason: 'Custom market (from a markets file): no public app page to link to.' };
  }
  const link = descriptorOf(position.protocol).dappLink(position);
  if (link) return link;
  return { url: null, reason: 'No known app page for this market.' };
}

/** What a proposal asks the user to do in the app. */
export type AppAction = 'supply' | 'repay' | 'deleverage';

const ACTION_VERBS: Record<AppAction, string> = { supply: 'Supply', repay: 'Repay', deleverage: 'Repay with collateral' };

/**
 * The next real step for a proposal: the app's own page for that action where one exists (Aave's page
 * of the asset to supply, its dashboard with the Repay buttons; the market's page on Morpho and
 * Compound), labelled with the verb ("Repay on Aave"). Nothing where the market has no known app page.
 */
export function actionLink(position: Position, action: AppAction, asset: Address, customMarkets: ReadonlySet<string>): DappLink {
  const base = dappLink(position, customMarkets);
  if (base.url === null) return base;
  const app = base.label.replace(/^Open in /, '');
  // Aave's app has a page per reserve, with its Supply button, in the market the dashboard link names.
  const aave = new URL(base.url);
  const name = aave.host === 'app.aave.com' ? aave.searchParams.get('marketName') : null;
  if (action === 'supply' && name) {
    const url = `https://app.aave.com/reserve-overview/?underlyingAsset=${asset.toLowerCase()}&marketName=${name}`;
    return { url, label: `Supply on ${app}` };
  }
  return { url: base.url, label: `${ACTION_VERBS[action]} on ${app}` };
}

// ——— The id in links (notifications open `popup.html?position=<key>` or `#position=<key>`) ———

export function positionParam(location: { search: string; hash: string }): string | null {
  const fromSearch = new URLSearchParams(location.search).get('position');
  if (fromSearch) return fromSearch;
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash;
  return new URLSearchParams(hash).get('position');
}

/** Positions for the list: one view per position, ordered by risk, grouped by chain and protocol. */
import { accountValues, displayValue, type HealthFactor, type Position } from '@/lib/risk/index.ts';
import { descriptorOf, protocolIds } from '@/lib/protocols/descriptors.ts';
import { ageMs, isStale, positionKey, type ChainStatus, type PositionEntry, type Snapshot } from '@/lib/snapshot/index.ts';
import { bandOf, type Band, type Thresholds } from './bands.ts';

export { positionKey };

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

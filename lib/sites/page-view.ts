import type { Thresholds } from '../alerts/index.ts';
import type { Position, PositionDetails, ProtocolId } from '../core/types.ts';
import { array, booleanCodec, isPlainObject, literal, nullable, numberCodec, object, optional, stringCodec, DecodeError, type Codec } from '../core/codec.ts';
import type { LegReport, PositionReport } from '../risk/report.ts';

/**
 * What the dapp pages show, display-ready: the background builds it (./page-view-build.ts) from the
 * snapshot, the settings and the accounts whenever one of them changes, and stores it under
 * `page-view`; the content script reads only this and paints it. So the script injected into every dapp
 * page carries no engine, no protocol rules and no snapshot codec (it stays small: `npm run bench`), and
 * the numbers on the page are the ones the background computed with `lib/risk`, never recomputed.
 *
 * Only what the badges and the page matching use is kept. Amounts and the protocols' bigint state stay
 * in the snapshot; the market details travel JSON-safe (bigint as decimal string), for the site modules
 * that match a position to the page's market (Morpho's market id, Compound's Comet).
 */
export const PAGE_VIEW_VERSION = 1;

/** A type with every bigint as its decimal string: what crosses JSON storage without a per-field codec. */
export type JsonSafe<T> = T extends bigint
  ? string
  : T extends readonly (infer U)[]
    ? JsonSafe<U>[]
    : T extends object
      ? { [K in keyof T]: JsonSafe<T[K]> }
      : T;

/** A position as the page matches it to rows and markets (no amounts). */
export interface PagePosition {
  protocol: ProtocolId;
  chainId: number;
  market: string;
  account: string;
  collateral: { symbol: string; address: string }[];
  debt: { symbol: string; address: string }[];
  /** The market's assets (Compound: the base asset's symbol when nothing is borrowed). */
  assets: { symbol: string; address: string }[];
  details: JsonSafe<PositionDetails>;
}

export type PageLeg = Pick<LegReport, 'symbol' | 'price' | 'liquidationPrice' | 'distance'>;

/** The engine's report, reduced to what a badge says. */
export interface PageReport extends Pick<PositionReport, 'market' | 'chainId' | 'account' | 'quote' | 'status' | 'healthFactor' | 'unverifiedMath'> {
  collateral: PageLeg[];
  debt: PageLeg[];
}

export interface PageEntry {
  /** The snapshot's position key (`positionKey`): what a badge click opens in the popup. */
  key: string;
  position: PagePosition;
  /** When the position was read, and whether the last refresh failed to read it again (the snapshot's entry). */
  readAt: number;
  stale: boolean;
  report: PageReport;
}

/** The watched, confirmed, shown account most recently seen connected on `host` (remembered badges). */
export interface PageRemembered {
  host: string;
  address: string;
}

export interface PageView {
  version: typeof PAGE_VIEW_VERSION;
  thresholds: Thresholds;
  /** The user's opt-in to badges for a remembered account while the wallet is locked (settings). */
  showRemembered: boolean;
  /**
   * One account per host, decided in the background (lib/sites/page-accounts.ts): a wallet report that only
   * moves an account's last-seen time changes nothing here, so no dapp tab re-renders for it.
   */
  remembered: PageRemembered[];
  positions: PageEntry[];
}

/** The page's type of a position, from the snapshot's (bigint → decimal string in the details). */
export function pagePosition(p: Position): PagePosition {
  const legRef = (l: { symbol: string; address: string }) => ({ symbol: l.symbol, address: l.address });
  return {
    protocol: p.protocol,
    chainId: p.chainId,
    market: p.market,
    account: p.account,
    collateral: p.collateral.map(legRef),
    debt: p.debt.map(legRef),
    assets: p.assets.map(legRef),
    details: jsonSafe(p.details),
  };
}

function jsonSafe<T>(value: T): JsonSafe<T> {
  if (typeof value === 'bigint') return value.toString(10) as JsonSafe<T>;
  if (Array.isArray(value)) return value.map(jsonSafe) as JsonSafe<T>;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)])) as JsonSafe<T>;
  return value as JsonSafe<T>;
}

// ——— Codec (the content script decodes what it reads; JSON storage has no Infinity or NaN) ———

/** A display float; ±Infinity and NaN (which JSON storage would turn into null) travel as strings. */
const displayNumber: Codec<number, number | string> = {
  encode: (v) => (Number.isFinite(v) ? v : String(v)),
  decode(raw, path = '') {
    if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
    if (raw === 'Infinity' || raw === '-Infinity' || raw === 'NaN') return Number(raw);
    throw new DecodeError(path, 'a number');
  },
};

const text = stringCodec();
const leg = object({ symbol: text, price: nullable(displayNumber), liquidationPrice: nullable(displayNumber), distance: nullable(displayNumber) });
const legRef = object({ symbol: text, address: text });

/**
 * Market details as the background wrote them from a decoded snapshot position. Checked for the shape
 * every protocol's details share (an object tagged with its protocol), not field by field: the page reads
 * only a market id or contract address from them, and this item is written by the background alone.
 */
const details: Codec<JsonSafe<PositionDetails>, unknown> = {
  encode: (v) => v,
  decode(raw, path = '') {
    if (!isPlainObject(raw) || typeof raw.protocol !== 'string') throw new DecodeError(path, 'market details tagged with their protocol');
    return raw as JsonSafe<PositionDetails>;
  },
};

/** Not checked against the registry (that would bring the descriptors into the page): an id no site claims matches nothing. */
const protocolId: Codec<ProtocolId, string> = {
  encode: (v) => v,
  decode: (raw, path = '') => text.decode(raw, path) as ProtocolId,
};

const entryCodec = object({
  key: text,
  position: object({
    protocol: protocolId,
    chainId: numberCodec({ integer: true, min: 1 }),
    market: text,
    account: text,
    collateral: array(legRef, 500),
    debt: array(legRef, 500),
    assets: array(legRef, 500),
    details,
  }),
  readAt: numberCodec({ min: 0 }),
  stale: booleanCodec,
  report: object({
    market: text,
    chainId: numberCodec({ integer: true, min: 1 }),
    account: text,
    quote: text,
    status: literal('ok', 'no-debt', 'price-missing', 'liquidatable'),
    healthFactor: nullable(displayNumber),
    unverifiedMath: optional(literal(true)),
    collateral: array(leg, 500),
    debt: array(leg, 500),
  }),
});

const rememberedCodec = object({ host: text, address: text });

/** Entries are decoded one by one (`decodePageView`), so this only checks that they come as a list. */
const entries: Codec<PageEntry[], unknown[]> = {
  encode: (v) => v.map((e) => entryCodec.encode(e)),
  decode(raw, path = '') {
    if (!Array.isArray(raw) || raw.length > 10_000) throw new DecodeError(path, 'an array of at most 10000 items');
    return raw as PageEntry[];
  },
};

const viewCodec = object({
  version: literal(PAGE_VIEW_VERSION),
  thresholds: object({ warnBelow: numberCodec(), urgentBelow: numberCodec() }),
  showRemembered: booleanCodec,
  remembered: array(rememberedCodec, 1_000),
  positions: entries,
});

export function encodePageView(view: PageView): unknown {
  return viewCodec.encode(view);
}

/**
 * The stored view, or null when there is none or it cannot be read (written by another version, or
 * damaged): the page then shows nothing rather than numbers it cannot vouch for, and the background
 * writes a fresh one on its next change. A position that does not read is left out on its own, never
 * hiding the others. Derived data: nothing of the user's is lost by dropping it.
 */
export function decodePageView(raw: unknown): PageView | null {
  if (raw === null || raw === undefined) return null;
  let view: PageView;
  try {
    view = viewCodec.decode(raw) as PageView;
  } catch {
    return null;
  }
  const positions: PageEntry[] = [];
  for (const entry of view.positions) {
    try {
      positions.push(entryCodec.decode(entry) as PageEntry);
    } catch {
      // Left out: the page shows the rest.
    }
  }
  return { ...view, positions };
}

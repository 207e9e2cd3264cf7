import type { Hex } from 'viem';
import type { AaveMarketStatic } from '../protocols/aave-v3/market.ts';
import type { AaveV4SpokeStatic } from '../protocols/aave-v4/market.ts';
import type { AaveExpectation } from '../protocols/aave-v3/positions.ts';
import type { CometMarketStatic } from '../protocols/compound-v3/market.ts';
import type { MorphoDiscoveryState, MorphoMarketStatic } from '../protocols/morpho-blue/index.ts';
import { addressCodec, array, bigintCodec, hexCodec, isPlainObject, literal, nullable, numberCodec, object, optional, stringCodec, type Codec } from '../core/codec.ts';
import { morphoMarketStateCodec } from '../protocols/morpho-blue/interest-codec.ts';

/**
 * The scan's cache of static market data (reserve lists, token symbols and decimals, Morpho market params,
 * the discovery state), as stored between MV3 worker lives. The worker is stopped after ~30 s idle, so with a
 * one-minute alarm most refreshes would otherwise start cold (+3 requests per Aave market).
 *
 * Validated when read back, like every stored value: each entry is decoded by the schema its key names, and
 * an entry that does not decode is dropped (the reader then reads it from the chain again) — never trusted
 * half-way. Aave and Comet entries older than `MARKET_CACHE_TTL_MS` are dropped too. Markets that change are caught by the
 * readers themselves (Aave re-reads its static data when the Pool's reserve list differs, Comet when its
 * asset count does; Morpho market params are immutable).
 */
export const MARKET_CACHE_VERSION = 1;
/** A day: cheap insurance against anything a reader cannot see change (a token renamed). */
export const MARKET_CACHE_TTL_MS = 24 * 60 * 60_000;
/** More than this many entries is not a real configuration. */
const MAX_ENTRIES = 2_000;

export interface StoredMarketCache {
  version: number;
  savedAt: number;
  /** When each entry was first stored (ms). */
  entries: { key: string; at: number; value: unknown }[];
}

const address = addressCodec;
const symbol = stringCodec(64);
const decimals = numberCodec({ integer: true, min: 0, max: 255 });

const aaveStatic: Codec<AaveMarketStatic, unknown> = object({
  pool: address,
  oracle: address,
  reserves: array(object({ address, symbol, id: numberCodec({ integer: true, min: 0, max: 1_000 }) }), 1_000),
  eModeModel: literal('legacy', 'bitmaps'),
}) as unknown as Codec<AaveMarketStatic, unknown>;

const aaveExpect: Codec<AaveExpectation, unknown> = object({
  users: {
    encode: (v: AaveExpectation['users']) => Object.fromEntries(Object.entries(v).map(([k, u]) => [k, { config: u.config.toString(), eMode: u.eMode }])),
    decode(raw: unknown, path = '') {
      if (!isPlainObject(raw) || Object.keys(raw).length > 1_000) throw new Error(`${path}: expected accounts`);
      const user = object({ config: bigintCodec, eMode: numberCodec({ integer: true, min: 0, max: 255 }) });
      return Object.fromEntries(Object.entries(raw).map(([k, x]) => [address.decode(k, `${path}.${k}`), user.decode(x, `${path}.${k}`)]));
    },
  },
  tokens: array(object({ a: address, v: address, s: address }), 1_000),
  sources: array(nullable(address), 1_000),
}) as unknown as Codec<AaveExpectation, unknown>;

const aaveV4Static: Codec<AaveV4SpokeStatic, unknown> = object({
  spoke: address,
  oracle: address,
  reserves: array(
    object({
      id: numberCodec({ integer: true, min: 0, max: 1_000_000 }),
      underlying: address,
      symbol,
      decimals,
      hub: address,
      assetId: numberCodec({ integer: true, min: 0, max: 1_000_000 }),
    }),
    1_000,
  ),
}) as unknown as Codec<AaveV4SpokeStatic, unknown>;

const cometToken = { address, symbol, decimals, scale: bigintCodec, priceFeed: address };
const cometStatic: Codec<CometMarketStatic, unknown> = object({
  comet: address,
  base: object(cometToken),
  collaterals: array(object({ ...cometToken, offset: numberCodec({ integer: true, min: 0, max: 255 }) }), 255),
  quote: stringCodec(16),
}) as unknown as Codec<CometMarketStatic, unknown>;

/** A record keyed by 32-byte hex ids (lower-case), values decoded by `inner`. */
function recordByHex<T>(inner: Codec<T, unknown>, maxKeys: number): Codec<Record<Hex, T>, Record<string, unknown>> {
  return {
    encode: (v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inner.encode(x as T)])),
    decode(raw, path = '') {
      if (!isPlainObject(raw) || Object.keys(raw).length > maxKeys) throw new Error(`${path}: expected at most ${maxKeys} entries`);
      const out: Record<Hex, T> = {};
      for (const [k, x] of Object.entries(raw)) {
        if (!/^0x[0-9a-f]{64}$/.test(k)) throw new Error(`${path}.${k}: expected a market id`);
        out[k as Hex] = inner.decode(x, `${path}.${k}`);
      }
      return out;
    },
  };
}

const assetRef = object({ address, symbol, decimals });
const morphoStatic: Codec<MorphoMarketStatic, unknown> = object({
  morpho: address,
  markets: recordByHex(
    object({
      id: hexCodec(66),
      params: object({ loanToken: address, collateralToken: address, oracle: address, irm: address, lltv: bigintCodec }),
      loanToken: assetRef,
      collateralToken: assetRef,
    }),
    5_000,
  ),
}) as unknown as Codec<MorphoMarketStatic, unknown>;

const accountScan = object({ scannedFrom: bigintCodec, scannedTo: bigintCodec, marketIds: array(hexCodec(66), 5_000) });
const morphoDiscovery: Codec<MorphoDiscoveryState, unknown> = object({
  morpho: address,
  accounts: {
    encode: (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, accountScan.encode(x as never)])),
    decode(raw: unknown, path = '') {
      if (!isPlainObject(raw) || Object.keys(raw).length > 1_000) throw new Error(`${path}: expected accounts`);
      return Object.fromEntries(Object.entries(raw).map(([k, x]) => [address.decode(k, `${path}.${k}`), accountScan.decode(x, `${path}.${k}`)]));
    },
  },
  refusedRange: optional(bigintCodec),
  blockRange: optional(bigintCodec),
}) as unknown as Codec<MorphoDiscoveryState, unknown>;

const idleMarkets = recordByHex(numberCodec({ min: 0 }), 5_000);
const storedMarkets = recordByHex(morphoMarketStateCodec, 5_000);

/** The schema of an entry, from its key (the keys `lib/scan` and the Morpho reader use). */
function codecFor(key: string): Codec<unknown, unknown> | undefined {
  if (/^aave-v3:\d+:0x[0-9a-fA-F]{40}$/.test(key)) return aaveStatic as Codec<unknown, unknown>;
  if (/^aave-v3:\d+:0x[0-9a-fA-F]{40}:expect$/.test(key)) return aaveExpect as Codec<unknown, unknown>;
  if (/^compound-v3:\d+:0x[0-9a-fA-F]{40}$/.test(key)) return cometStatic as Codec<unknown, unknown>;
  if (/^aave-v4:\d+:0x[0-9a-fA-F]{40}$/.test(key)) return aaveV4Static as Codec<unknown, unknown>;
  if (/^morpho-blue:\d+:0x[0-9a-f]{40}$/.test(key)) return morphoStatic as Codec<unknown, unknown>;
  if (/^morpho-blue:\d+:0x[0-9a-f]{40}:discovery$/.test(key)) return morphoDiscovery as Codec<unknown, unknown>;
  if (/^morpho-blue:\d+:0x[0-9a-f]{40}:idle:[0-9a-fx,]*$/.test(key)) return idleMarkets as Codec<unknown, unknown>;
  if (/^morpho-blue:\d+:0x[0-9a-f]{40}:stored$/.test(key)) return storedMarkets as Codec<unknown, unknown>;
  if (/^morpho-blue:\d+:0x[0-9a-f]{40}:discoveredAt$/.test(key)) return numberCodec({ min: 0 }) as Codec<unknown, unknown>;
  return undefined;
}

/**
 * The cache as JSON-safe data (bigints as decimal strings, by schema). Unknown keys are not stored. An entry
 * unchanged since `previous` keeps its age (`at`), a new or changed one starts at `now`.
 */
export function encodeMarketCache(cache: ReadonlyMap<string, unknown>, now: number, previous?: StoredMarketCache): StoredMarketCache {
  const before = new Map((previous?.entries ?? []).map((e) => [e.key, e]));
  const entries: StoredMarketCache['entries'] = [];
  for (const [key, value] of cache) {
    const codec = codecFor(key);
    if (!codec || value === undefined) continue;
    const encoded = codec.encode(value);
    const old = before.get(key);
    const at = old && JSON.stringify(old.value) === JSON.stringify(encoded) ? old.at : now;
    entries.push({ key, at, value: encoded });
  }
  return { version: MARKET_CACHE_VERSION, savedAt: now, entries: entries.slice(0, MAX_ENTRIES) };
}

/** Aave (v3, v4) and Comet data expire; Morpho's never does (market params are immutable, logs do not change). */
const expires = (key: string) => !key.startsWith('morpho-blue:');

/**
 * Read a stored cache back: every entry decoded by its key's schema; bad, unknown or expired entries are left
 * out (and named in `dropped`). Never throws: a cache that cannot be read is an empty cache.
 */
export function decodeMarketCache(raw: unknown, now: number): { cache: Map<string, unknown>; stored: StoredMarketCache; dropped: string[] } {
  const cache = new Map<string, unknown>();
  const kept: StoredMarketCache['entries'] = [];
  const dropped: string[] = [];
  const stored = { version: MARKET_CACHE_VERSION, savedAt: now, entries: kept };
  if (!isPlainObject(raw) || raw.version !== MARKET_CACHE_VERSION || !Array.isArray(raw.entries)) return { cache, stored, dropped };
  for (const entry of raw.entries.slice(0, MAX_ENTRIES) as unknown[]) {
    if (!isPlainObject(entry) || typeof entry.key !== 'string' || typeof entry.at !== 'number') continue;
    const codec = codecFor(entry.key);
    if (!codec || (expires(entry.key) && !(now - entry.at < MARKET_CACHE_TTL_MS)) || entry.at > now + 60_000) {
      dropped.push(entry.key.slice(0, 120));
      continue;
    }
    try {
      cache.set(entry.key, codec.decode(entry.value, entry.key));
      kept.push({ key: entry.key, at: entry.at, value: entry.value });
    } catch {
      dropped.push(entry.key.slice(0, 120));
    }
  }
  return { cache, stored, dropped };
}

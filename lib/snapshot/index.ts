import type { Address } from 'viem';
import {
  addressCodec,
  array,
  bigintCodec,
  booleanCodec,
  DecodeError,
  isPlainObject,
  type Codec,
  literal,
  nullable,
  numberCodec,
  object,
  optional,
  recordByInt,
  stringCodec,
} from '../core/codec.ts';
import { GUARD_ERROR_CODES, type GuardErrorCode } from '../errors.ts';
import { protocolIds } from '../protocols/descriptors.ts';
import type { ProtocolId } from '../core/types.ts';
import { MAX_ACCOUNTS } from '../settings/index.ts';
import { migrate, type Migrations } from '../core/migrations.ts';
import { positionCodec, type EncodedPosition } from './position.ts';
import { SNAPSHOT_VERSION, type ChainStatus, type PositionEntry, type Snapshot } from './types.ts';

export * from './types.ts';
export { positionCodec, positionKey, type EncodedPosition } from './position.ts';
export { migrate, type Migrations, type MigrationResult } from '../core/migrations.ts';
export { DecodeError } from '../core/codec.ts';

/**
 * Migrations of the stored snapshot, keyed by the version they produce. Version 1 is the first shape, so
 * none yet. The snapshot is a cache the background rewrites every minute, so a migration may also
 * simply return `undefined`-free minimal data; but a migration keeps the last good positions visible
 * (marked stale) across an update instead of a blank popup until the next read.
 */
export const SNAPSHOT_MIGRATIONS: Migrations = {};

/** At most this many positions are kept; more is not a real portfolio but corrupt or hostile data. */
export const MAX_POSITIONS = 2_000;
/**
 * A snapshot holds the accounts that were read, and only watched accounts are read (pending and ignored
 * ones never): the settings' limit on watched accounts bounds it. More is corrupt or hostile data.
 */
export const MAX_SNAPSHOT_ACCOUNTS = MAX_ACCOUNTS;
/**
 * A status per chain read. Settings set no limit on chains (built-in ones plus an imported markets file,
 * itself at most 1 MB), so this is only a bound on corrupt or hostile data: far above the few dozen
 * chains any real setup reads, small enough to decode at once.
 */
export const MAX_SNAPSHOT_CHAINS = 1_000;
const ms = numberCodec({ integer: true, min: 0 });

/** Every code a chain error may carry, and the categories snapshots stored before errors were typed. */
const CHAIN_ERROR_CODES = literal<GuardErrorCode>(...GUARD_ERROR_CODES);
const LEGACY_KINDS: Record<string, GuardErrorCode> = {
  unreachable: 'rpc-unreachable',
  timeout: 'rpc-timeout',
  'rate-limited': 'rpc-rate-limited',
  'bad-response': 'rpc-garbage',
  'read-failed': 'bad-data',
};
const chainErrorKindCodec: Codec<GuardErrorCode, string> = {
  encode: (v) => v,
  decode: (raw, path = '') => CHAIN_ERROR_CODES.decode(typeof raw === 'string' ? (LEGACY_KINDS[raw] ?? raw) : raw, path),
};

/**
 * A failed market's protocol. One this build does not know (stored by a newer version) reads as absent —
 * the error then matches by market name, as errors stored before the protocol was recorded do — rather
 * than dropping the chain's status.
 */
const errorProtocolCodec: Codec<ProtocolId | undefined, string | undefined> = {
  encode: (v) => v,
  decode: (raw) => protocolIds.find((id) => id === raw),
};

const chainErrorCodec = object({
  kind: chainErrorKindCodec,
  message: stringCodec(),
  market: optional(stringCodec(200)),
  protocol: errorProtocolCodec,
  marketId: optional(stringCodec(66)),
});

const chainStatusCodec = object({
  chainId: numberCodec({ integer: true, min: 1 }),
  name: stringCodec(200),
  ok: booleanCodec,
  errors: array(chainErrorCodec, 100),
  rpcUrl: nullable(stringCodec()),
  lastAttemptAt: ms,
  lastSuccessAt: nullable(ms),
  blockNumber: nullable(bigintCodec),
  blockTimestamp: optional(nullable(bigintCodec)),
});

const entryEnvelope = object({ readAt: ms, stale: booleanCodec });
const probability = numberCodec({ min: 0, max: 1 });
const outlookCodec = object({
  chance: nullable(object({ '1d': probability, '7d': probability })),
  legs: array(object({ asset: addressCodec, volatility: numberCodec({ min: 0 }), source: literal('history', 'assumed') }), 256),
});

export interface EncodedPositionEntry {
  position: EncodedPosition;
  outlook?: ReturnType<typeof outlookCodec.encode>;
  readAt: number;
  stale: boolean;
}

/** The JSON-safe stored form. */
export interface EncodedSnapshot {
  version: number;
  updatedAt: number;
  accounts: string[];
  chains: Record<string, ReturnType<typeof chainStatusCodec.encode>>;
  positions: EncodedPositionEntry[];
}

export function encodeSnapshot(snapshot: Snapshot): EncodedSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    updatedAt: snapshot.updatedAt,
    accounts: [...snapshot.accounts],
    chains: recordByInt(chainStatusCodec).encode(snapshot.chains),
    positions: snapshot.positions.map((e) => ({
      position: positionCodec.encode(e.position),
      readAt: e.readAt,
      stale: e.stale,
      ...(e.outlook ? { outlook: outlookCodec.encode(e.outlook) } : {}),
    })),
  };
}

export interface DecodeSnapshotResult {
  /** null when nothing usable was stored (absent, unreadable envelope, newer version). */
  snapshot: Snapshot | null;
  /** What was wrong, one line each (dropped entries, migration problems); empty when all was fine. */
  issues: string[];
}

/**
 * Read back what storage holds, never trusting it: storage can hold an older shape, a newer one, or be
 * corrupted by a bug or a hand edit. Migrates, validates every field, drops the entries that do not
 * validate (each reported in `issues`) and keeps the rest.
 */
export function decodeSnapshot(raw: unknown): DecodeSnapshotResult {
  if (raw === null || raw === undefined) return { snapshot: null, issues: [] };
  const migrated = migrate(raw, SNAPSHOT_VERSION, SNAPSHOT_MIGRATIONS);
  if (!migrated.ok) return { snapshot: null, issues: [`snapshot: ${migrated.message}`] };
  const value = migrated.value;
  if (!isPlainObject(value)) return { snapshot: null, issues: ['snapshot: not an object'] };

  const issues: string[] = [];
  let updatedAt: number;
  try {
    updatedAt = ms.decode(value.updatedAt, 'updatedAt');
  } catch (error) {
    return { snapshot: null, issues: [`snapshot: ${(error as Error).message}`] };
  }

  const accounts: Address[] = [];
  const rawAccounts = Array.isArray(value.accounts) ? value.accounts.slice(0, MAX_SNAPSHOT_ACCOUNTS) : [];
  if (!Array.isArray(value.accounts)) issues.push('accounts: expected an array');
  rawAccounts.forEach((a, i) => {
    try {
      accounts.push(addressCodec.decode(a, `accounts[${i}]`));
    } catch (error) {
      issues.push((error as Error).message);
    }
  });

  const chains: Record<number, ChainStatus> = {};
  if (isPlainObject(value.chains)) {
    for (const [key, status] of Object.entries(value.chains).slice(0, MAX_SNAPSHOT_CHAINS)) {
      try {
        const decoded = chainStatusCodec.decode(status, `chains.${key}`) as ChainStatus;
        if (String(decoded.chainId) !== key) throw new DecodeError(`chains.${key}.chainId`, `${key}`);
        chains[decoded.chainId] = decoded;
      } catch (error) {
        issues.push((error as Error).message);
      }
    }
  } else {
    issues.push('chains: expected an object');
  }

  const positions: PositionEntry[] = [];
  const rawPositions = Array.isArray(value.positions) ? value.positions : [];
  if (!Array.isArray(value.positions)) issues.push('positions: expected an array');
  if (rawPositions.length > MAX_POSITIONS) issues.push(`positions: ${rawPositions.length - MAX_POSITIONS} over the limit dropped`);
  rawPositions.slice(0, MAX_POSITIONS).forEach((entry, i) => {
    try {
      const env = entryEnvelope.decode(entry, `positions[${i}]`);
      const position = positionCodec.decode((entry as { position?: unknown }).position, `positions[${i}].position`);
      // An unreadable outlook is dropped on its own: it is recomputed at the next refresh.
      let outlook;
      try {
        const raw = (entry as { outlook?: unknown }).outlook;
        outlook = raw === undefined ? undefined : (outlookCodec.decode(raw, `positions[${i}].outlook`) as PositionEntry['outlook']);
      } catch (error) {
        issues.push((error as Error).message);
      }
      positions.push({ position, readAt: env.readAt, stale: env.stale, ...(outlook ? { outlook } : {}) });
    } catch (error) {
      issues.push((error as Error).message);
    }
  });

  return { snapshot: { version: SNAPSHOT_VERSION, updatedAt, accounts, chains, positions }, issues };
}

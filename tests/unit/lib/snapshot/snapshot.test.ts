import { describe, expect, it } from 'vitest';
import { getAddress } from 'viem';
import {
  decodeSnapshot,
  encodeSnapshot,
  MAX_SNAPSHOT_CHAINS,
  migrate,
  positionCodec,
  SNAPSHOT_VERSION,
  type EncodedSnapshot,
} from '../../../../lib/snapshot/index.ts';
import { activeAccounts, emptyAccounts, MAX_ACCOUNTS } from '../../../../lib/settings/index.ts';
import { addManual } from '../../../../lib/settings/watched-accounts.ts';
import { ALICE, entry, positionWithHf, snapshotOf } from '../../fixtures/snapshot.ts';

/** What storage really does to a value: JSON in, JSON out. */
const throughStorage = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

describe('snapshot codec', () => {
  it('round-trips a snapshot through JSON exactly, bigints included', () => {
    const p = positionWithHf(1.3);
    p.collateral[0]!.amount = 2n ** 255n + 12345n; // beyond any float
    p.debt[0]!.price = undefined; // a missing price stays missing, not 0
    const snapshot = snapshotOf([entry(p, 1_000_000, true)]);
    const { snapshot: back, issues } = decodeSnapshot(throughStorage(encodeSnapshot(snapshot)));
    expect(issues).toEqual([]);
    expect(back).toEqual(snapshot);
    expect(back!.positions[0]!.position.collateral[0]!.amount).toBe(2n ** 255n + 12345n);
    expect(back!.positions[0]!.position.debt[0]!.price).toBeUndefined();
  });

  it('stores bigints as decimal strings (no bigint reaches JSON)', () => {
    const encoded = encodeSnapshot(snapshotOf([entry(positionWithHf(1.3))]));
    expect(() => JSON.stringify(encoded)).not.toThrow();
    expect(encoded.positions[0]!.position.blockNumber).toBe('100');
    expect(encoded.chains['31337']!.blockNumber).toBe('100');
  });

  it('drops corrupt positions one by one and keeps the rest, saying what was wrong', () => {
    const good = encodeSnapshot(snapshotOf([entry(positionWithHf(1.3)), entry(positionWithHf(1.5)), entry(positionWithHf(2)), entry(positionWithHf(3))]));
    const raw = throughStorage(good) as EncodedSnapshot & { positions: any[] };
    raw.positions[0].position.collateral[0].amount = '12.5'; // not an integer
    raw.positions[1].position.account = '0x70997970c51812dc3A010C7d01b50e0d17dc79C8'; // bad checksum (one letter's case flipped)
    raw.positions[2].position.details.protocol = 'compound-v3'; // does not match the position
    const { snapshot, issues } = decodeSnapshot(raw);
    expect(snapshot!.positions).toHaveLength(1);
    expect(issues).toHaveLength(3);
    expect(issues[0]).toMatch(/positions\[0\]\.position\.collateral\[0\]\.amount: expected a decimal integer string/);
    expect(issues[1]).toMatch(/positions\[1\]\.position\.account: expected an address with a valid checksum/);
    expect(issues[2]).toMatch(/positions\[2\]\.position/);
  });

  it('rejects what is not a bigint string: numbers, hex, huge, negative zero tricks', () => {
    for (const bad of [12, '0x10', '1e18', ' 1', '01', '9'.repeat(200), null, {}]) {
      expect(() => positionCodec.decode({ ...positionCodec.encode(positionWithHf(1.3)), blockNumber: bad })).toThrow(/blockNumber/);
    }
  });

  it('drops unknown keys instead of copying them through', () => {
    const raw = throughStorage(encodeSnapshot(snapshotOf([entry(positionWithHf(1.3))]))) as any;
    raw.positions[0].position.__proto_pollution = { x: 1 };
    raw.extra = 'x';
    const { snapshot } = decodeSnapshot(raw);
    expect(Object.keys(snapshot!.positions[0]!.position)).not.toContain('__proto_pollution');
    expect(Object.keys(snapshot!)).not.toContain('extra');
  });

  it('treats an unreadable envelope as no snapshot', () => {
    expect(decodeSnapshot(undefined)).toEqual({ snapshot: null, issues: [] });
    expect(decodeSnapshot('garbage').snapshot).toBeNull();
    expect(decodeSnapshot({ version: 1, updatedAt: -5 }).snapshot).toBeNull();
    expect(decodeSnapshot([]).snapshot).toBeNull();
  });

  it('keeps good chains when one chain status is corrupt', () => {
    const raw = throughStorage(encodeSnapshot(snapshotOf([entry(positionWithHf(1.3))]))) as any;
    raw.chains['1'] = { chainId: 2, name: 'lies' };
    const { snapshot, issues } = decodeSnapshot(raw);
    expect(Object.keys(snapshot!.chains)).toEqual(['31337']);
    expect(issues.length).toBe(1);
  });

  it('checksums lower-case addresses it reads', () => {
    const raw = throughStorage(encodeSnapshot(snapshotOf([entry(positionWithHf(1.3))]))) as any;
    raw.positions[0].position.account = ALICE.toLowerCase();
    raw.accounts = [ALICE.toLowerCase()];
    const { snapshot } = decodeSnapshot(raw);
    expect(snapshot!.positions[0]!.position.account).toBe(ALICE);
    expect(snapshot!.accounts).toEqual([ALICE]);
  });
});

describe('chain errors', () => {
  const withError = (error: object) => {
    const raw = throughStorage(encodeSnapshot(snapshotOf([entry(positionWithHf(1.3))]))) as EncodedSnapshot;
    return { ...raw, chains: { '31337': { ...raw.chains['31337']!, ok: false, errors: [error] } } };
  };
  it('keep the failed market\'s protocol; one this build does not know, or none (older snapshots), reads as absent', () => {
    const error = { kind: 'contract-reverted', message: 'x', market: 'Devnet', protocol: 'compound-v3' };
    expect(decodeSnapshot(withError(error)).snapshot!.chains[31337]!.errors).toEqual([error]);
    const newer = decodeSnapshot(withError({ ...error, protocol: 'aave-v9' }));
    expect(newer.issues).toEqual([]);
    expect(newer.snapshot!.chains[31337]!.errors).toEqual([{ kind: 'contract-reverted', message: 'x', market: 'Devnet' }]);
    expect(decodeSnapshot(withError({ kind: 'read-failed', message: 'x', market: 'Devnet' })).snapshot!.chains[31337]!.errors).toEqual([
      { kind: 'bad-data', message: 'x', market: 'Devnet' },
    ]);
  });
});

describe('snapshot limits', () => {
  it('keeps every account the settings let the user watch, and no more', () => {
    // Fill the settings to their limit the way the user would, then read them all.
    let state = emptyAccounts();
    for (let i = 1; ; i++) {
      try {
        state = addManual(state, getAddress(`0x${i.toString(16).padStart(40, '0')}`), undefined, i).state;
      } catch {
        break;
      }
    }
    const watched = activeAccounts(state);
    expect(watched).toHaveLength(MAX_ACCOUNTS);
    const full = throughStorage(encodeSnapshot({ ...snapshotOf([]), accounts: watched })) as EncodedSnapshot;
    expect(decodeSnapshot(full).snapshot!.accounts).toEqual(watched);
    const over = { ...full, accounts: [...full.accounts, ALICE] };
    expect(decodeSnapshot(over).snapshot!.accounts).toEqual(watched);
  });

  it('bounds chain statuses on their own limit, not the accounts one', () => {
    const base = throughStorage(encodeSnapshot(snapshotOf([entry(positionWithHf(1.3))]))) as EncodedSnapshot;
    const status = base.chains['31337']!;
    const chains = Object.fromEntries(Array.from({ length: MAX_SNAPSHOT_CHAINS + 5 }, (_, i) => [String(i + 1), { ...status, chainId: i + 1 }]));
    const { snapshot } = decodeSnapshot({ ...base, chains });
    expect(Object.keys(snapshot!.chains)).toHaveLength(MAX_SNAPSHOT_CHAINS);
  });
});

describe('migrations', () => {
  it('refuses a value from a newer version instead of guessing', () => {
    const raw = { ...throughStorage(encodeSnapshot(snapshotOf([]))) as object, version: SNAPSHOT_VERSION + 1 };
    const { snapshot, issues } = decodeSnapshot(raw);
    expect(snapshot).toBeNull();
    expect(issues[0]).toMatch(/newer/);
  });

  it('refuses a value without a version', () => {
    expect(decodeSnapshot({ updatedAt: 1, positions: [] }).issues[0]).toMatch(/no version/);
  });

  it('runs each step in order and stamps the version', () => {
    const steps = {
      2: (v: Record<string, unknown>) => ({ ...v, positions: v.items, items: undefined }),
      3: (v: Record<string, unknown>) => ({ ...v, updatedAt: (v.updatedAt as number) * 1000 }),
    };
    const result = migrate({ version: 1, items: [1], updatedAt: 5 }, 3, steps);
    expect(result).toEqual({ ok: true, from: 1, value: { version: 3, positions: [1], items: undefined, updatedAt: 5000 } });
  });

  it('reports a missing step and a failing step', () => {
    expect(migrate({ version: 1 }, 3, { 2: (v) => v })).toMatchObject({ ok: false, reason: 'no-path' });
    expect(
      migrate({ version: 1 }, 2, {
        2: () => {
          throw new Error('boom');
        },
      }),
    ).toMatchObject({ ok: false, reason: 'failed', message: 'migration to version 2 failed: boom' });
  });

  it('leaves a current value as it is', () => {
    const value = { version: SNAPSHOT_VERSION, x: 1 };
    expect(migrate(value, SNAPSHOT_VERSION, {})).toEqual({ ok: true, value, from: SNAPSHOT_VERSION });
  });
});

import { describe, expect, it } from 'vitest';
import { toWad } from '../../../lib/alerts/index.ts';
import { BADGE_COLORS, badgeText, computeBadge } from '../../../lib/toolbar-badge.ts';
import { STALE_AFTER_MS } from '../../../lib/snapshot/index.ts';
import { BOB, entry, positionWithHf, snapshotOf } from '../fixtures/snapshot.ts';

const thresholds = { warnBelow: 1.25, urgentBelow: 1.1 };
const NOW = 1_000_000;
const badge = (snapshot: ReturnType<typeof snapshotOf> | null, now = NOW, watchedAccounts = 1) =>
  computeBadge({ snapshot, watchedAccounts, thresholds, now });

describe('badge text', () => {
  it('shows 2 decimals rounded down, and caps big numbers', () => {
    expect(badgeText(toWad(1.0799))).toBe('1.07');
    expect(badgeText(toWad(1.5))).toBe('1.50');
    expect(badgeText(toWad(0.93))).toBe('0.93');
    expect(badgeText(toWad(9.999))).toBe('9.99');
    expect(badgeText(toWad(10))).toBe('10+');
  });
});

describe('computeBadge', () => {
  it('shows the worst health factor, coloured by band, and names it in the title', () => {
    const b = badge(snapshotOf([entry(positionWithHf(1.8)), entry(positionWithHf(1.2, { account: BOB })), entry(positionWithHf(3))]));
    expect(b.text).toBe('1.20'); // 16 500 / 13 750 exactly
    expect(b.color).toBe(BADGE_COLORS.warn);
    expect(b.title).toContain('worst HF 1.20: Devnet Aave on Devnet, 0x3C44…93BC');
    expect(b.title).toContain('3 position(s)');
  });

  it('uses green above warn and red below urgent', () => {
    expect(badge(snapshotOf([entry(positionWithHf(1.4))])).color).toBe(BADGE_COLORS.ok);
    expect(badge(snapshotOf([entry(positionWithHf(1.05))])).color).toBe(BADGE_COLORS.urgent);
    expect(badge(snapshotOf([entry(positionWithHf(0.8))])).color).toBe(BADGE_COLORS.urgent);
  });

  it('never shows a number for stale data', () => {
    const stale = badge(snapshotOf([entry(positionWithHf(1.4), NOW - 1000, true)]));
    expect(stale.text).toBe('!');
    expect(stale.color).toBe(BADGE_COLORS.unknown);
    expect(stale.title).toMatch(/data not fresh/);
    expect(stale.title).toMatch(/as of 1 s ago/);
    // Old data without a reported error is stale too (the worker did not run for a while).
    const old = badge(snapshotOf([entry(positionWithHf(1.4), NOW)]), NOW + STALE_AFTER_MS + 1);
    expect(old.text).toBe('!');
    expect(old.title).toMatch(/no refresh for/);
  });

  it('keeps the alarm colour when the last known number was already bad', () => {
    expect(badge(snapshotOf([entry(positionWithHf(1.05), NOW, true)])).color).toBe(BADGE_COLORS.urgent);
  });

  it('shows "!" with the chain error when a chain failed', () => {
    const s = snapshotOf([entry(positionWithHf(1.4))]);
    s.chains[31337] = { ...s.chains[31337]!, ok: false, errors: [{ kind: 'rpc-rate-limited', message: '127.0.0.1:8545: rate limited (HTTP 429)' }], lastSuccessAt: NOW - 120_000 };
    const b = badge(s);
    expect(b.text).toBe('!');
    expect(b.title).toContain('Devnet: 127.0.0.1:8545: rate limited (HTTP 429) (last good read 2 min ago)');
  });

  it('keeps the number when only a chain without any known position failed, and says so in the title', () => {
    const s = snapshotOf([entry(positionWithHf(1.5))]);
    s.chains[1] = { ...s.chains[31337]!, name: 'Ethereum', ok: false, errors: [{ kind: 'rpc-unreachable', message: 'eth.example: unreachable' }], lastSuccessAt: 0 };
    const b = badge(s);
    expect(b.text).toBe('1.50'); // 16 500 / 11 000 exactly
    expect(b.title).toContain('Not read (no known position there): Ethereum: eth.example: unreachable (never read)');
    // With nothing known at all, the same failure leaves no number to show.
    const empty = snapshotOf([]);
    empty.chains[1] = s.chains[1]!;
    empty.updatedAt = NOW;
    expect(badge(empty).text).toBe('!');
  });

  it('shows "!" when a price is missing', () => {
    const p = positionWithHf(1.4);
    const noPrice = { ...p, debt: [{ ...p.debt[0]!, price: undefined }] };
    const b = badge(snapshotOf([entry(noPrice)]));
    expect(b.text).toBe('!');
    expect(b.title).toMatch(/price is missing/);
  });

  it('says what is going on when there is nothing to show', () => {
    expect(badge(null, NOW, 0)).toMatchObject({ text: '', title: expect.stringMatching(/no wallet watched/) });
    expect(badge(null)).toMatchObject({ text: '…' });
    const noDebt = positionWithHf(1.4);
    expect(badge(snapshotOf([entry({ ...noDebt, debt: [] })]))).toMatchObject({ text: '', color: BADGE_COLORS.ok, title: expect.stringMatching(/no debt/) });
  });
});

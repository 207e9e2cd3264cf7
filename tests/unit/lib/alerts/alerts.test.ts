import { describe, expect, it } from 'vitest';
import {
  alertText,
  emptyAlertState,
  evaluateAlerts,
  nextLevel,
  notificationId,
  positionKeyFromNotificationId,
  toWad,
  type AlertState,
} from '../../../../lib/alerts/index.ts';
import { formatHealthFactor } from '../../../../lib/format/number.ts';
import { positionKey } from '../../../../lib/snapshot/index.ts';
import { BOB, entry, positionWithHf } from '../../fixtures/snapshot.ts';

const T = { warnBelow: 1.25, urgentBelow: 1.1 };
const NOW = 1_000_000;

/** Feed a sequence of health factors for one position; return the levels notified at each step. */
function run(hfs: number[]): (string | null)[] {
  let state: AlertState = emptyAlertState();
  return hfs.map((hf) => {
    const result = evaluateAlerts(state, [entry(positionWithHf(hf), NOW)], T, NOW);
    state = result.state;
    return result.notices[0]?.level ?? null;
  });
}

describe('alert levels with hysteresis', () => {
  it('goes down at the thresholds and up only 2 % above them', () => {
    expect(nextLevel('ok', toWad(1.26), T)).toBe('ok');
    expect(nextLevel('ok', toWad(1.2499), T)).toBe('warn');
    expect(nextLevel('warn', toWad(1.26), T)).toBe('warn'); // below 1.275
    expect(nextLevel('warn', toWad(1.276), T)).toBe('ok');
    expect(nextLevel('warn', toWad(1.0999), T)).toBe('urgent');
    expect(nextLevel('urgent', toWad(1.11), T)).toBe('urgent'); // below 1.122
    expect(nextLevel('urgent', toWad(1.13), T)).toBe('warn');
    expect(nextLevel('urgent', toWad(1.3), T)).toBe('ok');
    expect(nextLevel('ok', toWad(0.9), T)).toBe('urgent');
  });

  it('alerts once when crossing, not on every poll below', () => {
    expect(run([1.4, 1.24, 1.23, 1.2, 1.24])).toEqual([null, 'warn', null, null, null]);
  });

  it('does not spam while the price wobbles around the threshold', () => {
    expect(run([1.3, 1.249, 1.251, 1.249, 1.26, 1.249, 1.27, 1.248])).toEqual([null, 'warn', null, null, null, null, null, null]);
  });

  it('alerts again after a real recovery', () => {
    expect(run([1.3, 1.24, 1.28, 1.24])).toEqual([null, 'warn', null, 'warn']);
  });

  it('escalates from warn to urgent, and from ok straight to urgent', () => {
    expect(run([1.3, 1.2, 1.05, 1.0])).toEqual([null, 'warn', 'urgent', null]);
    expect(run([1.5, 0.95])).toEqual([null, 'urgent']);
  });

  it('does not alert on the way up', () => {
    expect(run([1.05, 1.15, 1.2, 1.5])).toEqual(['urgent', null, null, null]);
  });
});

describe('evaluateAlerts', () => {
  it('keeps the state of stale positions and of positions with a missing price', () => {
    const p = positionWithHf(1.2);
    const key = positionKey(p);
    const start: AlertState = { version: 1, levels: { [key]: 'urgent' } };
    const stale = evaluateAlerts(start, [entry(p, NOW, true)], T, NOW);
    expect(stale).toEqual({ state: start, notices: [] });
    const noPrice = { ...p, debt: [{ ...p.debt[0]!, price: undefined }] };
    expect(evaluateAlerts(start, [entry(noPrice, NOW)], T, NOW).state).toEqual(start);
  });

  it('forgets positions that are gone and treats no debt as ok', () => {
    const p = positionWithHf(1.2);
    const start: AlertState = { version: 1, levels: { [positionKey(p)]: 'warn', 'gone:key': 'urgent' } };
    const noDebt = { ...p, debt: [] };
    expect(evaluateAlerts(start, [entry(noDebt, NOW)], T, NOW).state.levels).toEqual({});
  });

  it('tells positions apart by chain, market and account', () => {
    const a = positionWithHf(1.2);
    const b = positionWithHf(1.2, { account: BOB });
    const c = positionWithHf(1.2, { chainId: 1 });
    const result = evaluateAlerts(emptyAlertState(), [entry(a, NOW), entry(b, NOW), entry(c, NOW)], T, NOW);
    expect(result.notices).toHaveLength(3);
  });
});

describe('alert presentation', () => {
  it('formats HF rounded down, never nicer than it is', () => {
    expect(formatHealthFactor(toWad(1.0799))).toBe('1.07');
    expect(formatHealthFactor(10n ** 18n)).toBe('1.00');
    expect(formatHealthFactor(999999999999999999n)).toBe('0.99');
    expect(formatHealthFactor(toWad(12.345))).toBe('12.34');
  });

  it('says what, where and how bad', () => {
    const p = positionWithHf(1.05);
    const [notice] = evaluateAlerts(emptyAlertState(), [entry(p, NOW)], T, NOW).notices;
    const text = alertText(notice!, 'Devnet');
    expect(text.title).toMatch(/^Urgent: health factor 1\.0[45]$/);
    expect(text.message).toContain('Devnet Aave on Devnet, 0x7099…79C8');
    const liquidatable = evaluateAlerts(emptyAlertState(), [entry(positionWithHf(0.9), NOW)], T, NOW).notices[0]!;
    expect(alertText(liquidatable, 'Devnet').title).toMatch(/^Liquidatable now/);
  });

  it('carries the position key in the notification id', () => {
    const key = positionKey(positionWithHf(1.2));
    expect(positionKeyFromNotificationId(notificationId({ key, level: 'urgent' }, 1_700_000_000_000))).toBe(key);
    expect(notificationId({ key, level: 'warn' }, 1)).not.toBe(notificationId({ key, level: 'warn' }, 2));
    expect(positionKeyFromNotificationId('someone-else')).toBeNull();
  });
});

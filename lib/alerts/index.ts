import { formatHealthFactor, shortAddress } from '../format/number.ts';
import { healthFactor } from '../risk/health.ts';
import { WAD } from '../core/types.ts';
import { isPlainObject } from '../core/codec.ts';
import { migrate, type Migrations } from '../core/migrations.ts';
import { isStale, positionKey, type PositionEntry } from '../snapshot/index.ts';

/**
 * When to notify. Pure: the background feeds it the snapshot and the last state, shows what it returns and
 * stores the new state (so a restarted worker does not alert again).
 *
 * Levels: `ok` (HF ≥ warn), `warn` (urgent ≤ HF < warn), `urgent` (HF < urgent, liquidatable included).
 * A notification goes out only when a position gets *worse* than the level it last alerted at. Hysteresis:
 * a position leaves a level only once HF is back above that level's threshold × `RECOVERY_FACTOR`, so a
 * price wobbling around the threshold alerts once, not on every poll.
 */
export type AlertLevel = 'ok' | 'warn' | 'urgent';

/** Must recover 2 % above a threshold before a new fall below it alerts again. */
export const RECOVERY_FACTOR = 1.02;

export const ALERT_STATE_VERSION = 1;

export interface Thresholds {
  warnBelow: number;
  urgentBelow: number;
}

export interface AlertState {
  version: typeof ALERT_STATE_VERSION;
  /** The level each position (by `positionKey`) last alerted at; absent = ok. */
  levels: Record<string, Exclude<AlertLevel, 'ok'>>;
}

export interface AlertNotice {
  key: string;
  level: Exclude<AlertLevel, 'ok'>;
  entry: PositionEntry;
  /** The health factor that triggered it (WAD). */
  healthFactor: bigint;
}

const SEVERITY: Record<AlertLevel, number> = { ok: 0, warn: 1, urgent: 2 };

/** A threshold (a float from settings) as WAD, exact to 1e-9. */
export function toWad(x: number): bigint {
  return BigInt(Math.round(x * 1e9)) * 10n ** 9n;
}

/** The level a health factor is at, given the level it was at (hysteresis on the way up). */
export function nextLevel(previous: AlertLevel, hf: bigint, t: Thresholds): AlertLevel {
  const urgent = toWad(t.urgentBelow);
  const warn = toWad(t.warnBelow);
  if (hf < urgent) return 'urgent';
  if (previous === 'urgent' && hf < toWad(t.urgentBelow * RECOVERY_FACTOR)) return 'urgent';
  if (hf < warn) return 'warn';
  if (previous !== 'ok' && hf < toWad(t.warnBelow * RECOVERY_FACTOR)) return 'warn';
  return 'ok';
}

export function emptyAlertState(): AlertState {
  return { version: ALERT_STATE_VERSION, levels: {} };
}

/**
 * Decide the notifications for a new snapshot.
 * - Stale entries and those whose price is missing leave the state as it was: old numbers are not news.
 * - A position with no debt is `ok`.
 * - Positions gone from the snapshot are forgotten (repaid, or the account was removed).
 */
export function evaluateAlerts(
  state: AlertState,
  entries: PositionEntry[],
  thresholds: Thresholds,
  now: number,
): { state: AlertState; notices: AlertNotice[] } {
  const levels: AlertState['levels'] = {};
  const notices: AlertNotice[] = [];
  for (const entry of entries) {
    const key = positionKey(entry.position);
    const previous: AlertLevel = state.levels[key] ?? 'ok';
    const hf = healthFactor(entry.position);
    if (isStale(entry, now) || hf === undefined) {
      if (previous !== 'ok') levels[key] = previous;
      continue;
    }
    const level = hf === null ? 'ok' : nextLevel(previous, hf, thresholds);
    if (level !== 'ok') levels[key] = level;
    if (level !== 'ok' && hf !== null && SEVERITY[level] > SEVERITY[previous]) {
      notices.push({ key, level, entry, healthFactor: hf });
    }
  }
  return { state: { version: ALERT_STATE_VERSION, levels }, notices };
}

export const ALERT_STATE_MIGRATIONS: Migrations = {};

export function decodeAlertState(raw: unknown): { value: AlertState; issues: string[] } {
  const value = emptyAlertState();
  if (raw === null || raw === undefined) return { value, issues: [] };
  const migrated = migrate(raw, ALERT_STATE_VERSION, ALERT_STATE_MIGRATIONS);
  if (!migrated.ok || !isPlainObject(migrated.value) || !isPlainObject(migrated.value.levels)) {
    return { value, issues: [`alert state: ${migrated.ok ? 'malformed' : migrated.message}`] };
  }
  const issues: string[] = [];
  for (const [key, level] of Object.entries(migrated.value.levels).slice(0, 5_000)) {
    if ((level === 'warn' || level === 'urgent') && key.length <= 400) value.levels[key] = level;
    else issues.push(`alert state: ${key.slice(0, 80)} dropped`);
  }
  return { value, issues };
}

export function encodeAlertState(state: AlertState): AlertState {
  return { version: ALERT_STATE_VERSION, levels: { ...state.levels } };
}

/** The text of a notification (pure so it is tested; the background only hands it to the browser). */
export function alertText(notice: AlertNotice, chainName: string): { title: string; message: string } {
  const p = notice.entry.position;
  const hf = formatHealthFactor(notice.healthFactor);
  const liquidatable = notice.healthFactor < WAD;
  const title = liquidatable
    ? `Liquidatable now: health factor ${hf}`
    : notice.level === 'urgent'
      ? `Urgent: health factor ${hf}`
      : `Warning: health factor ${hf}`;
  const message = `${p.market} on ${chainName}, ${shortAddress(p.account)}. Liquidation happens below 1.00. Click to see ways to get safe.`;
  return { title, message };
}

/**
 * Notification ids carry the position key so a click can open that position, and the time, so every alert
 * is its own notification: a re-alert after a recovery pops up again instead of silently replacing an old
 * one, and "one alert" can be counted.
 */
const NOTIFICATION_PREFIX = 'lg-alert:';
export function notificationId(notice: Pick<AlertNotice, 'key' | 'level'>, now: number): string {
  return `${NOTIFICATION_PREFIX}${notice.level}:${now}:${notice.key}`;
}
export function positionKeyFromNotificationId(id: string): string | null {
  const match = /^lg-alert:(?:warn|urgent):\d+:(.+)$/.exec(id);
  return match ? match[1]! : null;
}

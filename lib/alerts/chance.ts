import { isStale, positionKey, type PositionEntry } from '../snapshot/index.ts';
import { shortAddress } from '../format/number.ts';
import { RECOVERY_FACTOR } from './index.ts';

/**
 * Alerts on the chance of liquidation within a day (the background's outlook), beside the health-factor
 * alerts and with the same hysteresis: a position alerts once when its 1-day chance rises above the user's
 * level, and again only after it has fallen back below level ÷ `RECOVERY_FACTOR`.
 */
export { DEFAULT_CHANCE_ALERT_ABOVE } from '../settings/index.ts';

export interface ChanceAlertState {
  version: 1;
  /** Positions (by `positionKey`) currently above the level (alerted). */
  above: string[];
}

export interface ChanceNotice {
  key: string;
  entry: PositionEntry;
  chance1d: number;
}

export const emptyChanceAlertState = (): ChanceAlertState => ({ version: 1, above: [] });

export function evaluateChanceAlerts(
  state: ChanceAlertState,
  entries: readonly PositionEntry[],
  level: number,
  now: number,
): { state: ChanceAlertState; notices: ChanceNotice[] } {
  const was = new Set(state.above);
  const above: string[] = [];
  const notices: ChanceNotice[] = [];
  for (const entry of entries) {
    const key = positionKey(entry.position);
    const chance = entry.outlook?.chance?.['1d'];
    if (isStale(entry, now) || chance === undefined) {
      if (was.has(key)) above.push(key); // old numbers are not news either way
      continue;
    }
    const isAbove = chance > level || (was.has(key) && chance >= level / RECOVERY_FACTOR);
    if (!isAbove) continue;
    above.push(key);
    if (!was.has(key)) notices.push({ key, entry, chance1d: chance });
  }
  return { state: { version: 1, above }, notices };
}

export function decodeChanceAlertState(raw: unknown): ChanceAlertState {
  if (!raw || typeof raw !== 'object' || (raw as { version?: unknown }).version !== 1) return emptyChanceAlertState();
  const above = (raw as { above?: unknown }).above;
  return { version: 1, above: Array.isArray(above) ? above.filter((k): k is string => typeof k === 'string' && k.length <= 400).slice(0, 5_000) : [] };
}

export function chanceAlertText(notice: ChanceNotice, chainName: string): { title: string; message: string } {
  const p = notice.entry.position;
  const pct = (notice.chance1d * 100).toFixed(1);
  return {
    title: `Chance of liquidation within a day: ${pct} %`,
    message: `${p.market} on ${chainName}, ${shortAddress(p.account)}. Click to see ways to get safe.`,
  };
}

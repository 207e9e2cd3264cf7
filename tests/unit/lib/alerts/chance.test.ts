import { describe, expect, it } from 'vitest';
import { chanceAlertText, decodeChanceAlertState, emptyChanceAlertState, evaluateChanceAlerts } from '../../../../lib/alerts/chance.ts';
import { decodeSettings, defaultSettings } from '../../../../lib/settings/index.ts';
import type { PositionEntry } from '../../../../lib/snapshot/index.ts';
import { alice, entry, NOW } from '../../fixtures/popup.ts';

const withChance = (p1d: number | undefined, stale = false): PositionEntry => ({
  ...entry(alice(), NOW - 10_000, stale),
  ...(p1d === undefined ? {} : { outlook: { chance: { '1d': p1d, '7d': Math.min(1, p1d * 3) }, legs: [] } }),
});

describe('1-day chance alerts', () => {
  it('alerts once above the level, not again while it stays above or wobbles just below, again after a real recovery', () => {
    const level = defaultSettings().chanceAlertAbove;
    expect(level).toBe(0.05);
    let state = emptyChanceAlertState();
    const step = (p: number) => {
      const r = evaluateChanceAlerts(state, [withChance(p)], level, NOW);
      state = r.state;
      return r.notices.length;
    };
    expect(step(0.03)).toBe(0);
    expect(step(0.06)).toBe(1);
    expect(step(0.08)).toBe(0);
    expect(step(0.0495)).toBe(0); // within the 2 % hysteresis band: still "above"
    expect(step(0.051)).toBe(0);
    expect(step(0.04)).toBe(0); // recovered below 0.05 / 1.02
    expect(step(0.055)).toBe(1);
  });

  it('stale entries and entries without an outlook keep the state as it was', () => {
    const first = evaluateChanceAlerts(emptyChanceAlertState(), [withChance(0.2)], 0.05, NOW);
    expect(first.notices).toHaveLength(1);
    expect(evaluateChanceAlerts(first.state, [withChance(0.001, true)], 0.05, NOW).state.above).toEqual(first.state.above);
    expect(evaluateChanceAlerts(first.state, [withChance(undefined)], 0.05, NOW).state.above).toEqual(first.state.above);
    const text = chanceAlertText(first.notices[0]!, 'Ethereum');
    expect(text.title).toBe('Chance of liquidation within a day: 20.0 %');
  });

  it('the level is a setting (default 5 %); a stored value out of range falls back without losing the others', () => {
    const { value, issues } = decodeSettings({ ...defaultSettings(), chanceAlertAbove: 7, warnBelow: 1.6 });
    expect(value.chanceAlertAbove).toBe(0.05);
    expect(value.warnBelow).toBe(1.6);
    expect(issues.join()).toContain('chanceAlertAbove');
    expect(decodeSettings({ ...defaultSettings(), chanceAlertAbove: 0.02 }).value.chanceAlertAbove).toBe(0.02);
    expect(decodeChanceAlertState({ version: 1, above: ['a', 3] })).toEqual({ version: 1, above: ['a'] });
  });
});

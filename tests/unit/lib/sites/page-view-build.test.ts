import { describe, expect, it } from 'vitest';
import { buildPageView, newPageReportCache } from '../../../../lib/sites/page-view-build.ts';
import { positionKey } from '../../../../lib/snapshot/position.ts';
import type { Snapshot } from '../../../../lib/snapshot/types.ts';
import { ALICE, alicePosition, BOB, entry } from '../../fixtures/sites.ts';

const SETTINGS = { warnBelow: 1.25, urgentBelow: 1.1, rememberedBadges: true };
const snapshotOf = (positions: ReturnType<typeof alicePosition>[], readAt = 1_000): Snapshot => ({
  version: 1,
  updatedAt: readAt,
  accounts: [],
  chains: {},
  positions: positions.map((p, i) => entry(p, readAt, i === 1)),
});

describe('the page view the background builds', () => {
  it("carries the engine's numbers for each position: Alice's 10 WETH against 12 000 USDC", () => {
    const p = alicePosition();
    const [shown] = buildPageView({ snapshot: snapshotOf([p]), settings: SETTINGS, accounts: null }).positions;
    // By hand: HF = 10 × 2000 × 0.825 / 12 000 = 1.375; WETH liquidates at 12 000 / (10 × 0.825) = 1454.545…,
    // 27.27 % below 2000; USDC at 20 000 × 0.825 / 12 000 = 1.375, 37.5 % above 1.
    expect(shown!.key).toBe(positionKey(p));
    expect(shown!.report.status).toBe('ok');
    expect(shown!.report.healthFactor).toBeCloseTo(1.375, 9);
    expect(shown!.report.collateral[0]).toMatchObject({ symbol: 'WETH', price: 2000 });
    expect(shown!.report.collateral[0]!.liquidationPrice).toBeCloseTo(12_000 / 8.25, 6);
    expect(shown!.report.collateral[0]!.distance).toBeCloseTo(1 - 12_000 / 8.25 / 2000, 6);
    expect(shown!.report.debt[0]!.liquidationPrice).toBeCloseTo(1.375, 6);
    expect(shown!.position).toMatchObject({ account: ALICE, market: 'Devnet Aave', chainId: 31337, collateral: [{ symbol: 'WETH' }], debt: [{ symbol: 'USDC' }] });
    // Only what a badge shows: no amounts, no liquidation cost, no bigint.
    expect(JSON.stringify(shown)).not.toMatch(/amount|liquidationCost|liquidationThreshold/);
  });

  it('keeps the read time and the stale mark of each entry, and the thresholds and opt-in of the settings', () => {
    const view = buildPageView({ snapshot: snapshotOf([alicePosition(), alicePosition({ account: BOB })], 777), settings: { ...SETTINGS, warnBelow: 1.4 }, accounts: null });
    expect(view.positions.map((e) => [e.readAt, e.stale])).toEqual([
      [777, false],
      [777, true],
    ]);
    expect(view).toMatchObject({ thresholds: { warnBelow: 1.4, urgentBelow: 1.1 }, showRemembered: true, remembered: [] });
  });

  it('reuses a report while the position is unchanged, and makes a new one when it changes', () => {
    const cache = newPageReportCache();
    const p = alicePosition();
    const first = buildPageView({ snapshot: snapshotOf([p]), settings: SETTINGS, accounts: null }, cache).positions[0]!.report;
    const again = buildPageView({ snapshot: snapshotOf([{ ...p }], 2_000), settings: { ...SETTINGS, warnBelow: 1.5 }, accounts: null }, cache).positions[0]!.report;
    expect(again).toBe(first);
    const moreDebt = { ...p, debt: [{ ...p.debt[0]!, amount: 15_000n * 10n ** 6n }] };
    const changed = buildPageView({ snapshot: snapshotOf([moreDebt]), settings: SETTINGS, accounts: null }, cache).positions[0]!.report;
    expect(changed).not.toBe(first);
    expect(changed.healthFactor).toBeCloseTo(1.1, 9); // 16 500 / 15 000
  });

  it('remembers, per host, the confirmed account seen there last; a newer sighting of the same account changes nothing', () => {
    const seen = (address: `0x${string}`, host: string, at: number) => ({ address, source: 'detected' as const, hidden: false, addedAt: 1, lastSeenAt: at, lastSeenOn: host });
    const viewOf = (accounts: ReturnType<typeof seen>[]) => buildPageView({ snapshot: null, settings: SETTINGS, accounts: { version: 1, accounts } });
    const first = viewOf([seen(ALICE, 'app.aave.com', 5), seen(BOB, 'app.aave.com', 7), seen(ALICE, 'app.morpho.org', 3)]);
    expect(first.remembered).toEqual([
      { host: 'app.aave.com', address: BOB },
      { host: 'app.morpho.org', address: ALICE },
    ]);
    // Bob reported again later on the same host: the view (and so every open dapp tab) is left as it was.
    expect(viewOf([seen(ALICE, 'app.aave.com', 5), seen(BOB, 'app.aave.com', 90), seen(ALICE, 'app.morpho.org', 3)])).toEqual(first);
  });

  it('no snapshot yet: no positions', () => {
    expect(buildPageView({ snapshot: null, settings: SETTINGS, accounts: null }).positions).toEqual([]);
  });
});

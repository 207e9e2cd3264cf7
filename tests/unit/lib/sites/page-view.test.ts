import { describe, expect, it } from 'vitest';
import { decodePageView, encodePageView, pagePosition, PAGE_VIEW_VERSION, type PageView } from '../../../../lib/sites/page-view.ts';
import { buildPageView } from '../../../../lib/sites/page-view-build.ts';
import { alicePosition, entry } from '../../fixtures/sites.ts';

/** Through JSON, as extension storage keeps it (Chrome serialises storage values as JSON). */
const stored = (view: PageView) => JSON.parse(JSON.stringify(encodePageView(view))) as unknown;

const SETTINGS = { warnBelow: 1.3, urgentBelow: 1.12, rememberedBadges: false };
const viewOf = (positions = [alicePosition()]) =>
  buildPageView({ snapshot: { version: 1, updatedAt: 5, accounts: [], chains: {}, positions: positions.map((p) => entry(p, 4, false)) }, settings: SETTINGS, accounts: null });

describe('page view: what the dapp pages read from storage', () => {
  it('reads back through JSON storage as it was built', () => {
    const view = viewOf();
    expect(decodePageView(stored(view))).toEqual(view);
    expect(view.thresholds).toEqual({ warnBelow: 1.3, urgentBelow: 1.12 });
  });

  it('keeps non-finite numbers (JSON storage would turn them into null, and null means "no price")', () => {
    const view = viewOf();
    const leg = view.positions[0]!.report.collateral[0]!;
    leg.distance = Infinity;
    leg.liquidationPrice = Number.NaN;
    const back = decodePageView(stored(view))!.positions[0]!.report.collateral[0]!;
    expect(back.distance).toBe(Infinity);
    expect(back.liquidationPrice).toBeNaN();
  });

  it('market details travel JSON-safe: bigint as its decimal string, nothing else changed', () => {
    const p = alicePosition({ protocol: 'morpho-blue', details: { protocol: 'morpho-blue', marketId: `0x${'ab'.repeat(32)}`, lltv: 860_000_000_000_000_000n } });
    expect(pagePosition(p).details).toEqual({ protocol: 'morpho-blue', marketId: `0x${'ab'.repeat(32)}`, lltv: '860000000000000000' });
    expect(decodePageView(stored(viewOf([p])))!.positions[0]!.position.details).toEqual(pagePosition(p).details);
  });

  it('a view it cannot read is no view (nothing shown): another version, or not a view at all', () => {
    const raw = stored(viewOf()) as { version: number; thresholds: { warnBelow: unknown } };
    expect(decodePageView({ ...raw, version: PAGE_VIEW_VERSION + 1 })).toBeNull();
    expect(decodePageView({ ...raw, thresholds: { warnBelow: 'low', urgentBelow: 1.1 } })).toBeNull();
    expect(decodePageView(null)).toBeNull();
    expect(decodePageView('{}')).toBeNull();
  });

  it('a position that does not read is left out on its own; the others are still shown', () => {
    const second = alicePosition({ market: 'Second market' });
    const raw = stored(viewOf([alicePosition(), second])) as { positions: { report: { status: string } }[] };
    raw.positions[0]!.report.status = 'fine';
    expect(decodePageView(raw)!.positions.map((e) => e.position.market)).toEqual(['Second market']);
  });
});

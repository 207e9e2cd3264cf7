import { describe, expect, it } from 'vitest';
import { report } from '../../../../lib/risk/index.ts';
import { badgeText, compactDistance, compactPrice, dangerOf, equivalentHealth, legBadge, nearestLeg, summaryBadge } from '../../../../lib/sites/page-badge.ts';
import { collateral, debt, position } from '../../../helpers/positions.ts';
import { alicePosition, USDC, WETH } from '../../fixtures/sites.ts';

const T = { warnBelow: 1.25, urgentBelow: 1.1 };
const ctx = { thresholds: T, stale: false, ageMs: 0, locale: 'en-US' };

describe('badge numbers', () => {
  it('rounds the liquidation price in the cautious direction: collateral up, debt down', () => {
    expect(compactPrice(1454.54, 'USD', 'up', 'en-US')).toBe('$1,455');
    expect(compactPrice(1454.54, 'USD', 'down', 'en-US')).toBe('$1,454');
    expect(compactPrice(1454.0000000001, 'USD', 'up', 'en-US')).toBe('$1,454'); // binary noise is not a cent
    expect(compactPrice(1.375, 'USD', 'down', 'en-US')).toBe('$1.37');
    expect(compactPrice(1.375, 'USD', 'up', 'en-US')).toBe('$1.38');
    expect(compactPrice(0.812345, 'USD', 'up', 'en-US')).toBe('$0.8124');
    expect(compactPrice(0.000123456, 'USD', 'down', 'en-US')).toBe('$0.0001234');
    expect(compactPrice(0.8125, 'WETH', 'up', 'en-US')).toBe('0.8125 WETH');
    expect(compactPrice(61234.5, 'USDC', 'up', 'en-US')).toBe('61,235 USDC');
    expect(compactPrice(1454.54, 'USD', 'up', 'de-DE')).toBe('1.455\u00a0$');
  });

  it('truncates the distance toward zero, signed by the way the price must move', () => {
    expect(compactDistance(0.27272727, 'collateral', 'en-US')).toBe('\u221227.2%');
    expect(compactDistance(0.375, 'debt', 'en-US')).toBe('+37.5%');
    expect(compactDistance(0.0004, 'collateral', 'en-US')).toBe('0.0%');
    expect(compactDistance(0.1, 'collateral', 'en-US')).toBe('\u221210.0%');
    expect(badgeText({ liquidationPrice: 1454.5454, distance: 0.27272727 }, 'collateral', 'USD', 'en-US')).toBe('Liq. $1,455 \u00b7 \u221227.2%');
  });

  it('colours by the health factor a single-asset move would mean, at the user thresholds', () => {
    expect(equivalentHealth(0.2, 'collateral')).toBeCloseTo(1.25, 12);
    expect(equivalentHealth(0.25, 'debt')).toBe(1.25);
    expect(dangerOf(0.3, 'collateral', T)).toBe('ok');
    expect(dangerOf(0.19, 'collateral', T)).toBe('warn');
    expect(dangerOf(0.05, 'collateral', T)).toBe('urgent');
    expect(dangerOf(0.2, 'debt', T)).toBe('warn');
    expect(dangerOf(0.3, 'debt', T)).toBe('ok');
    expect(dangerOf(0, 'debt', T)).toBe('liquidatable');
    expect(dangerOf(0.3, 'collateral', { warnBelow: 1.5, urgentBelow: 1.2 })).toBe('warn');
  });
});

describe('badges of a position', () => {
  it('shows the engine report numbers for each leg (the CLI JSON numbers)', () => {
    const r = report(alicePosition());
    const weth = legBadge(r.collateral[0]!, 'collateral', r, ctx);
    expect(r.collateral[0]!.liquidationPrice).toBeCloseTo(1454.545, 2);
    expect(weth).toMatchObject({ text: 'Liq. $1,455 \u00b7 \u221227.2%', level: 'ok', stale: false });
    expect(weth.title).toMatch(/^WETH \(collateral\): liquidation if its price falls to \$1,454\.5[45]/);
    const usdc = legBadge(r.debt[0]!, 'debt', r, ctx);
    expect(usdc.text).toBe('Liq. $1.37 \u00b7 +37.5%');
    expect(usdc.level).toBe('ok');
  });

  it('says so when the data is old, nothing is borrowed, a price is missing, or it is liquidatable now', () => {
    const r = report(alicePosition());
    const stale = legBadge(r.collateral[0]!, 'collateral', r, { ...ctx, stale: true, ageMs: 5 * 60_000 });
    expect(stale).toMatchObject({ text: 'Liq. $1,455 \u00b7 \u221227.2% \u00b7 5 min ago', stale: true });
    expect(stale.title).toMatch(/Data from 5 min ago/);

    const noDebt = report(position({ collateral: [collateral(WETH, 1)], assets: [WETH] }));
    expect(legBadge(noDebt.collateral[0]!, 'collateral', noDebt, ctx)).toMatchObject({ text: 'No debt', level: 'none' });

    const p = alicePosition();
    const missing = report({ ...p, collateral: [{ ...p.collateral[0]!, price: undefined }] });
    expect(legBadge(missing.collateral[0]!, 'collateral', missing, ctx)).toMatchObject({ level: 'unknown', text: 'Liq. ? \u00b7 price missing' });

    const under = report(position({ collateral: [collateral(WETH, 1)], debt: [debt(USDC, 1900)], assets: [WETH, USDC] }));
    expect(under.status).toBe('liquidatable');
    expect(legBadge(under.collateral[0]!, 'collateral', under, ctx)).toMatchObject({ text: 'Liquidatable', level: 'liquidatable' });
  });

  it('says "unverified" when the protocol version is unknown (an Aave Pool revision the guard has not read)', () => {
    const p = alicePosition();
    const r = report({ ...p, details: { protocol: 'aave-v3', eModeCategory: 0, isolated: false, poolRevision: 42, math: 'v3.6', unverifiedMath: true } });
    const b = legBadge(r.collateral[0]!, 'collateral', r, ctx);
    expect(b.text).toBe('Liq. $1,455 \u00b7 \u221227.2% \u00b7 unverified');
    expect(b.title).toMatch(/^Unverified math/);
    expect(summaryBadge(r, ctx).text).toMatch(/unverified$/);
    expect(legBadge(report(p).collateral[0]!, 'collateral', report(p), ctx).text).not.toMatch(/unverified/);
  });

  it('a stablecoin collateral against ETH debt: no liquidation price from the collateral alone when it covers', () => {
    const r = report(position({ collateral: [collateral(USDC, 100_000), collateral(WETH, 1)], debt: [debt(USDC, 10)], assets: [WETH, USDC] }));
    const weth = legBadge(r.collateral[1]!, 'collateral', r, ctx);
    expect(weth).toMatchObject({ text: 'No liq. price', level: 'none' });
  });

  it('summary names the nearest liquidation', () => {
    const r = report(alicePosition());
    expect(nearestLeg(r)?.leg.symbol).toBe('WETH');
    expect(summaryBadge(r, ctx).text).toBe('Guard: nearest WETH Liq. $1,455 \u00b7 \u221227.2%');
  });
});

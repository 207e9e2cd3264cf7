// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { aave } from '../../../../lib/sites/aave.ts';
import { morpho } from '../../../../lib/sites/morpho.ts';
import { hintsFor, legForRow, planPage, selectPositions } from '../../../../lib/sites/plan.ts';
import { spark } from '../../../../lib/sites/spark.ts';
import type { RowAnchor, SiteModule } from '../../../../lib/sites/types.ts';
import { positionKey } from '../../../../lib/snapshot/position.ts';
import type { PageEntry } from '../../../../lib/sites/page-view.ts';
import { pagePosition } from '../../../../lib/sites/page-view.ts';
import { collateral, debt, position } from '../../../helpers/positions.ts';
import { ALICE, alicePosition, BOB, shown, OTHER_WETH, USDC, WBTC, WETH } from '../../fixtures/sites.ts';

const T = { warnBelow: 1.25, urgentBelow: 1.1 };
const NOW = 1_000_000;

function row(side: 'collateral' | 'debt', symbol: string, address?: string, marketId?: string): RowAnchor {
  const el = document.createElement('div');
  return { row: el, slot: el, side, symbol, ...(address ? { address: address.toLowerCase() } : {}), ...(marketId ? { marketId } : {}) };
}

function plan(site: SiteModule, url: string, entries: PageEntry[], rows: RowAnchor[], opts: { accounts?: string[]; health?: boolean; walletChainId?: number } = {}) {
  const page = site.pageMarket({ url, ...(opts.walletChainId ? { walletChainId: opts.walletChainId } : {}) });
  const selection = selectPositions(site, page, entries, opts.accounts ?? [ALICE]);
  const health = opts.health ? { element: document.createElement('div') } : null;
  return { selection, plan: planPage({ site, selection, rows, health, thresholds: T, now: NOW, locale: 'en-US' }) };
}

const core = alicePosition({ chainId: 1, market: 'Aave Ethereum Core' });
const base = alicePosition({
  chainId: 8453,
  market: 'Aave Base',
  collateral: [collateral(OTHER_WETH, 5)],
  debt: [debt(USDC, 4000)],
});
const devnet = alicePosition();

describe('which position a page shows', () => {
  it('the market the URL selects, for the accounts the page shows', () => {
    const { selection, plan: p } = plan(aave, 'https://app.aave.com/dashboard?marketName=proto_mainnet_v3', [shown(core), shown(base), shown(alicePosition({ account: BOB, chainId: 1, market: 'Aave Ethereum Core' }))], [row('collateral', 'WETH', WETH.address), row('debt', 'USDC', USDC.address)], { health: true });
    expect(selection.exact.map((e) => e.position.market)).toEqual(['Aave Ethereum Core']);
    expect(p.primaryKey).toBe(positionKey(core));
    expect(p.rows.map((r) => r.badge.text)).toEqual(['Liq. $1,455 \u00b7 \u221227.2%', 'Liq. $1.37 \u00b7 +37.5%']);
    expect(p.summary?.badge.text).toMatch(/^Guard: nearest WETH/);
    expect(p.panel).toBeNull();
  });

  it('nothing for accounts the page does not show', () => {
    const { selection, plan: p } = plan(aave, 'https://app.aave.com/dashboard', [shown(core)], [row('collateral', 'WETH', WETH.address)], { accounts: [BOB] });
    expect(selection.candidates).toEqual([]);
    expect(p).toEqual({ rows: [], summary: null, panel: null, primaryKey: null });
  });

  it('account comparison ignores case (wallets report lower-case addresses)', () => {
    const { plan: p } = plan(aave, 'https://app.aave.com/dashboard', [shown(core)], [row('collateral', 'WETH', WETH.address)], { accounts: [ALICE.toLowerCase()] });
    expect(p.rows).toHaveLength(1);
  });

  it('without a market in the URL: the position whose tokens match the rows (by address where rows carry one)', () => {
    const rows = [row('collateral', 'WETH', OTHER_WETH.address), row('debt', 'USDC', USDC.address)];
    const { plan: p } = plan(aave, 'https://app.aave.com/dashboard', [shown(core), shown(base)], rows);
    expect(p.primaryKey).toBe(positionKey(base));
    expect(p.rows).toHaveLength(2);
    expect(p.rows[0]!.badge.title).toMatch(/Aave Base/);
  });

  it('a same-symbol token at another address is not the row: no badge, the panel instead', () => {
    const rows = [row('collateral', 'WETH', `0x${'9'.repeat(40)}`)];
    const { plan: p } = plan(aave, 'https://app.aave.com/dashboard', [shown(devnet)], rows, { health: true });
    expect(p.rows).toEqual([]);
    expect(p.summary).toBeNull(); // a fallback position never claims the page's health factor
    expect(p.panel?.entries.map((e) => e.key)).toEqual([positionKey(devnet)]);
    expect(p.panel?.otherMarkets).toBe(false);
  });

  it('a page on another chain: rows stay bare, the panel lists the positions as other markets', () => {
    const { plan: p } = plan(aave, 'https://app.aave.com/dashboard?marketName=proto_base_v3', [shown(devnet)], [row('collateral', 'WETH', WETH.address)]);
    expect(p.rows).toEqual([]);
    expect(p.panel?.otherMarkets).toBe(true);
    expect(p.panel?.entries[0]!.legs.map((l) => [l.symbol, l.side, l.badge.text])).toEqual([
      ['WETH', 'collateral', 'Liq. $1,455 \u00b7 \u221227.2%'],
      ['USDC', 'debt', 'Liq. $1.37 \u00b7 +37.5%'],
    ]);
  });

  it('Spark: Spark markets first; a devnet market (no family name) by protocol, on the wallet chain', () => {
    const sparkEth = alicePosition({ chainId: 1, market: 'Spark Ethereum' });
    const one = selectPositions(spark, spark.pageMarket({ url: 'https://app.spark.fi/my-portfolio', walletChainId: 1 }), [shown(core), shown(sparkEth)], [ALICE]);
    expect(one.exact.map((e) => e.position.market)).toEqual(['Spark Ethereum']);
    const dev = selectPositions(spark, spark.pageMarket({ url: 'https://app.spark.fi/my-portfolio', walletChainId: 31337 }), [shown(devnet)], [ALICE]);
    expect(dev.compatible.map((e) => e.position.market)).toEqual(['Devnet Aave']);
    const { plan: p } = plan(spark, 'https://app.spark.fi/my-portfolio', [shown(devnet)], [row('collateral', 'WETH'), row('debt', 'USDC')], { walletChainId: 31337 });
    expect(p.rows.map((r) => r.anchor.symbol)).toEqual(['WETH', 'USDC']);
  });

  it('between two compatible fallbacks matching the rows equally, the riskier one', () => {
    const safer = alicePosition({ market: 'Devnet Aave 2', debt: [debt(USDC, 6000)] });
    const { plan: p } = plan(aave, 'https://app.aave.com/dashboard', [shown(safer), shown(devnet)], [row('collateral', 'WETH', WETH.address)]);
    expect(p.primaryKey).toBe(positionKey(devnet));
  });

  it('Morpho rows that link a market take that market position', () => {
    const m = (id: string, coll = WETH) => ({
      ...position({ collateral: [collateral(coll, 1)], debt: [debt(USDC, 1000)], assets: [coll, USDC] }, 'morpho-blue'),
      account: ALICE,
      chainId: 8453,
      market: 'Morpho Base',
      quote: 'USDC',
      details: { protocol: 'morpho-blue' as const, marketId: id as `0x${string}`, lltv: 860_000_000_000_000_000n },
    });
    const a = m(`0x${'a1'.repeat(32)}`);
    const b = m(`0x${'b2'.repeat(32)}`, WBTC);
    const rows = [row('collateral', '', undefined, `0x${'b2'.repeat(32)}`), row('collateral', '', undefined, `0x${'a1'.repeat(32)}`), row('collateral', '', undefined, `0x${'c3'.repeat(32)}`)];
    const { plan: p } = plan(morpho, 'https://app.morpho.org/dashboard', [shown(a), shown(b)], rows);
    expect(p.rows.map((r) => r.key)).toEqual([positionKey(b), positionKey(a)]);
    expect(p.rows[0]!.badge.text).toMatch(/^Liq\. [\d,]+ USDC · /); // Morpho quotes in the loan token
    expect(legForRow(pagePosition(a), rows[2]!)).toBeNull();
  });

  it('stale entries show as stale', () => {
    const { plan: p } = plan(aave, 'https://app.aave.com/dashboard?marketName=proto_mainnet_v3', [shown(core, NOW - 10 * 60_000, true)], [row('collateral', 'WETH', WETH.address)]);
    expect(p.rows[0]!.badge).toMatchObject({ stale: true });
    expect(p.rows[0]!.badge.text).toMatch(/10 min ago$/);
  });

  it('hints for text finders list the symbols of the compatible positions', () => {
    const sel = selectPositions(aave, { view: 'positions' }, [shown(core), shown(base)], [ALICE]);
    expect(hintsFor(sel)).toEqual({ symbols: { collateral: ['WETH'], debt: ['USDC'] } });
  });
});

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { aave } from '../../../../lib/sites/aave.ts';
import { compound } from '../../../../lib/sites/compound.ts';
import { morpho } from '../../../../lib/sites/morpho.ts';
import { spark } from '../../../../lib/sites/spark.ts';
import type { FindHints } from '../../../../lib/sites/types.ts';
import { aaveApp, type AaveFixture } from '../../../fixtures/sites/aave.ts';
import { compoundApp } from '../../../fixtures/sites/compound.ts';
import { morphoApp } from '../../../fixtures/sites/morpho.ts';
import { sparkApp } from '../../../fixtures/sites/spark.ts';
import { mount, USDC, WBTC, WETH } from '../../fixtures/sites.ts';

const EVIL = '<img src=x onerror=alert(1)>';
const evilAddress = '0x00000000000000000000000000000000000e71a5';
const asset = (a: { symbol: string; address: string }, amount = '1.00') => ({ symbol: a.symbol, address: a.address, amount });
const hints = (collateral: string[], debt: string[]): FindHints => ({ symbols: { collateral, debt } });
const none = hints([], []);

const aaveData: AaveFixture = {
  marketName: 'proto_mainnet_v3',
  healthFactor: '1.37',
  supplies: [asset(WETH, '10.00'), asset(WBTC)],
  borrows: [asset(USDC, '12,000.00')],
  offers: [asset(WETH), asset(USDC)],
};

describe('Aave anchors (data-cy of aave/interface)', () => {
  it('finds the supplied and borrowed rows with symbol, address and first-column slot; not the offers', () => {
    const doc = mount(aaveApp, aaveData, '/dashboard');
    const rows = aave.findRows(doc, none);
    expect(rows.map((r) => [r.side, r.symbol, r.address])).toEqual([
      ['collateral', 'WETH', WETH.address.toLowerCase()],
      ['collateral', 'WBTC', WBTC.address.toLowerCase()],
      ['debt', 'USDC', USDC.address.toLowerCase()],
    ]);
    for (const r of rows) {
      expect(r.row.getAttribute('data-cy')).toMatch(/^dashboard(Supplied|Borrowed)ListItem_/);
      expect(r.slot.parentElement).toBe(r.row);
      expect(r.slot.querySelector('[data-cy="assetName"]')).not.toBeNull();
    }
  });

  it('finds the top panel health factor, not the copies in dialogs', () => {
    const doc = mount(aaveApp, aaveData, '/dashboard');
    const dialog = doc.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.innerHTML = '<div data-cy="HealthFactorTopPannel">1.20</div>';
    doc.body.prepend(dialog);
    const hf = aave.findHealthFactor(doc);
    expect(hf?.element.textContent).toContain('1.37');
  });

  it('finds nothing on the markets page and in the mobile layout (cards without data-cy)', () => {
    expect(aave.findRows(mount(aaveApp, aaveData, '/markets'), none)).toEqual([]);
    const mobile = mount(aaveApp, { ...aaveData, layout: 'mobile' }, '/dashboard');
    expect(aave.findRows(mobile, none)).toEqual([]);
    expect(aave.findHealthFactor(mobile)).toBeNull();
  });

  it('keeps an HTML-like symbol as plain data (the attribute value is never parsed as markup)', () => {
    const doc = mount(aaveApp, { ...aaveData, supplies: [{ symbol: EVIL, address: evilAddress, amount: '1' }] }, '/dashboard');
    const rows = aave.findRows(doc, none);
    expect(rows[0]).toMatchObject({ side: 'collateral', symbol: EVIL.toUpperCase(), address: evilAddress });
    expect(doc.querySelectorAll('img[src="x"]').length).toBe(0);
  });
});

describe('Spark anchors (testIds of spark-app)', () => {
  it('finds Deposit and Borrow table rows by their panel headings, and the gauge value', () => {
    const doc = mount(sparkApp, { healthFactor: '1.37', deposits: [asset(WETH), asset(WBTC)], borrows: [asset(USDC)] }, '/my-portfolio');
    const rows = spark.findRows(doc, none);
    expect(rows.map((r) => [r.side, r.symbol])).toEqual([
      ['collateral', 'WETH'],
      ['collateral', 'WBTC'],
      ['debt', 'USDC'],
    ]);
    expect(rows[0]!.row.getAttribute('data-testid')).toBe('component-DataTable-row-0');
    expect(rows[0]!.slot.tagName).toBe('TD');
    expect(spark.findHealthFactor(doc)?.element.textContent).toBe('1.37');
  });

  it('finds nothing on the markets page', () => {
    const doc = mount(sparkApp, { healthFactor: '1.37', deposits: [asset(WETH)], borrows: [asset(USDC)] }, '/markets');
    expect(spark.findRows(doc, none)).toEqual([]);
    expect(spark.findHealthFactor(doc)).toBeNull();
  });
});

describe('Compound anchors (text, low confidence)', () => {
  it('finds collateral rows under the collateral heading and the base under Borrowing, by the hinted symbols', () => {
    const doc = mount(compoundApp, { base: asset(USDC), collateral: [asset(WETH), asset(WBTC)], liquidationRisk: '73%' }, '/?market=usdc-mainnet');
    const rows = compound.findRows(doc, hints(['WETH', 'WBTC'], ['USDC']));
    expect(rows.map((r) => [r.side, r.symbol, r.row.tagName]).sort()).toEqual([
      ['collateral', 'WBTC', 'LI'],
      ['collateral', 'WETH', 'LI'],
      ['debt', 'USDC', 'LI'],
    ]);
    expect(compound.findHealthFactor(doc)?.element.textContent).toBe('Liquidation risk');
  });

  it('does not place a symbol that is not under a side heading, nor an unhinted one', () => {
    const doc = mount(compoundApp, { base: asset(USDC), collateral: [asset(WETH)], liquidationRisk: '73%' }, '/');
    expect(compound.findRows(doc, hints(['USDC'], []))).toEqual([]); // USDC sits under "Borrowing": not collateral
    expect(compound.findRows(doc, hints([], []))).toEqual([]);
  });
});

describe('Morpho anchors (market links and text, low confidence)', () => {
  const ID1 = `0x${'a1'.repeat(32)}`;
  const ID2 = `0x${'b2'.repeat(32)}`;
  const data = {
    chain: 'base',
    markets: [
      { id: ID1, collateral: asset(WETH), loan: asset(USDC), healthFactor: '1.37' },
      { id: ID2, collateral: asset(WBTC), loan: asset(USDC), healthFactor: '2.10' },
    ],
  };

  it('a dashboard row per market link', () => {
    const doc = mount(morphoApp, data, '/dashboard');
    const rows = morpho.findRows(doc, hints(['WETH'], ['USDC']));
    expect(rows.map((r) => [r.marketId, r.row.tagName, r.side])).toEqual([
      [ID1, 'TR', 'collateral'],
      [ID2, 'TR', 'collateral'],
    ]);
  });

  it('on a market page: Collateral and Loan rows by text, and the Health factor label', () => {
    const doc = mount(morphoApp, data, `/base/market/${ID1}/weth-usdc`);
    const rows = morpho.findRows(doc, hints(['WETH'], ['USDC']));
    expect(rows.map((r) => [r.side, r.symbol, r.row.getAttribute('role')])).toEqual([
      ['collateral', 'WETH', 'row'],
      ['debt', 'USDC', 'row'],
    ]);
    expect(morpho.findHealthFactor(doc)?.element.textContent).toBe('Health factor');
  });
});

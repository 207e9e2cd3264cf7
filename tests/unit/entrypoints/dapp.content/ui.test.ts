// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRenderer, HOST_TAG } from '../../../../entrypoints/dapp.content/ui.ts';
import type { BadgeModel } from '../../../../lib/sites/page-badge.ts';
import type { PagePlan } from '../../../../lib/sites/plan.ts';
import { paintedText, textNodes } from '../../fixtures/sites.ts';

const EVIL = '<img src=x onerror=alert(1)>';
const badge = (text: string, level: BadgeModel['level'] = 'ok'): BadgeModel => ({ text, level, title: `title of ${text}`, stale: false });

/** Closed shadow roots are invisible from outside; the test keeps a reference as they are made. */
let roots: ShadowRoot[] = [];
const original = Element.prototype.attachShadow;
beforeEach(() => {
  roots = [];
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    const root = original.call(this, init);
    roots.push(root);
    return root;
  });
  document.body.innerHTML = '<div id="r1"><span id="c1">WETH</span></div><div id="r2"><span id="c2">USDC</span></div><div id="hf">1.37</div>';
});
afterEach(() => vi.restoreAllMocks());

function rowPlan(id: string, cell: string, text: string, key = 'k1'): PagePlan['rows'][number] {
  return { anchor: { row: document.getElementById(id)!, slot: document.getElementById(cell)!, side: 'collateral', symbol: 'WETH' }, key, badge: badge(text) };
}
const empty: PagePlan = { rows: [], summary: null, panel: null, primaryKey: null };

describe('in-page renderer', () => {
  it('puts a badge in each row slot, in a closed shadow root, on a host without attributes', () => {
    const r = createRenderer({ doc: document, onOpen: () => {}, onPlacement: () => {} });
    r.render({ ...empty, rows: [rowPlan('r1', 'c1', 'Liq. $1,455'), rowPlan('r2', 'c2', 'Liq. $1.37')] });
    const hosts = document.querySelectorAll(HOST_TAG);
    expect(hosts).toHaveLength(2);
    for (const h of hosts) {
      expect(h.attributes).toHaveLength(0);
      expect(h.shadowRoot).toBeNull(); // closed: the page cannot reach in
      expect(h.textContent).toBe('');
    }
    expect(hosts[0]!.parentElement!.id).toBe('c1');
    expect(roots.map((root) => paintedText(root.querySelector('button')))).toEqual(['Liq. $1,455', 'Liq. $1.37']);
    for (const root of roots) expect(textNodes(root)).toEqual([]); // drawn, not text: window.find() cannot match it
    expect(roots[0]!.mode).toBe('closed');
  });

  it('renders HTML-like text as text', () => {
    const r = createRenderer({ doc: document, onOpen: () => {}, onPlacement: () => {} });
    r.render({
      ...empty,
      rows: [{ ...rowPlan('r1', 'c1', `Liq. ${EVIL}`), badge: { ...badge(`Liq. ${EVIL}`), title: EVIL } }],
      panel: { otherMarkets: false, entries: [{ key: 'k', title: EVIL, health: badge(EVIL), legs: [{ symbol: EVIL, side: 'collateral', badge: badge(EVIL) }] }] },
    });
    for (const root of roots) {
      expect(root.querySelectorAll('img')).toHaveLength(0);
      expect(paintedText(root)).toContain(EVIL);
    }
    expect(document.querySelectorAll('img')).toHaveLength(0);
  });

  it('updates in place, puts back a badge the page removed, drops badges of rows that are gone', () => {
    const r = createRenderer({ doc: document, onOpen: () => {}, onPlacement: () => {} });
    r.render({ ...empty, rows: [rowPlan('r1', 'c1', 'A'), rowPlan('r2', 'c2', 'B')] });
    const [first] = roots;
    r.render({ ...empty, rows: [rowPlan('r1', 'c1', 'A2'), rowPlan('r2', 'c2', 'B')] });
    expect(roots).toHaveLength(2); // no new roots: updated in place
    expect(paintedText(first!.querySelector('button'))).toBe('A2');

    document.querySelector(HOST_TAG)!.remove(); // the page re-rendered its cell
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(1);
    r.render({ ...empty, rows: [rowPlan('r1', 'c1', 'A2'), rowPlan('r2', 'c2', 'B')] });
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(2);
    expect(document.getElementById('c1')!.querySelector(HOST_TAG)).not.toBeNull();

    r.render({ ...empty, rows: [rowPlan('r2', 'c2', 'B')] });
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(1);
    expect(document.getElementById('c1')!.querySelector(HOST_TAG)).toBeNull();
  });

  it('opens the simulator on trusted clicks only', () => {
    const onOpen = vi.fn();
    const r = createRenderer({ doc: document, onOpen, onPlacement: () => {} });
    r.render({ ...empty, rows: [rowPlan('r1', 'c1', 'A', 'position-key')] });
    const button = roots[0]!.querySelector('button')!;
    button.click(); // a script's click: isTrusted is false
    button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onOpen).not.toHaveBeenCalled();
    const trusted = new MouseEvent('click', { bubbles: true });
    Object.defineProperty(trusted, 'isTrusted', { value: true });
    button.dispatchEvent(trusted);
    expect(onOpen).toHaveBeenCalledWith('position-key');
  });

  it('summary goes right after the page health factor; panel only when asked; destroy removes everything', () => {
    const r = createRenderer({ doc: document, onOpen: () => {}, onPlacement: () => {} });
    const hf = document.getElementById('hf')!;
    r.render({ ...empty, summary: { anchor: { element: hf }, key: 'k', badge: badge('Guard: nearest WETH') } });
    const summaryHost = hf.nextElementSibling!;
    expect(summaryHost.tagName.toLowerCase()).toBe(HOST_TAG);
    r.render({ ...empty, panel: { otherMarkets: true, entries: [{ key: 'k', title: 'Devnet Aave', health: badge('h'), legs: [] }] } });
    expect(summaryHost.isConnected).toBe(false);
    const panelRoot = roots.at(-1)!;
    expect(paintedText(panelRoot.querySelector('.note'))).toMatch(/Not the market/);
    expect(paintedText(panelRoot.querySelector('.pt'))).toBe('Devnet Aave');
    expect(textNodes(panelRoot)).toEqual([]); // title, symbols, badges and the toggle: all painted
    expect(r.hostCount()).toBe(1);
    r.destroy();
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(0);
  });

  it('the panel remembers a collapse through onPlacement', () => {
    const onPlacement = vi.fn();
    const r = createRenderer({ doc: document, onOpen: () => {}, onPlacement, placement: { x: 10, y: 20, collapsed: false } });
    r.render({ ...empty, panel: { otherMarkets: false, entries: [{ key: 'k', title: 'P', health: badge('h'), legs: [] }] } });
    const root = roots.at(-1)!;
    const toggle = root.querySelector('button.x')!;
    const click = new MouseEvent('click');
    Object.defineProperty(click, 'isTrusted', { value: true });
    toggle.dispatchEvent(click);
    expect(onPlacement).toHaveBeenCalledWith({ x: 10, y: 20, collapsed: true });
    expect(root.querySelector('.p')!.classList.contains('c')).toBe(true);
  });
});

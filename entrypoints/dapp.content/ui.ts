import type { BadgeModel } from '@/lib/sites/page-badge.ts';
import { clampPlacement, type PanelPlacement } from '@/lib/sites/panel-state.ts';
import type { PagePlan, PanelPlan } from '@/lib/sites/plan.ts';
import { paintText } from './paint.ts';
import { BADGE_CSS, PAINT, PANEL_CSS } from './styles.ts';

/**
 * The in-page UI, plain DOM in closed shadow roots (no framework: the whole script stays a few KB).
 *
 * What the page can and cannot do with it:
 * - every string (numbers, symbols, market names, the account) is *painted* on a canvas (./paint.ts), never
 *   a text node: `window.find()` searches closed shadow roots, pixels it cannot search; and never markup,
 *   so a token named `<img src=x onerror=alert(1)>` is shown as those characters;
 * - the shadow roots are closed and the host elements carry no attributes at all (no ids, no data-*):
 *   the page sees an empty `<liquidation-guard>` element and can neither read nor change what is inside;
 * - clicks count only when `isTrusted` (a real user gesture, not a script's synthetic event);
 * - this script never posts window messages.
 * The page can remove a host; the controller puts it back on its next scan.
 */

/** Tag of every host element: a valid custom-element name (never registered), so attachShadow works. */
export const HOST_TAG = 'liquidation-guard';

interface Badge {
  host: HTMLElement;
  button: HTMLButtonElement;
  key: string;
  sig: string;
}

export interface RendererOptions {
  doc: Document;
  /** A badge, summary or panel entry was clicked (trusted click): open the simulator for that position. */
  onOpen(key: string): void;
  /** Stored placement of the panel for this site (undefined = default corner, expanded). */
  placement?: PanelPlacement;
  /** The panel was moved or collapsed. */
  onPlacement(placement: PanelPlacement): void;
}

export interface Renderer {
  render(plan: PagePlan): void;
  setPlacement(placement: PanelPlacement | undefined): void;
  /** Remove everything this script added to the page. */
  destroy(): void;
  /** Live host elements (tests and the controller's own bookkeeping). */
  hostCount(): number;
}

function badgeSig(b: BadgeModel, key: string): string {
  return `${key}\u0000${b.level}\u0000${b.stale}\u0000${b.text}\u0000${b.title}`;
}

function applyBadge(button: HTMLButtonElement, badge: BadgeModel, extraClass = ''): void {
  button.className = `b lvl-${badge.level}${badge.stale ? ' stale' : ''}${extraClass}`;
  const doc = button.ownerDocument;
  const first = button.firstElementChild;
  const canvas = first?.localName === 'canvas' ? (first as HTMLCanvasElement) : undefined;
  const painted = paintText(doc, badge.text, PAINT.badge(badge.level), canvas);
  if (!canvas) button.replaceChildren(painted);
  button.title = badge.title;
}

/** A host element with a closed shadow root that already holds its stylesheet. */
function shadowHost(doc: Document, css: string): { host: HTMLElement; root: ShadowRoot } {
  const host = doc.createElement(HOST_TAG);
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
  return { host, root };
}

/** An element showing `text` painted (see ./paint.ts). */
function painted(doc: Document, tag: string, className: string, text: string, style: Parameters<typeof paintText>[2]): HTMLElement {
  const el = doc.createElement(tag);
  el.className = className;
  el.append(paintText(doc, text, style));
  return el;
}

export function createRenderer(opts: RendererOptions): Renderer {
  const { doc } = opts;
  const rows = new Map<Element, Badge>();
  let summary: { anchor: Element; badge: Badge } | null = null;
  let panel: PanelView | null = null;
  let placement = opts.placement;

  const makeBadge = (key: string): Badge => {
    const { host, root } = shadowHost(doc, BADGE_CSS);
    const button = doc.createElement('button');
    button.type = 'button';
    const badge: Badge = { host, button, key, sig: '' };
    button.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation(); // the page's row link must not navigate as well
      if (event.isTrusted) opts.onOpen(badge.key);
    });
    root.append(button);
    return badge;
  };

  const update = (b: Badge, model: BadgeModel, key: string) => {
    const sig = badgeSig(model, key);
    if (sig === b.sig) return;
    b.sig = sig;
    b.key = key;
    applyBadge(b.button, model);
  };

  return {
    render(plan) {
      // Row badges: create for new rows, put back where the page dropped them, update in place.
      const live = new Set<Element>();
      for (const r of plan.rows) {
        live.add(r.anchor.row);
        let b = rows.get(r.anchor.row);
        if (!b) {
          b = makeBadge(r.key);
          rows.set(r.anchor.row, b);
        }
        update(b, r.badge, r.key);
        if (b.host.parentNode !== r.anchor.slot) r.anchor.slot.appendChild(b.host);
      }
      for (const [row, b] of rows) {
        if (!live.has(row)) {
          b.host.remove();
          rows.delete(row);
        }
      }

      // Summary: after the page's health factor.
      if (plan.summary) {
        if (!summary || summary.anchor !== plan.summary.anchor.element) {
          summary?.badge.host.remove();
          summary = { anchor: plan.summary.anchor.element, badge: makeBadge(plan.summary.key) };
        }
        update(summary.badge, plan.summary.badge, plan.summary.key);
        const { host } = summary.badge;
        if (host.previousSibling !== summary.anchor || !host.isConnected) summary.anchor.after(host);
      } else if (summary) {
        summary.badge.host.remove();
        summary = null;
      }

      // Floating panel: only when nothing could be placed on the page.
      if (plan.panel) {
        panel ??= createPanel(doc, opts.onOpen, () => placement, (p) => {
          placement = p;
          opts.onPlacement(p);
        });
        panel.update(plan.panel);
      } else if (panel) {
        panel.destroy();
        panel = null;
      }
    },
    setPlacement(p) {
      placement = p;
      panel?.place();
    },
    destroy() {
      for (const b of rows.values()) b.host.remove();
      rows.clear();
      summary?.badge.host.remove();
      summary = null;
      panel?.destroy();
      panel = null;
    },
    hostCount() {
      return rows.size + (summary ? 1 : 0) + (panel ? 1 : 0);
    },
  };
}

interface PanelView {
  update(plan: PanelPlan): void;
  place(): void;
  destroy(): void;
}

const PANEL_WIDTH = 300;
const PANEL_MARGIN = 16;

function createPanel(doc: Document, onOpen: (key: string) => void, getPlacement: () => PanelPlacement | undefined, save: (p: PanelPlacement) => void): PanelView {
  const { host, root } = shadowHost(doc, PANEL_CSS);
  const box = doc.createElement('section');
  box.className = 'p';
  box.setAttribute('role', 'complementary');
  box.setAttribute('aria-label', 'Liquidation Guard');
  const head = doc.createElement('div');
  head.className = 'h';
  const title = painted(doc, 'span', 't', 'Liquidation Guard', PAINT.title);
  const toggle = doc.createElement('button');
  toggle.type = 'button';
  toggle.className = 'x';
  const body = doc.createElement('div');
  body.className = 'body';
  head.append(title, toggle);
  box.append(head, body);
  root.append(box);
  let sig = '';

  const current = (): PanelPlacement => {
    const view = doc.defaultView;
    const w = view?.innerWidth ?? 1024;
    const h = view?.innerHeight ?? 768;
    return getPlacement() ?? { x: Math.max(0, w - PANEL_WIDTH - PANEL_MARGIN), y: Math.max(0, h - 220 - PANEL_MARGIN), collapsed: false };
  };
  const place = () => {
    const view = doc.defaultView;
    const rect = box.getBoundingClientRect();
    const p = clampPlacement(current(), view?.innerWidth ?? 1024, view?.innerHeight ?? 768, { width: rect.width || PANEL_WIDTH, height: rect.height || 40 });
    host.style.setProperty('transform', `translate(${p.x}px, ${p.y}px)`, 'important');
    box.classList.toggle('c', p.collapsed);
    const glyph = p.collapsed ? '+' : '\u2212';
    if (toggle.firstElementChild?.getAttribute('aria-label') !== glyph) toggle.replaceChildren(paintText(doc, glyph, PAINT.title));
    toggle.setAttribute('aria-expanded', String(!p.collapsed));
    toggle.setAttribute('aria-label', p.collapsed ? 'Expand' : 'Collapse');
  };

  toggle.addEventListener('click', (event) => {
    if (!event.isTrusted) return;
    const p = current();
    save({ ...p, collapsed: !p.collapsed });
    place();
  });

  // Drag by the header; the placement is saved once, when the drag ends.
  let drag: { dx: number; dy: number; id: number } | null = null;
  head.addEventListener('pointerdown', (event) => {
    if (!event.isTrusted || event.button !== 0 || event.target === toggle) return;
    const p = current();
    drag = { dx: event.clientX - p.x, dy: event.clientY - p.y, id: event.pointerId };
    head.setPointerCapture(event.pointerId);
  });
  head.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const p = current();
    const next = { ...p, x: Math.max(0, event.clientX - drag.dx), y: Math.max(0, event.clientY - drag.dy) };
    host.style.setProperty('transform', `translate(${next.x}px, ${next.y}px)`, 'important');
    pending = next;
  });
  let pending: PanelPlacement | null = null;
  const end = (event: PointerEvent) => {
    if (!drag || event.pointerId !== drag.id) return;
    drag = null;
    if (pending) save(pending);
    pending = null;
    place();
  };
  head.addEventListener('pointerup', end);
  head.addEventListener('pointercancel', end);

  for (const [k, v] of [['position', 'fixed'], ['top', '0'], ['left', '0'], ['z-index', '2147483646']]) host.style.setProperty(k!, v!, 'important');
  (doc.body ?? doc.documentElement).appendChild(host);
  place();

  return {
    update(plan) {
      if (!host.isConnected) (doc.body ?? doc.documentElement).appendChild(host);
      const next = JSON.stringify(plan);
      if (next === sig) return;
      sig = next;
      const nodes: Node[] = [];
      if (plan.otherMarkets) nodes.push(painted(doc, 'p', 'note', 'Not the market shown on this page:', PAINT.note));
      for (const entry of plan.entries) {
        const pos = doc.createElement('div');
        pos.className = 'pos';
        const pt = painted(doc, 'p', 'pt', entry.title, PAINT.positionTitle);
        const list = doc.createElement('ul');
        const hf = doc.createElement('li');
        hf.append(button(doc, entry.health, entry.key, onOpen));
        list.append(hf);
        for (const leg of entry.legs) {
          const li = doc.createElement('li');
          const sym = painted(doc, 'span', 'sym', leg.symbol, PAINT.symbol);
          sym.title = leg.symbol;
          const side = painted(doc, 'span', 'side', leg.side === 'collateral' ? 'collateral' : 'debt', PAINT.side);
          side.style.marginLeft = '4px';
          const label = doc.createElement('span');
          label.append(sym, side);
          li.append(label, button(doc, leg.badge, entry.key, onOpen));
          list.append(li);
        }
        pos.append(pt, list);
        nodes.push(pos);
      }
      body.replaceChildren(...nodes);
      place();
    },
    place,
    destroy() {
      host.remove();
    },
  };
}

function button(doc: Document, badge: BadgeModel, key: string, onOpen: (key: string) => void): HTMLButtonElement {
  const b = doc.createElement('button');
  b.type = 'button';
  applyBadge(b, badge);
  b.addEventListener('click', (event) => {
    if (event.isTrusted) onOpen(key);
  });
  return b;
}

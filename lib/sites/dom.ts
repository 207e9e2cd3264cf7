import type { FindHints, HealthAnchor, RowAnchor, Side } from './types.ts';

/**
 * Small DOM helpers shared by the site modules. Everything takes a `ParentNode` and only reads: the page
 * is untrusted, so nothing here evaluates page content as markup or code, and text is compared after
 * normalisation (whitespace collapsed, trimmed).
 */

/** Text of an element with whitespace collapsed; bounded so a hostile giant node costs nothing. */
export function textOf(el: Node | null | undefined, max = 200): string {
  const raw = el?.textContent ?? '';
  return raw.slice(0, max * 4).replace(/\s+/g, ' ').trim().slice(0, max);
}

/** `querySelectorAll` as an array, never throwing on a selector the engine rejects. */
export function all(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

/** True when `el` sits in a dialog/modal/popover (a transaction modal repeats the health factor). */
export function inOverlay(el: Element): boolean {
  return el.closest('[role="dialog"], [role="presentation"], [aria-modal="true"], .MuiModal-root, .MuiPopover-root') !== null;
}

/** Lower-case 0x-address from a URL's query parameter, or undefined. */
export function addressParam(href: string | null, param: string): string | undefined {
  if (!href) return undefined;
  try {
    const value = new URL(href, 'https://x.invalid').searchParams.get(param);
    return value && /^0x[0-9a-fA-F]{40}$/.test(value) ? value.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** Symbol comparison: case-insensitive, ignoring surrounding spaces (Aave upper-cases its `data-cy`). */
export function sameSymbol(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

const ROW_SELECTOR = 'tr, [role="row"], li';
/** How far above a symbol's text a row may be. */
const MAX_ROW_DEPTH = 8;
/** A page with more text nodes than this is not scanned by text (the cost stays bounded on huge pages). */
const MAX_TEXT_NODES = 20_000;

/**
 * The row around `el`: the nearest table row / ARIA row / list item, else the nearest ancestor that is one
 * of several siblings of the same tag and class (a repeated list entry), within a few levels.
 */
export function rowAround(el: Element, stop?: Element): Element | null {
  const explicit = el.closest(ROW_SELECTOR);
  if (explicit && (!stop || stop.contains(explicit))) return explicit;
  let node: Element | null = el;
  for (let depth = 0; node && depth < MAX_ROW_DEPTH && node !== stop; depth++) {
    const parent: Element | null = node.parentElement;
    if (!parent) break;
    const cls = node.getAttribute('class') ?? '';
    let alike = 0;
    for (const sibling of Array.from(parent.children)) {
      if (sibling.tagName === node.tagName && (sibling.getAttribute('class') ?? '') === cls) alike++;
    }
    if (alike >= 2 && depth > 0) return node;
    node = parent;
  }
  return null;
}

/**
 * Section side from a heading's text: collateral for "Collateral", "Supplied", "Supplies", "Deposit(s)";
 * debt for "Borrow(s/ed/ing)", "Debt", "Loan". Null when the text says neither.
 */
export function sideOfHeading(text: string): Side | null {
  const t = text.toLowerCase();
  if (/\b(collateral|supplied|supplies|deposits?|deposited)\b/.test(t)) return 'collateral';
  if (/\b(borrows?|borrowed|borrowing|debt|loan)\b/.test(t)) return 'debt';
  return null;
}

/**
 * The nearest heading-like element before `el` in document order within `scope`, searched among the
 * previous siblings of `el` and of its ancestors (what a reader sees as the section title).
 */
export function headingBefore(el: Element, scope: Element | null): Element | null {
  let node: Element | null = el;
  for (let depth = 0; node && node !== scope && depth < 12; depth++) {
    let sibling = node.previousElementSibling;
    for (let n = 0; sibling && n < 20; n++, sibling = sibling.previousElementSibling) {
      const heading = sibling.matches(HEADING) ? sibling : sibling.querySelector(HEADING);
      if (heading) return heading;
    }
    node = node.parentElement;
  }
  return null;
}
const HEADING = 'h1, h2, h3, h4, h5, h6, [role="heading"]';

/**
 * Rows found by text, for front-ends without stable attributes: an element whose whole text is one of
 * the hinted symbols, inside a section whose heading says collateral or debt, grouped into its row.
 * One row per (side, symbol): the first one in document order. Low confidence by nature; a miss falls
 * back to the floating panel, never to a guess without a side.
 */
export function findRowsByText(root: ParentNode, hints: FindHints, scopeSelector?: string): RowAnchor[] {
  const wanted = new Map<string, Side[]>();
  for (const side of ['collateral', 'debt'] as const) {
    for (const s of hints.symbols[side]) {
      const key = s.trim().toLowerCase();
      if (!key) continue;
      const sides = wanted.get(key) ?? [];
      if (!sides.includes(side)) sides.push(side);
      wanted.set(key, sides);
    }
  }
  if (wanted.size === 0) return [];
  const scoped = scopeSelector ? all(root, scopeSelector) : [];
  const scopes: ParentNode[] = scoped.length > 0 ? scoped : [root];
  const found = new Map<string, RowAnchor>();
  for (const scope of scopes) {
    const doc = (scope as Node).ownerDocument ?? (scope as Document);
    const walker = doc.createTreeWalker(scope as Node, 4 /* NodeFilter.SHOW_TEXT */);
    let count = 0;
    for (let node = walker.nextNode(); node && count < MAX_TEXT_NODES; node = walker.nextNode(), count++) {
      const text = (node.nodeValue ?? '').trim();
      if (text.length === 0 || text.length > 32) continue;
      const sides = wanted.get(text.toLowerCase());
      const el = node.parentElement;
      if (!sides || !el || textOf(el, 40).toLowerCase() !== text.toLowerCase()) continue;
      const row = rowAround(el, scope instanceof Element ? scope : undefined);
      if (!row) continue;
      const heading = headingBefore(row, scope instanceof Element ? scope : null);
      const side = heading ? sideOfHeading(textOf(heading, 80)) : null;
      if (!side || !sides.includes(side)) continue;
      const key = `${side}:${text.toLowerCase()}`;
      if (!found.has(key)) found.set(key, { row, slot: el.parentElement ?? row, side, symbol: text });
    }
  }
  return [...found.values()];
}

/** The first element whose own whole text matches `pattern` (a label such as "Health factor"). */
/** The health-factor anchor of an app that names it in plain text ("Health factor", "Liquidation risk"). */
export function labelledAnchor(root: ParentNode, pattern: RegExp): HealthAnchor | null {
  const el = findLabel(root, pattern);
  return el ? { element: el } : null;
}

export function findLabel(root: ParentNode, pattern: RegExp, selector = 'p, span, div, dt, th, td, h1, h2, h3, h4, h5, h6, label'): Element | null {
  for (const el of all(root, selector)) {
    if (el.childElementCount > 2) continue;
    if (pattern.test(textOf(el, 60)) && !inOverlay(el)) return el;
  }
  return null;
}

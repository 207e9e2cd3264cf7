/**
 * Text drawn, not written: every string of the in-page UI (badge numbers, the panel's symbols and
 * position titles) is painted onto a `<canvas>`, so it is no text node of the page's document.
 *
 * Why: `window.find()` searches text inside *closed* shadow roots too (Chromium and Firefox ESR), so a dapp
 * script could probe "Liq. $1,4" digit by digit and read the user's liquidation price and address from
 * text it cannot otherwise reach. CSS generated content (`content: attr(…)`) is rendered text as well.
 * A canvas holds pixels: the user sees the same figures, `find()` matches nothing, and the page cannot
 * read the pixels (the canvas sits in a closed shadow root; no reference ever reaches the page).
 *
 * Accessibility: the canvas is `role="img"` with the text as its `aria-label`, so a button holding one
 * is named by it for assistive technology (the accessibility tree is not readable by page scripts).
 */

export interface PaintStyle {
  /** CSS font shorthand, size in px. */
  font: string;
  color: string;
  /** Box height in CSS px (the text is centred vertically). */
  lineHeight: number;
}

const DEFAULT_CHAR_WIDTH = 0.6;

/** A canvas showing `text` in `style`, sized to the text, crisp on high-DPI screens. */
export function paintText(doc: Document, text: string, style: PaintStyle, canvas: HTMLCanvasElement = doc.createElement('canvas')): HTMLCanvasElement {
  const dpr = Math.min(4, Math.max(1, doc.defaultView?.devicePixelRatio ?? 1));
  const ctx = canvas.getContext('2d');
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(style.font)?.[1] ?? 12);
  let width = text.length * size * DEFAULT_CHAR_WIDTH;
  if (ctx) {
    ctx.font = style.font;
    width = ctx.measureText(text).width;
  }
  const w = Math.max(1, Math.ceil(width));
  canvas.width = Math.ceil(w * dpr);
  canvas.height = Math.ceil(style.lineHeight * dpr);
  canvas.style.width = `${w}px`;
  canvas.style.height = `${style.lineHeight}px`;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', text);
  if (ctx) {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, style.lineHeight);
    ctx.font = style.font; // resizing the canvas reset the context state
    ctx.fillStyle = style.color;
    ctx.textBaseline = 'middle';
    ctx.fillText(text, 0, style.lineHeight / 2);
  }
  return canvas;
}

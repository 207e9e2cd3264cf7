/**
 * The in-page UI's CSS, inside each closed shadow root (the page's CSS cannot reach in, ours cannot leak
 * out). One `<style>` per root: Blink and Gecko share the parsed sheet between roots with identical text.
 */
import type { Danger } from '@/lib/sites/page-badge.ts';
import type { PaintStyle } from './paint.ts';

/** Badge colours per level: the CSS below and the painted text (./paint.ts) use the same table. */
export const LEVEL_COLORS: Record<Danger, { background: string; color: string; border: string }> = {
  ok: { background: '#e6f4ea', color: '#0d5b2a', border: '#9fd3ae' },
  warn: { background: '#fff4d6', color: '#6b4700', border: '#f0c75a' },
  urgent: { background: '#ffe2cc', color: '#7a2500', border: '#f59a5b' },
  liquidatable: { background: '#c62828', color: '#fff', border: '#8e1b1b' },
  none: { background: '#eef0f3', color: '#3d4451', border: '#c9ced6' },
  unknown: { background: '#eef0f3', color: '#3d4451', border: '#c9ced6' },
};

const FONT_FAMILY = 'system-ui,-apple-system,"Segoe UI",Roboto,sans-serif';
/** The painted text's fonts and colours (the text is drawn, see ./paint.ts, so CSS does not style it). */
export const PAINT = {
  badge: (level: Danger): PaintStyle => ({ font: `600 11px ${FONT_FAMILY}`, color: LEVEL_COLORS[level].color, lineHeight: 16 }),
  title: { font: `700 12px ${FONT_FAMILY}`, color: '#1f2430', lineHeight: 18 },
  positionTitle: { font: `600 12px ${FONT_FAMILY}`, color: '#1f2430', lineHeight: 18 },
  symbol: { font: `12px ${FONT_FAMILY}`, color: '#1f2430', lineHeight: 18 },
  side: { font: `11px ${FONT_FAMILY}`, color: '#6b7280', lineHeight: 18 },
  note: { font: `12px ${FONT_FAMILY}`, color: '#6b4700', lineHeight: 18 },
} satisfies Record<string, PaintStyle | ((level: Danger) => PaintStyle)>;

const LEVELS = `
${(Object.keys(LEVEL_COLORS) as Danger[]).map((l) => `.lvl-${l}{background:${LEVEL_COLORS[l].background};color:${LEVEL_COLORS[l].color};border-color:${LEVEL_COLORS[l].border}}`).join('\n')}
.stale{border-style:dashed;opacity:.85}
canvas{display:block}
.b canvas,.sym canvas,.side canvas{display:inline-block;vertical-align:middle}
`;

const BASE = `:host{all:initial;display:inline-block;vertical-align:middle}
.b{all:unset;box-sizing:border-box;display:inline-block;margin:2px 0 2px 6px;padding:1px 6px;border:1px solid;border-radius:9px;
font:600 11px/16px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;white-space:nowrap;cursor:pointer;font-variant-numeric:tabular-nums}
.b:focus-visible{outline:2px solid #1a73e8;outline-offset:1px}
${LEVELS}`;

export const BADGE_CSS = BASE;

export const PANEL_CSS = `:host{all:initial;position:fixed;z-index:2147483646;top:0;left:0}
.p{box-sizing:border-box;width:300px;max-height:70vh;display:flex;flex-direction:column;background:#fff;color:#1f2430;border:1px solid #c9ced6;
border-radius:10px;box-shadow:0 6px 24px rgba(0,0,0,.18);font:12px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.h{display:flex;align-items:center;gap:6px;padding:6px 8px;border-bottom:1px solid #e3e6eb;cursor:move;user-select:none;touch-action:none}
.t{flex:1;font-weight:700}
.x{all:unset;cursor:pointer;padding:0 6px;border-radius:4px;font-weight:700}
.x:focus-visible{outline:2px solid #1a73e8}
.c .body{display:none}.c .h{border-bottom:0}
.body{overflow:auto;padding:6px 8px}
.note{margin:0 0 6px;color:#6b4700}
.pos{margin:0 0 8px}
.pt{font-weight:600;margin:0 0 2px}
ul{list-style:none;margin:0;padding:0}
li{display:flex;align-items:center;justify-content:space-between;gap:6px;padding:1px 0}
.sym{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:110px}
.side{color:#6b7280;font-size:11px}
.b{all:unset;box-sizing:border-box;display:inline-block;padding:1px 6px;border:1px solid;border-radius:9px;font-weight:600;font-size:11px;line-height:16px;
white-space:nowrap;cursor:pointer;font-variant-numeric:tabular-nums}
.b:focus-visible{outline:2px solid #1a73e8;outline-offset:1px}
${LEVELS}`;

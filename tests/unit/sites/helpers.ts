import { getAddress, type Address } from 'viem';
import type { Position } from '../../../lib/risk/types.ts';
import type { PositionEntry } from '../../../lib/snapshot/types.ts';
import { asset, collateral, debt, position } from '../../helpers/positions.ts';

export const ALICE: Address = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
export const BOB: Address = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');

export const WETH = asset({ symbol: 'WETH', decimals: 18, price: 2000, lt: 0.825, bonus: 1.05, address: getAddress('0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2') });
export const WBTC = asset({ symbol: 'WBTC', decimals: 8, price: 60000, lt: 0.75, bonus: 1.065, address: getAddress('0x2260fac5e5542a773aa44fbcfedf7c193bc2c599') });
export const USDC = asset({ symbol: 'USDC', decimals: 6, price: 1, lt: 0.8, bonus: 1.045, address: getAddress('0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48') });
/** Same symbol as WETH, another token (another chain's WETH, a look-alike). */
export const OTHER_WETH = asset({ symbol: 'WETH', decimals: 18, price: 2000, lt: 0.825, bonus: 1.05, address: getAddress('0x4200000000000000000000000000000000000006') });

/** Alice's devnet-like position: 10 WETH against 12 000 USDC → HF 1.375, WETH liquidates at 1454.54…. */
export function alicePosition(over: Partial<Position> = {}): Position {
  const p = position({ collateral: [collateral(WETH, 10)], debt: [debt(USDC, 12000)], assets: [WETH, USDC] });
  return { ...p, account: ALICE, market: 'Devnet Aave', chainId: 31337, blockNumber: 100n, timestamp: 1_700_000_000n, ...over };
}

export function entry(p: Position, readAt = 1_000_000, stale = false): PositionEntry {
  return { position: p, readAt, stale };
}

/** Render a fixture app into the happy-dom window at `path`. */
export function mount<T>(app: (win: Window, data: T) => void, data: T, path = '/'): Document {
  window.history.replaceState({}, '', path);
  document.body.innerHTML = '<div id="root"></div>';
  app(window, data);
  return document;
}

/**
 * What the in-page UI shows, as the user reads it: its text is painted on canvases (role="img", named by
 * `aria-label`), so this joins those names (and any text node, of which there should be none but CSS).
 */
export function paintedText(node: Node | null | undefined): string {
  if (!node) return '';
  if (node.nodeType === 3) return node.nodeValue ?? '';
  const el = node as Element;
  if (el.localName === 'style') return '';
  if (el.localName === 'canvas') return el.getAttribute('aria-label') ?? '';
  return [...node.childNodes].map(paintedText).join('');
}

/** Text nodes under `node` other than CSS: what `window.find()` could match. */
export function textNodes(node: Node): string[] {
  const out: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === 3 && (n.nodeValue ?? '').trim() !== '') out.push(n.nodeValue!);
    if ((n as Element).localName === 'style') return;
    n.childNodes.forEach(walk);
  };
  walk(node);
  return out;
}

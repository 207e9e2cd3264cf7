import type { Position } from '../risk/types.ts';
import { findLabel, findRowsByText } from './dom.ts';
import type { HealthAnchor, PageInput, PageMarket, RowAnchor, SiteModule, FindHints } from './types.ts';

/**
 * app.compound.finance — the Compound III (Comet) app. Its source is NOT public (compound-finance/palisade
 * is the retired v2 app; compound-finance/comet-extension only documents the extension frame), so:
 *
 * Market and chain (confidence: medium): the app selects a Comet with `?market=<base>-<network>`, e.g.
 * `usdc-mainnet`, `weth-basemainnet`, `usdc.e-arb`, `usdt-op` (the form the app writes into its own URL
 * and that partners link to; the popup's "Open in Compound" link builds the same). Some older links put
 * the network first (`arbitrum-usdc`); both orders are read. Without `?market=` the app shows the wallet's
 * chain's default market: only the chain is known then.
 *
 * Rows (confidence: low — no public markup): found by text. An element whose whole text is one of the
 * position's symbols, inside a section whose heading says "Collateral …" (collateral rows) or
 * "Borrow…"/"Debt" (the base asset borrowed), grouped into its row (see `findRowsByText`). When nothing
 * matches, the floating panel shows instead: a wrong placement is worse than a panel.
 *
 * Health factor: Compound shows no health factor; the summary goes after its "Liquidation risk" label
 * when one is found (confidence: low).
 */

// app.compound.finance's network names belong to the Compound v3 protocol folder (its links use them too).
import { COMPOUND_NETWORKS } from '../protocols/compound-v3/app.ts';

export { COMPOUND_NETWORKS };

export function compoundPageMarket(input: PageInput): PageMarket {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return { view: 'other' };
  }
  const page: PageMarket = { view: url.pathname.replace(/\/+$/, '') === '/markets' ? 'markets' : 'positions' };
  const raw = (url.searchParams.get('market') ?? '').toLowerCase().trim();
  const m = /^([a-z0-9.]{1,20})-([a-z0-9.]{1,20})$/.exec(raw);
  if (m) {
    const [, a, b] = m as unknown as [string, string, string];
    const [base, network] = Object.hasOwn(COMPOUND_NETWORKS, b) ? [a, b] : Object.hasOwn(COMPOUND_NETWORKS, a) ? [b, a] : [undefined, undefined];
    if (base && network) {
      page.chainId = COMPOUND_NETWORKS[network];
      page.baseSymbol = base;
      page.key = raw;
    }
  }
  if (page.chainId === undefined && input.walletChainId) page.chainId = input.walletChainId;
  return page;
}

/** The base asset's symbol of a Comet position (its debt leg, or the market asset at `baseToken`). */
export function cometBaseSymbol(p: Position): string | undefined {
  if (p.details.protocol !== 'compound-v3') return undefined;
  const base = p.details.baseToken.toLowerCase();
  return (p.debt.find((l) => l.address.toLowerCase() === base) ?? p.assets.find((a) => a.address.toLowerCase() === base))?.symbol;
}

/** Whether a Comet position is the market `?market=<base>-…` selects (by Comet name "c<BASE>v3", else base symbol). */
export function isCompoundPageMarket(p: Position, page: PageMarket): boolean {
  if (p.protocol !== 'compound-v3' || page.baseSymbol === undefined || page.chainId !== p.chainId) return false;
  const cometName = `c${page.baseSymbol.replace(/\./g, '')}v3`;
  const last = p.market.trim().split(/\s+/).pop()?.toLowerCase();
  if (last && /^c[a-z0-9]+v3$/.test(last)) return last === cometName;
  return cometBaseSymbol(p)?.toLowerCase() === page.baseSymbol;
}

export function compoundFindRows(root: ParentNode, hints: FindHints): RowAnchor[] {
  return findRowsByText(root, hints, 'main');
}

export function compoundFindHealthFactor(root: ParentNode): HealthAnchor | null {
  const el = findLabel(root, /^liquidation risk$/i);
  return el ? { element: el } : null;
}

export const compound: SiteModule = {
  id: 'compound',
  name: 'Compound',
  hosts: ['app.compound.finance'],
  protocol: 'compound-v3',
  anchorConfidence: 'low',
  owns: (p) => p.protocol === 'compound-v3',
  isPageMarket: isCompoundPageMarket,
  pageMarket: compoundPageMarket,
  findRows: compoundFindRows,
  findHealthFactor: compoundFindHealthFactor,
};

import { COMET_DEPLOYMENTS } from '../protocols/compound-v3/markets.ts';
import type { PagePosition } from './page-view.ts';
import { findRowsByText, labelledAnchor } from './dom.ts';
import type { PageInput, PageMarket, RowAnchor, SiteModule, FindHints } from './types.ts';

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
import { pageUrl, trimPath } from './url.ts';

export { COMPOUND_NETWORKS };

export function compoundPageMarket(input: PageInput): PageMarket {
  const url = pageUrl(input.url);
  if (!url) return { view: 'other' };
  const page: PageMarket = { view: trimPath(url.pathname) === '/markets' ? 'markets' : 'positions' };
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
export function cometBaseSymbol(p: PagePosition): string | undefined {
  if (p.details.protocol !== 'compound-v3') return undefined;
  const base = p.details.baseToken.toLowerCase();
  return (p.debt.find((l) => l.address.toLowerCase() === base) ?? p.assets.find((a) => a.address.toLowerCase() === base))?.symbol;
}

/** The app's network slug of a chain: the first `COMPOUND_NETWORKS` key for it (`arb`, `basemainnet`, …). */
function networkSlug(chainId: number): string | undefined {
  return Object.keys(COMPOUND_NETWORKS).find((k) => COMPOUND_NETWORKS[k] === chainId);
}

/** The core of a Comet symbol, lower-case: cUSDCv3 → usdc, cUSDCev3 → usdce, cWstETHv3 → wsteth. */
const cometCore = (symbol: string): string | undefined => /^c(.+)v3$/i.exec(symbol)?.[1]?.toLowerCase();

/**
 * The app's `?market=` key of every built-in Comet, derived from the deployment list
 * (lib/protocols/compound-v3/markets.ts), not written by hand:
 * - base: the core of the Comet's symbol; a trailing "e" is the bridged-token mark (`usdc.e`) only where
 *   the same chain also has the native market (`cUSDCv3` beside `cUSDCev3` on Arbitrum) — `cUSDev3` on
 *   Mantle is USDe, not bridged USD;
 * - network: the chain's app slug.
 * Alias: the app spells bridged USDC `usdc.e` also where the deployment calls its only USDC market
 * `cUSDCv3` (Polygon's `usdc` deployment lends USDC.e, 0x2791…); so `<base>.e` names the chain's `<base>`
 * Comet when the chain has no Comet of its own for `<base>.e`.
 */
export interface CompoundAppMarket {
  key: string;
  chainId: number;
  comet: string;
}

export const COMPOUND_APP_MARKETS: readonly CompoundAppMarket[] = COMET_DEPLOYMENTS.flatMap((d) => {
  const core = cometCore(d.symbol);
  const net = networkSlug(d.chainId);
  if (!core || !net) return [];
  const sameChain = COMET_DEPLOYMENTS.filter((o) => o.chainId === d.chainId).map((o) => cometCore(o.symbol));
  const bridged = core.endsWith('e') && sameChain.includes(core.slice(0, -1));
  const base = bridged ? `${core.slice(0, -1)}.e` : core;
  const keys = [`${base}-${net}`];
  if (!bridged && !sameChain.includes(`${core}e`)) keys.push(`${base}.e-${net}`);
  return keys.map((key) => ({ key, chainId: d.chainId, comet: d.comet.toLowerCase() }));
});

/** The built-in Comet a page's base and chain select, or undefined (no built-in Comet has that key). */
export function compoundAppMarket(baseSymbol: string, chainId: number): CompoundAppMarket | undefined {
  const net = networkSlug(chainId);
  return net ? COMPOUND_APP_MARKETS.find((m) => m.key === `${baseSymbol}-${net}`) : undefined;
}

/**
 * Whether a Comet position is the market `?market=<base>-…` selects: a built-in Comet by its address
 * (the key derived from the deployments), any other Comet (a markets file) by its base token's symbol.
 */
export function isCompoundPageMarket(p: PagePosition, page: PageMarket): boolean {
  if (p.protocol !== 'compound-v3' || page.baseSymbol === undefined || page.chainId !== p.chainId) return false;
  if (p.details.protocol !== 'compound-v3') return false;
  const comet = p.details.comet.toLowerCase();
  const known = compoundAppMarket(page.baseSymbol, page.chainId);
  if (known) return comet === known.comet;
  const builtin = COMET_DEPLOYMENTS.some((d) => d.chainId === p.chainId && d.comet.toLowerCase() === comet);
  if (builtin) return false;
  return cometBaseSymbol(p)?.toLowerCase() === page.baseSymbol;
}

export function compoundFindRows(root: ParentNode, hints: FindHints): RowAnchor[] {
  return findRowsByText(root, hints, 'main');
}

// Each dapp is one `SiteModule` record (types.ts): the records are alike by design, each field its own app's.
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
  findHealthFactor: (root) => labelledAnchor(root, /^liquidation risk$/i),
};

import type { ProtocolId } from '../core/types.ts';
import type { PagePosition } from './page-view.ts';
import type { DappHost } from './index.ts';

/**
 * What a dapp front-end module knows: which pages are its own, which chain and market a page shows, and
 * where on the page the user's asset rows and health factor are. Pure: URL parsing takes strings, DOM
 * lookups take a `ParentNode` (a document, a fixture fragment, a happy-dom tree), nothing touches the
 * extension APIs.
 */
export type SiteId = 'aave' | 'spark' | 'compound' | 'morpho' | 'aave-pro';
export type Side = 'collateral' | 'debt';

/** What the page's URL (and the app's own remembered choice) says it shows. Absent = cannot tell. */
export interface PageMarket {
  /** A page listing the user's positions, the markets overview, one market/reserve, or anything else. */
  view: 'positions' | 'markets' | 'market' | 'other';
  chainId?: number;
  /** The market's display name in `lib/markets/builtin.ts`, when the page selects a built-in market. */
  market?: string;
  /** Morpho Blue: the market id in the path (lower-case 0x + 64 hex). */
  marketId?: string;
  /** Compound v3: the base asset of the selected Comet (`?market=usdc-mainnet` → "usdc"), lower-case. */
  baseSymbol?: string;
  /** The front-end's own market key as found (Aave `marketName`), for messages only. */
  key?: string;
  /**
   * The page shows one account's positions, named in its URL (Morpho's `/dashboard/<address>`): only that
   * account's badges are shown (lower-case 0x + 40 hex), or none (`null`: the URL names no valid address).
   * Absent: the page shows the connected wallet's positions.
   */
  account?: string | null;
}

/** What a module may read besides the URL (the page's own localStorage, through a getter). */
export interface PageInput {
  url: string;
  /** `localStorage.getItem` of the page; may throw (storage disabled), modules catch. */
  getItem?: (key: string) => string | null;
  /** The chain the page's wallet reports (`eth_chainId`): apps without a chain in the URL follow it. */
  walletChainId?: number | null;
}

/** One of the user's asset rows on the page. */
export interface RowAnchor {
  /** The page's row element (identity: a re-rendered row is a new element and gets a new badge). */
  row: Element;
  /** Where the badge is appended (a cell of the row, or the row itself). */
  slot: Element;
  side: Side;
  /** The symbol as the page shows it (Aave upper-cases symbols in its `data-cy`). */
  symbol: string;
  /** The token's address when the row carries it (Aave links each row to its reserve), lower-case. */
  address?: string;
  /** Morpho: the market the row links to, lower-case. */
  marketId?: string;
}

/** Hints for modules whose anchors are found by text (no stable attributes in the front-end). */
export interface FindHints {
  /** Symbols of the candidate positions' legs, per side. */
  symbols: { collateral: string[]; debt: string[] };
}

/** Where the compact summary goes: after `element`, inside its parent. */
export interface HealthAnchor {
  element: Element;
}

export interface SiteModule {
  id: SiteId;
  /** Shown in the panel title and tooltips. */
  name: string;
  /** Its app's host names, each one of `DAPP_HOSTS` (index.ts), so no module can claim a page the manifest does not match. */
  hosts: readonly DappHost[];
  protocol: ProtocolId;
  /**
   * How confident we are in the DOM anchors (documented in the module): 'high' = the front-end's own test
   * attributes, read in its public source; 'low' = text and structure heuristics without a public source.
   */
  anchorConfidence: 'high' | 'medium' | 'low';
  /** Whether this front-end is where the position lives (protocol and, where it tells, market family). */
  owns(position: Pick<PagePosition, 'protocol' | 'market' | 'chainId'>): boolean;
  /** Whether the position is in the very market the page shows. False when the page does not say. */
  isPageMarket(position: PagePosition, page: PageMarket): boolean;
  pageMarket(input: PageInput): PageMarket;
  findRows(root: ParentNode, hints: FindHints): RowAnchor[];
  findHealthFactor(root: ParentNode): HealthAnchor | null;
}

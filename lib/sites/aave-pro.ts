import type { HealthAnchor, PageInput, PageMarket, RowAnchor, SiteModule } from './types.ts';
import { pageUrl } from './url.ts';

/**
 * pro.aave.com — Aave's app for v4 (Hub & Spoke). No public source of its markup was found (aave/interface
 * is the v3 app; its repository holds no v4 pages), so this module claims no anchors: no rows, no health
 * factor element. The content script then shows the floating panel with the connected wallet's v4
 * positions on the wallet's chain — a wrong placement would be worse than a panel.
 *
 * Market and chain: the app's URLs carry no Spoke we could verify, so the page is "positions" of the
 * wallet's chain (`eth_chainId`), every v4 Spoke of that chain being a candidate.
 */
export function aaveProPageMarket(input: PageInput): PageMarket {
  const url = pageUrl(input.url);
  if (!url) return { view: 'other' };
  if (url.hostname !== 'pro.aave.com') return { view: 'other' };
  return { view: 'positions', ...(input.walletChainId ? { chainId: input.walletChainId } : {}) };
}

export const aavePro: SiteModule = {
  id: 'aave-pro',
  name: 'Aave Pro',
  hosts: ['pro.aave.com'],
  protocol: 'aave-v4',
  anchorConfidence: 'low',
  owns: (p) => p.protocol === 'aave-v4',
  // The URL names no Spoke: no position is "the market on this page".
  isPageMarket: () => false,
  pageMarket: aaveProPageMarket,
  findRows: (): RowAnchor[] => [],
  findHealthFactor: (): HealthAnchor | null => null,
};

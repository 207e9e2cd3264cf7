/** Links: to the dapps where the user acts, and the position id in the popup's own address. */
import type { Address } from 'viem';
import type { Position } from '@/lib/risk/index.ts';
import { descriptorOf } from '@/lib/protocols/descriptors.ts';
import { marketKey } from '@/lib/markets/key.ts';

export type DappLink = { url: string; label: string } | { url: null; reason: string };

/** The key (`lib/markets/key.ts`) of a market that came from a markets file (build or import). */
export const customMarketKey = marketKey;

/**
 * The dapp page where the user can act on this position. Markets from a markets file (a devnet, a fork,
 * a deployment the dapp may not list) get none: a link could open a different market of the same name.
 */
export function dappLink(position: Position, customMarkets: ReadonlySet<string>): DappLink {
  if (customMarkets.has(customMarketKey({ protocol: position.protocol, chainId: position.chainId, name: position.market }))) {
    return { url: null, reason: 'Custom market (from a markets file): no public app page to link to.' };
  }
  const link = descriptorOf(position.protocol).dappLink(position);
  if (link) return link;
  return { url: null, reason: 'No known app page for this market.' };
}

/** What a proposal asks the user to do in the app. */
export type AppAction = 'supply' | 'repay' | 'deleverage';

const ACTION_VERBS: Record<AppAction, string> = { supply: 'Supply', repay: 'Repay', deleverage: 'Repay with collateral' };

/**
 * The next real step for a proposal: the app's own page for that action where one exists (Aave's page
 * of the asset to supply, its dashboard with the Repay buttons; the market's page on Morpho and
 * Compound), labelled with the verb ("Repay on Aave"). Nothing where the market has no known app page.
 */
export function actionLink(position: Position, action: AppAction, asset: Address, customMarkets: ReadonlySet<string>): DappLink {
  const base = dappLink(position, customMarkets);
  if (base.url === null) return base;
  const app = base.label.replace(/^Open in /, '');
  const supplyPage = action === 'supply' ? descriptorOf(position.protocol).supplyPage?.(position, asset) : undefined;
  if (supplyPage) return { url: supplyPage, label: `Supply on ${app}` };
  return { url: base.url, label: `${ACTION_VERBS[action]} on ${app}` };
}

// ——— The id in links (notifications open `popup.html?position=<key>` or `#position=<key>`) ———

export function positionParam(location: { search: string; hash: string }): string | null {
  const fromSearch = new URLSearchParams(location.search).get('position');
  if (fromSearch) return fromSearch;
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash;
  return new URLSearchParams(hash).get('position');
}

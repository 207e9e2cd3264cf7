import { marketKey } from '../markets/key.ts';
import type { MarketsFile } from '../markets/types.ts';

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * What importing `file` would replace among the markets and chains that ship with the extension (the
 * built-in list and the build's markets file): a market of the same protocol, chain and name, and a
 * chain's RPC URLs. One line each, for the options page to show and ask about before anything is written.
 * Adding new chains and markets replaces nothing.
 */
export function importReplacements(file: MarketsFile, shipped: MarketsFile): string[] {
  const out: string[] = [];
  for (const c of file.chains) {
    const known = shipped.chains.find((k) => k.chainId === c.chainId);
    if (known && !sameList(known.rpcUrls, c.rpcUrls)) {
      out.push(`the RPC URLs of ${known.name} (chain ${c.chainId}): ${known.rpcUrls.join(', ')} → ${c.rpcUrls.join(', ')}`);
    }
  }
  const shippedMarkets = new Map(shipped.markets.map((m) => [marketKey(m), m]));
  for (const m of file.markets) {
    const known = shippedMarkets.get(marketKey(m));
    if (known && JSON.stringify(known) !== JSON.stringify(m)) out.push(`the built-in market ${known.name} (${known.protocol}, chain ${known.chainId})`);
  }
  return out;
}

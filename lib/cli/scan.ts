import { createClient, type Address } from 'viem';
import { parseAccount } from '../account-input.ts';
import type { ChainConfig, MarketConfig } from '../markets/types.ts';
import { HistoryBook, feedsOf, readFeedHistories } from '../oracle/history.ts';
import type { PricePoint } from '../oracle/estimate.ts';
import { report, type PositionReport } from '../risk/index.ts';
import { outlookFor } from '../risk/chance.ts';
import type { Position, ProtocolId } from '../core/types.ts';
import { defaultTransport, scan, type ScanError } from '../scan/index.ts';

export interface ScanPlan {
  chains: ChainConfig[];
  markets: MarketConfig[];
  accounts: string[];
  protocols?: ProtocolId[];
  chainIds?: number[];
  /** `--max-block-age`: a chain whose latest block is older is an error for that chain. */
  maxBlockAgeSeconds?: number;
}

/** Scan and turn positions into the contract's reports, in a stable order (account, chain, market). */
export async function runScan(plan: ScanPlan): Promise<{ reports: PositionReport[]; errors: ScanError[] }> {
  const accounts: Address[] = [...new Set(plan.accounts.map(parseAccount))];
  const { positions, errors } = await scan({ ...plan, accounts });
  const books = await historyBooks(plan.chains, positions);
  const order = new Map(accounts.map((a, i) => [a, i]));
  const reports = positions
    .map((p) => {
      const book = books.get(p.chainId) ?? new HistoryBook(new Map());
      const position = withFeedAges(p, book);
      return report(position, outlookFor(position, book.modelFor(position)));
    })
    .sort(
      (a, b) =>
        order.get(a.account as Address)! - order.get(b.account as Address)! ||
        a.chainId - b.chainId ||
        a.market.localeCompare(b.market),
    );
  return { reports, errors };
}

/**
 * Feed histories, once per chain per run (two batched requests per chain). A chain whose history cannot be
 * read still gets its reports, with assumed volatility classes.
 */
async function historyBooks(chains: readonly ChainConfig[], positions: readonly Position[]): Promise<Map<number, HistoryBook>> {
  const books = new Map<number, HistoryBook>();
  const chainIds = [...new Set(positions.map((p) => p.chainId))];
  await Promise.all(
    chainIds.map(async (chainId) => {
      const chain = chains.find((c) => c.chainId === chainId);
      const feeds = feedsOf(positions.filter((p) => p.chainId === chainId));
      let histories = new Map<string, PricePoint[]>();
      if (chain && feeds.length > 0) {
        try {
          histories = await readFeedHistories(createClient({ transport: defaultTransport(chain) }), feeds);
        } catch {
          // No history is no reason to fail the scan: the chance then uses assumed classes, labelled so.
        }
      }
      books.set(chainId, new HistoryBook(histories));
    }),
  );
  return books;
}

/** Where the reader could not date a price (a Morpho market seen for the first time), the history can. */
function withFeedAges(p: Position, book: HistoryBook): Position {
  if (!p.oracles?.some((o) => o.updatedAt === undefined && o.feeds.length > 0)) return p;
  return {
    ...p,
    oracles: p.oracles.map((o) => {
      if (o.updatedAt !== undefined || o.feeds.length === 0) return o;
      const ages = o.feeds.map((f) => book.lastUpdate(f.address));
      if (ages.some((a) => a === undefined)) return o;
      return { ...o, updatedAt: ages.reduce((m, a) => (a! < m! ? a : m)) };
    }),
  };
}

import { getAddress, type Address, type Client } from 'viem';
import { multicall, value, type Call } from '../protocols/shared/multicall.ts';
import { assumedCorrelation, assumedModel, assumedClass, type AssetModel, type AssumedClass, type PriceModel } from '../risk/chance.ts';
import type { Position } from '../core/types.ts';
import { aggregatorAbi, type RoundData } from '../protocols/shared/aggregator.ts';
import { composite, correlation, estimate, type PricePoint } from './estimate.ts';

/** Rounds read back from each feed's latest (≥ 200 so the estimate has something to stand on). */
export const HISTORY_ROUNDS = 256;

const CALLS_PER_ETH_CALL = 1_000;
const PHASE_SHIFT = 64n;
const AGGREGATOR_ROUND_MASK = (1n << PHASE_SHIFT) - 1n;

/**
 * Round history of Chainlink-style feeds, in two batched requests per chain (however many feeds):
 * every feed's `latestRoundData`, then `getRoundData` for the `rounds` ids before it. Proxies number
 * rounds `phaseId << 64 | aggregatorRoundId`, so the walk back stays inside the latest id's phase
 * (ids of an earlier phase are not consecutive with it). Rounds that revert or answer ≤ 0 are skipped;
 * a feed that is no aggregator simply yields no points.
 */
export async function readFeedHistories(
  client: Client,
  feeds: readonly Address[],
  opts: { rounds?: number } = {},
): Promise<Map<string, PricePoint[]>> {
  const rounds = BigInt(opts.rounds ?? HISTORY_ROUNDS);
  const unique = [...new Set(feeds.map((f) => getAddress(f)))];
  const out = new Map<string, PricePoint[]>();
  if (unique.length === 0) return out;
  const latest = await multicall(
    client,
    unique.map((f): Call => ({ address: f, abi: aggregatorAbi, functionName: 'latestRoundData' })),
  );
  const calls: Call[] = [];
  const owners: number[] = [];
  const points: PricePoint[][] = unique.map(() => []);
  unique.forEach((feed, i) => {
    const round = value<RoundData>(latest[i]);
    if (!round) return;
    const [id, answer, , updatedAt] = round;
    if (answer > 0n && updatedAt > 0n) points[i]!.push({ t: Number(updatedAt), p: Number(answer) });
    const phase = id >> PHASE_SHIFT;
    const agg = id & AGGREGATOR_ROUND_MASK;
    for (let r = agg - 1n; r >= 1n && r > agg - rounds; r--) {
      calls.push({ address: feed, abi: aggregatorAbi, functionName: 'getRoundData', args: [(phase << PHASE_SHIFT) | r] });
      owners.push(i);
    }
  });
  // In eth_calls of at most CALLS_PER_ETH_CALL rounds (a proxy's getRoundData costs ~10–15k gas; RPCs cap
  // an eth_call's gas), sent together: with JSON-RPC batching they still travel in one HTTP request.
  const chunks: Call[][] = [];
  for (let i = 0; i < calls.length; i += CALLS_PER_ETH_CALL) chunks.push(calls.slice(i, i + CALLS_PER_ETH_CALL));
  const answers = (await Promise.all(chunks.map((chunk) => multicall(client, chunk)))).flat();
  answers.forEach((a, j) => {
    const round = value<RoundData>(a);
    if (!round) return;
    const [, answer, , updatedAt] = round;
    if (answer > 0n && updatedAt > 0n) points[owners[j]!]!.push({ t: Number(updatedAt), p: Number(answer) });
  });
  unique.forEach((feed, i) => {
    const sorted = points[i]!.sort((a, b) => a.t - b.t);
    // Several rounds in one second keep the last: returns need time to pass.
    const clean = sorted.filter((p, k) => k + 1 === sorted.length || sorted[k + 1]!.t !== p.t);
    out.set(feed.toLowerCase(), clean);
  });
  return out;
}

/** Every feed the positions' oracles name (what `readFeedHistories` should read for them). */
export function feedsOf(positions: readonly Position[]): Address[] {
  return [...new Set(positions.flatMap((p) => (p.oracles ?? []).flatMap((o) => o.feeds.map((f) => getAddress(f.address)))))];
}

/**
 * Price models from feed histories: per position (an asset's price series depends on the oracle and the
 * quote unit — WETH in USD on Aave, WETH in USDC on a Morpho market), estimates memoized by feed set.
 */
export class HistoryBook {
  private readonly series = new Map<string, PricePoint[]>();
  private readonly models = new Map<string, AssetModel | undefined>();
  private readonly correlations = new Map<string, number>();
  private readonly histories: ReadonlyMap<string, PricePoint[]>;
  constructor(histories: ReadonlyMap<string, PricePoint[]>) {
    this.histories = histories;
  }

  /** The model the chance and the report use for this position. */
  modelFor(position: Position): PriceModel {
    const keyOf = new Map<string, string>();
    for (const o of position.oracles ?? []) {
      if (o.feeds.length === 0) continue;
      const key = o.feeds.map((f) => `${f.invert ? '/' : '*'}${f.address.toLowerCase()}`).join('');
      keyOf.set(o.asset.toLowerCase(), key);
      if (!this.series.has(key)) {
        const parts = o.feeds.map((f) => ({ points: this.histories.get(f.address.toLowerCase()) ?? [], invert: f.invert }));
        this.series.set(key, parts.some((p) => p.points.length === 0) ? [] : composite(parts));
      }
    }
    const model = (key: string | undefined) => {
      if (key === undefined) return undefined;
      if (!this.models.has(key)) {
        const e = estimate(this.series.get(key) ?? []);
        this.models.set(key, e && { ...e, source: 'history' });
      }
      return this.models.get(key);
    };
    const assumed = new Map<string, AssumedClass>();
    return {
      asset: (address, symbol) => {
        const m = model(keyOf.get(address.toLowerCase()));
        if (m) return m;
        const cls = assumedClass(symbol);
        assumed.set(address.toLowerCase(), cls);
        return assumedModel(cls);
      },
      correlation: (a, b) => {
        const ka = keyOf.get(a.toLowerCase());
        const kb = keyOf.get(b.toLowerCase());
        // Both assumed: by class. One from history and one assumed: nothing known of how they co-move.
        if (!model(ka) && !model(kb)) return a.toLowerCase() === b.toLowerCase() ? 1 : assumedCorrelation(assumed.get(a.toLowerCase()), assumed.get(b.toLowerCase()));
        if (!ka || !kb || !model(ka) || !model(kb)) return 0;
        if (ka === kb) return 1;
        const pair = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
        let c = this.correlations.get(pair);
        if (c === undefined) this.correlations.set(pair, (c = correlation(this.series.get(ka)!, this.series.get(kb)!)));
        return c;
      },
    };
  }

  /** The last update a feed history saw, where the reader could not tell (a market first seen). */
  lastUpdate(feed: string): bigint | undefined {
    const s = this.histories.get(feed.toLowerCase());
    return s && s.length > 0 ? BigInt(s[s.length - 1]!.t) : undefined;
  }
}

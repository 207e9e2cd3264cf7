// The descriptors, not the registry: each protocol's entry parser is pure, and the views that read imported
// files back from storage must not bundle the readers and address books (`lib/protocols/descriptors.ts`).
import { descriptorOf, protocolIds } from '../protocols/descriptors.ts';
import { array, chainId, fail, object, onlyKeys, text } from '../core/parse.ts';
import { rpcUrlProblem } from './rpc-url.ts';
import { marketKey } from './key.ts';
import type { ChainConfig, MarketConfig, MarketsFile } from './types.ts';

/**
 * Strict reader of the markets file (DESIGN.md, contract 1). Anything it does not know is an error that
 * names the offending key and where it sits, so a typo ("poolAddressProvider") cannot silently drop a
 * market. Addresses come back checksummed.
 */
export function parseMarketsFile(input: unknown, knownChains: readonly ChainConfig[] = [], opts: ParseOptions = {}): MarketsFile {
  const root = object(input, 'the markets file');
  onlyKeys(root, ['chains', 'markets'], 'the markets file');
  const chains = array(root.chains ?? [], 'chains').map((c, i) => parseChain(c, `chains[${i}]`, opts));
  const seen = new Set<number>();
  for (const [i, c] of chains.entries()) {
    if (seen.has(c.chainId)) fail(`chains[${i}]: chain ${c.chainId} is listed twice.`);
    seen.add(c.chainId);
  }
  const markets = array(root.markets ?? [], 'markets').map((m, i) => parseMarket(m, `markets[${i}]`));
  if (!opts.stored) rejectSameMarketTwice(markets);
  const chainIds = new Set([...chains, ...knownChains].map((c) => c.chainId));
  for (const [i, m] of markets.entries()) {
    if (!chainIds.has(m.chainId)) {
      fail(`markets[${i}]: chain ${m.chainId} is neither in "chains" nor a built-in chain.`);
    }
  }
  return { chains, markets };
}

/**
 * A market is known by its protocol, chain and name: that is what a file entry replaces a built-in market
 * by, and what names its positions, alerts and links. Two entries with the same three would silently
 * leave only one of them read, so the file is refused, naming both. (Stored imports accepted before this
 * rule are read as they were: the later entry wins.)
 */
function rejectSameMarketTwice(markets: readonly MarketConfig[]): void {
  const first = new Map<string, number>();
  for (const [i, m] of markets.entries()) {
    const key = marketKey(m);
    const j = first.get(key);
    if (j !== undefined) {
      fail(`markets[${j}] and markets[${i}] are both the ${m.protocol} market ${JSON.stringify(m.name)} on chain ${m.chainId}; give each market its own name.`);
    }
    first.set(key, i);
  }
}

/** A markets file is a few kB; far more is a mistake (or an attack) that would only exhaust memory. */
export const MAX_MARKETS_FILE_BYTES = 1024 * 1024;

/** Parse JSON text, turning a syntax error into the same one-line error kind. */
export function parseMarketsFileText(text: string, knownChains: readonly ChainConfig[] = []): MarketsFile {
  if (text.length > MAX_MARKETS_FILE_BYTES) fail(`it is larger than ${MAX_MARKETS_FILE_BYTES / 1024 / 1024} MB.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`The markets file is not valid JSON (${(error as Error).message}).`);
  }
  return parseMarketsFile(json, knownChains);
}

export interface ParseOptions {
  /**
   * Reading back a file accepted earlier (stored imports): RPC URLs are held to the rule they were accepted
   * under (http(s) only), not the stricter one for new input — what the user set is never dropped on read.
   */
  stored?: boolean;
}

function parseChain(input: unknown, where: string, opts: ParseOptions): ChainConfig {
  const c = object(input, where);
  onlyKeys(c, ['chainId', 'name', 'rpcUrls'], where);
  const rpcUrls = array(c.rpcUrls, `${where}.rpcUrls`).map((u, i) => (opts.stored ? storedUrl(u, `${where}.rpcUrls[${i}]`) : url(u, `${where}.rpcUrls[${i}]`)));
  if (rpcUrls.length === 0) fail(`${where}.rpcUrls: give at least one RPC URL.`);
  return { chainId: chainId(c.chainId, `${where}.chainId`), name: text(c.name, `${where}.name`), rpcUrls };
}

function parseMarket(input: unknown, where: string): MarketConfig {
  const m = object(input, where);
  const common = { chainId: chainId(m.chainId, `${where}.chainId`), name: text(m.name, `${where}.name`) };
  const protocol = protocolIds.find((id) => id === m.protocol);
  if (protocol === undefined) {
    const expected = protocolIds.map((id) => JSON.stringify(id));
    return fail(
      `${where}.protocol: unknown protocol ${JSON.stringify(m.protocol)} (expected ${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}).`,
    );
  }
  const { entry } = descriptorOf(protocol);
  onlyKeys(m, ['protocol', 'chainId', 'name', ...entry.keys], where);
  // The adapter builds its own config type; the registry ties `protocol` to that adapter.
  return entry.parse(m, { protocol, ...common }, where) as MarketConfig;
}

/** A new RPC URL: the one rule of `./rpc-url.ts` (shared with the options page). */
function url(v: unknown, where: string): string {
  const problem = rpcUrlProblem(v);
  if (problem) fail(`${where}: ${typeof v === 'string' ? JSON.stringify(v.slice(0, 100)) : 'the value'}: ${problem}.`);
  return v as string;
}

/** An RPC URL read back from storage: held to the rule it was accepted under (http(s) only). */
function storedUrl(v: unknown, where: string): string {
  if (typeof v !== 'string' || !/^https?:\/\//i.test(v)) fail(`${where} must be an http(s) URL.`);
  return v;
}

import { getAddress, isAddress, type Address, type Hex } from 'viem';
import { GuardError } from '../errors.ts';
import { rpcUrlProblem } from './rpc-url.ts';
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
  const chainIds = new Set([...chains, ...knownChains].map((c) => c.chainId));
  for (const [i, m] of markets.entries()) {
    if (!chainIds.has(m.chainId)) {
      fail(`markets[${i}]: chain ${m.chainId} is neither in "chains" nor a built-in chain.`);
    }
  }
  return { chains, markets };
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
  switch (m.protocol) {
    case 'aave-v3':
      onlyKeys(m, ['protocol', 'chainId', 'name', 'poolAddressesProvider', 'uiPoolDataProvider'], where);
      return {
        protocol: 'aave-v3',
        ...common,
        poolAddressesProvider: address(m.poolAddressesProvider, `${where}.poolAddressesProvider`),
        ...(m.uiPoolDataProvider === undefined
          ? {}
          : { uiPoolDataProvider: address(m.uiPoolDataProvider, `${where}.uiPoolDataProvider`) }),
      };
    case 'morpho-blue': {
      onlyKeys(m, ['protocol', 'chainId', 'name', 'morpho', 'marketIds'], where);
      const marketIds = array(m.marketIds, `${where}.marketIds`).map((id, i) => {
        if (typeof id !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(id)) {
          fail(`${where}.marketIds[${i}]: a market id is 0x followed by 64 hex digits.`);
        }
        return id.toLowerCase() as Hex;
      });
      return { protocol: 'morpho-blue', ...common, morpho: address(m.morpho, `${where}.morpho`), marketIds };
    }
    case 'compound-v3':
      onlyKeys(m, ['protocol', 'chainId', 'name', 'comet'], where);
      return { protocol: 'compound-v3', ...common, comet: address(m.comet, `${where}.comet`) };
    default:
      return fail(
        `${where}.protocol: unknown protocol ${JSON.stringify(m.protocol)} (expected "aave-v3", "morpho-blue" or "compound-v3").`,
      );
  }
}

function fail(message: string): never {
  throw new GuardError('invalid-markets-file', `Invalid markets file: ${message}`);
}

function object(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${where} must be an object.`);
  return v as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, allowed: string[], where: string) {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) fail(`unknown key "${key}" in ${where} (allowed: ${allowed.join(', ')}).`);
  }
}

function array(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) fail(`${where} must be an array.`);
  return v;
}

function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > 100) fail(`${where} must be a non-empty string (at most 100 characters).`);
  return v.trim();
}

function chainId(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) fail(`${where} must be a positive integer.`);
  return v;
}

function address(v: unknown, where: string): Address {
  // Mixed-case input must carry a valid EIP-55 checksum; all-lower/upper is accepted as is.
  if (typeof v !== 'string' || !isAddress(v, { strict: true })) fail(`${where}: ${JSON.stringify(v)} is not a valid address.`);
  return getAddress(v);
}

function storedUrl(v: unknown, where: string): string {
  if (typeof v !== 'string' || !/^https?:\/\//i.test(v)) fail(`${where} must be an http(s) URL.`);
  return v;
}

function url(v: unknown, where: string): string {
  const problem = rpcUrlProblem(v);
  if (problem) fail(`${where}: ${typeof v === 'string' ? JSON.stringify(v.slice(0, 100)) : 'the value'}: ${problem}.`);
  return v as string;
}

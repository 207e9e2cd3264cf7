import type { ChainErrorKind } from '../snapshot/types.ts';

/**
 * Talking to an RPC before trusting it. Every refresh first asks each configured endpoint, in order,
 * for `eth_chainId`; the first that answers *with the configured chain id* is the one the refresh reads
 * from. So a fallback never silently lands on an endpoint of another chain (a mis-pasted URL, a fork on
 * the wrong port), whose numbers would look plausible and be wrong.
 *
 * Raw `fetch` rather than viem here: the point is to tell the failures apart (down, slow, 429, garbage,
 * wrong chain) and say which one it was; a client library folds them into one error type.
 */
export class RpcError extends Error {
  override name = 'RpcError';
  readonly kind: ChainErrorKind;
  constructor(kind: ChainErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** A JSON-RPC reply larger than this to `eth_chainId` is not an RPC. */
const MAX_PREFLIGHT_BODY_CHARS = 10_000;

export interface ProbeResult {
  chainId: number;
  latencyMs: number;
}

/** Ask one endpoint for its chain id; throws `RpcError` saying what went wrong. */
export async function probeChainId(url: string, timeoutMs: number, fetchFn: typeof fetch = fetch): Promise<ProbeResult> {
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  let body: string;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: controller.signal,
      // No cookies or auth to an RPC: it only gets the request itself.
      credentials: 'omit',
    });
    body = await response.text();
  } catch (error) {
    if (controller.signal.aborted) throw new RpcError('timeout', `${host(url)}: no answer within ${Math.round(timeoutMs / 1000)} s`);
    throw new RpcError('unreachable', `${host(url)}: unreachable (${(error as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 429) throw new RpcError('rate-limited', `${host(url)}: rate limited (HTTP 429)`);
  if (!response.ok) throw new RpcError('unreachable', `${host(url)}: HTTP ${response.status}`);
  let json: unknown;
  try {
    json = body.length > MAX_PREFLIGHT_BODY_CHARS ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  const result = (json as { result?: unknown } | undefined)?.result;
  if (typeof result !== 'string' || !/^0x[0-9a-fA-F]{1,16}$/.test(result)) {
    const rpcError = (json as { error?: { message?: unknown } } | undefined)?.error?.message;
    throw new RpcError(
      'bad-response',
      typeof rpcError === 'string' ? `${host(url)}: ${rpcError.slice(0, 200)}` : `${host(url)}: not a JSON-RPC answer`,
    );
  }
  return { chainId: Number.parseInt(result.slice(2), 16), latencyMs: Date.now() - started };
}

export interface ChosenRpc {
  url: string;
  latencyMs: number;
}

/**
 * The first endpoint, in the user's order, that answers with `expectedChainId`. Throws the most telling
 * failure when none does (wrong chain beats rate limit beats timeout beats unreachable: the earlier ones
 * need the user to fix a URL, the later ones may pass by themselves).
 */
export async function chooseRpc(urls: string[], expectedChainId: number, timeoutMs: number, fetchFn?: typeof fetch): Promise<ChosenRpc> {
  const failures: RpcError[] = [];
  for (const url of urls) {
    try {
      const probe = await probeChainId(url, timeoutMs, fetchFn);
      if (probe.chainId === expectedChainId) return { url, latencyMs: probe.latencyMs };
      failures.push(new RpcError('wrong-chain', `${host(url)}: serves chain ${probe.chainId}, not ${expectedChainId}`));
    } catch (error) {
      failures.push(error instanceof RpcError ? error : new RpcError('unreachable', `${host(url)}: ${(error as Error).message}`));
    }
  }
  if (failures.length === 0) throw new RpcError('unreachable', 'no RPC URL configured');
  const rank: ChainErrorKind[] = ['wrong-chain', 'bad-response', 'rate-limited', 'timeout', 'unreachable', 'read-failed'];
  failures.sort((a, b) => rank.indexOf(a.kind) - rank.indexOf(b.kind));
  const first = failures[0]!;
  const others = failures.length > 1 ? ` (+${failures.length - 1} more URL${failures.length > 2 ? 's' : ''} failed)` : '';
  throw new RpcError(first.kind, `${first.message}${others}`);
}

/** Where an error happened, without the path or query (API keys live there). */
export function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'RPC';
  }
}

/** Best-effort category for an error message from the reader (viem's messages). */
export function classifyMessage(message: string): ChainErrorKind {
  if (/\b429\b|rate.?limit|too many requests/i.test(message)) return 'rate-limited';
  if (/took too long|timed? ?out/i.test(message)) return 'timeout';
  if (/failed to fetch|fetch failed|network|ECONNREFUSED|unreachable|did not answer/i.test(message)) return 'unreachable';
  if (/JSON|Unexpected token|not valid/i.test(message)) return 'bad-response';
  return 'read-failed';
}

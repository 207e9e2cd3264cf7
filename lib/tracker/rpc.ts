import { GuardError, type GuardErrorCode } from '../errors.ts';

/**
 * Asking one endpoint for its chain id with raw `fetch`, telling the failures apart (down, slow, 429, 5xx,
 * garbage, wrong chain): the options page's "Test" button and the ENS lookup use it. Refreshes need no such
 * preflight any more: the chain id is read in the same batch as the positions (see `lib/scan`).
 */

/** A JSON-RPC reply larger than this to `eth_chainId` is not an RPC. */
const MAX_PREFLIGHT_BODY_CHARS = 10_000;

export interface ProbeResult {
  chainId: number;
  latencyMs: number;
}

/** Ask one endpoint for its chain id; throws a `GuardError` whose code says what went wrong. */
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
    if (controller.signal.aborted) throw new GuardError('rpc-timeout', `${host(url)}: no answer within ${Math.round(timeoutMs / 1000)} s`);
    throw new GuardError('rpc-unreachable', `${host(url)}: unreachable (${(error as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 429) throw new GuardError('rpc-rate-limited', `${host(url)}: rate limited (HTTP 429)`);
  if (!response.ok) throw new GuardError('rpc-server-error', `${host(url)}: server error (HTTP ${response.status})`);
  let json: unknown;
  try {
    json = body.length > MAX_PREFLIGHT_BODY_CHARS ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  const result = (json as { result?: unknown } | undefined)?.result;
  if (typeof result !== 'string' || !/^0x[0-9a-fA-F]{1,16}$/.test(result)) {
    const rpcError = (json as { error?: { message?: unknown } } | undefined)?.error?.message;
    throw new GuardError(
      rpcError === undefined ? 'rpc-garbage' : 'rpc-server-error',
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
  const failures: GuardError[] = [];
  for (const url of urls) {
    try {
      const probe = await probeChainId(url, timeoutMs, fetchFn);
      if (probe.chainId === expectedChainId) return { url, latencyMs: probe.latencyMs };
      failures.push(new GuardError('wrong-chain', `${host(url)}: serves chain ${probe.chainId}, not ${expectedChainId}`));
    } catch (error) {
      failures.push(error instanceof GuardError ? error : new GuardError('rpc-unreachable', `${host(url)}: ${(error as Error).message}`));
    }
  }
  throw mostTelling(failures);
}

/** Where an error happened, without the path or query (API keys live there). */
export function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'RPC';
  }
}

/**
 * Of the failures of every URL of a chain, the one to show, with how many more failed: wrong chain beats
 * a lagging node beats garbage beats a server error beats a rate limit beats timeout beats unreachable
 * (the earlier ones need the user to fix a URL, the later ones may pass by themselves).
 */
export function mostTelling(failures: readonly GuardError[]): GuardError {
  if (failures.length === 0) return new GuardError('rpc-unreachable', 'no RPC URL configured');
  const rank: GuardErrorCode[] = ['wrong-chain', 'stale-block', 'rpc-garbage', 'rpc-server-error', 'rpc-rate-limited', 'rpc-timeout', 'rpc-unreachable'];
  const order = (e: GuardError) => (rank.includes(e.code) ? rank.indexOf(e.code) : rank.length);
  const first = [...failures].sort((a, b) => order(a) - order(b))[0]!;
  const others = failures.length > 1 ? ` (+${failures.length - 1} more URL${failures.length > 2 ? 's' : ''} failed)` : '';
  return new GuardError(first.code, `${first.shortMessage}${others}`, { cause: first });
}

/**
 * One error type for the whole core, after viem's BaseError: a one-line `shortMessage` a CLI or a UI can
 * show as is, optional `details`, the original `cause`, and a `code` saying what kind of failure it is, so
 * every layer (scan, snapshot, tracker, views, CLI) acts on the kind without guessing it back from text.
 * Boundaries (reader, CLI, background) wrap unknown errors into it (`asGuardError` in
 * `lib/protocols/shared/classify.ts` for what viem throws).
 */
export type GuardErrorCode =
  // the user's input
  | 'invalid-input'
  | 'invalid-markets-file'
  // the RPC endpoint
  | 'rpc-unreachable' // connection refused, DNS, CORS, network down
  | 'rpc-timeout' // no answer within the RPC timeout
  | 'rpc-rate-limited' // HTTP 429 or a JSON-RPC "limit exceeded"
  | 'rpc-server-error' // HTTP 5xx (or another non-2xx status), or a JSON-RPC error object
  | 'rpc-garbage' // 2xx, but not JSON-RPC (an HTML page, a cut-off body)
  | 'wrong-chain' // the endpoint serves another chain than the one configured
  | 'stale-block' // the endpoint's latest block is too old, or older than one read before: it lags
  // the contracts
  | 'contract-reverted' // a call the reader needs reverted (or hit an address without code)
  | 'bad-data' // a contract answered, but with something the reader cannot use
  // the engine
  | 'simulation';

/** Every code, in the order above; `satisfies` keeps the list and the union the same set. */
export const GUARD_ERROR_CODES = [
  'invalid-input',
  'invalid-markets-file',
  'rpc-unreachable',
  'rpc-timeout',
  'rpc-rate-limited',
  'rpc-server-error',
  'rpc-garbage',
  'wrong-chain',
  'stale-block',
  'contract-reverted',
  'bad-data',
  'simulation',
] as const satisfies readonly GuardErrorCode[];
type MissingCode = Exclude<GuardErrorCode, (typeof GUARD_ERROR_CODES)[number]>;
const everyCodeListed: [MissingCode] extends [never] ? true : never = true;
void everyCodeListed;

/** The codes that describe the endpoint rather than the contracts: another URL may do better. */
export const ENDPOINT_ERROR_CODES: readonly GuardErrorCode[] = GUARD_ERROR_CODES.slice(
  GUARD_ERROR_CODES.indexOf('rpc-unreachable'),
  GUARD_ERROR_CODES.indexOf('stale-block') + 1,
);

export class GuardError extends Error {
  override name = 'GuardError';
  readonly code: GuardErrorCode;
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(code: GuardErrorCode, shortMessage: string, opts: { cause?: unknown; details?: string } = {}) {
    super(opts.details ? `${shortMessage}\n\nDetails: ${opts.details}` : shortMessage, { cause: opts.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = opts.details;
  }
}

/** What the user can do about each kind of failure, shown beside the message (the views act on the code). */
export const ERROR_ADVICE: Readonly<Record<GuardErrorCode, string>> = {
  'invalid-input': 'Check the input.',
  'invalid-markets-file': 'Fix the markets file.',
  'rpc-unreachable': 'The network or the RPC is down; add another RPC URL for this chain in the options.',
  'rpc-timeout': 'The RPC is too slow; add a faster RPC URL for this chain in the options.',
  'rpc-rate-limited': 'The RPC limits how often we may ask; add another RPC URL (your own key) in the options.',
  'rpc-server-error': 'The RPC is failing; add another RPC URL for this chain in the options.',
  'rpc-garbage': 'The URL does not answer as an RPC; check it in the options.',
  'wrong-chain': 'The RPC URL points at another chain; fix it in the options.',
  'stale-block': 'The RPC is behind the chain, so its numbers are old; add another RPC URL in the options.',
  'contract-reverted': 'A contract refused the read (not a network problem); the other markets are read as usual.',
  'bad-data': 'A contract answered something unusable (not a network problem); the other markets are read as usual.',
  simulation: 'This cannot be simulated.',
};

export function isEndpointError(code: GuardErrorCode): boolean {
  return ENDPOINT_ERROR_CODES.includes(code);
}

/** The first line of whatever was thrown, for one-line messages. */
export function oneLine(error: unknown): string {
  if (error instanceof GuardError) return error.shortMessage;
  const e = error as { shortMessage?: unknown; message?: unknown };
  const text = typeof e?.shortMessage === 'string' ? e.shortMessage : typeof e?.message === 'string' ? e.message : String(error);
  return text.split('\n')[0]!.trim();
}

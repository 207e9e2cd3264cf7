/**
 * One error type for the whole core, after viem's BaseError: a one-line `shortMessage` a CLI or a UI can
 * show as is, optional `details`, and the original `cause`. Boundaries (CLI, background) wrap unknown
 * errors into it so every failure reaches the user as one clear line.
 */
export type GuardErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_MARKETS_FILE'
  | 'RPC_UNREACHABLE'
  | 'RPC_MISMATCH'
  | 'PROTOCOL_READ'
  | 'SIMULATION';

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

/** The first line of whatever was thrown, for one-line messages. */
export function oneLine(error: unknown): string {
  if (error instanceof GuardError) return error.shortMessage;
  const e = error as { shortMessage?: unknown; message?: unknown };
  const text = typeof e?.shortMessage === 'string' ? e.shortMessage : typeof e?.message === 'string' ? e.message : String(error);
  return text.split('\n')[0]!.trim();
}

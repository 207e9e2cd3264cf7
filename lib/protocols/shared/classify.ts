import {
  AbiDecodingDataSizeTooSmallError,
  AbiDecodingZeroDataError,
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  ExecutionRevertedError,
  HttpRequestError,
  LimitExceededRpcError,
  ResponseBodyTooLargeError,
  RpcRequestError,
  TimeoutError,
} from 'viem';
import { GuardError, oneLine, type GuardErrorCode } from '../../errors.ts';

/**
 * What viem threw, as a `GuardError` whose `code` says what failed. Decided from viem's error classes and
 * the HTTP status they carry (walking `cause`), never from message text: a revert is not "the RPC is down",
 * a 429 is not a 500, and an HTML error page is neither.
 */
export function asGuardError(error: unknown, fallback: GuardErrorCode = 'bad-data'): GuardError {
  if (error instanceof GuardError) return error;
  const code = classify(error) ?? fallback;
  return new GuardError(code, message(code, error).slice(0, 500), { cause: error });
}

/** One line a user can act on: the kind first, then what viem said (its request body and URL left out). */
function message(code: GuardErrorCode, error: unknown): string {
  const status = error instanceof BaseError ? (error.walk((e) => e instanceof HttpRequestError || e instanceof RpcRequestError) as { status?: number } | null)?.status : undefined;
  const rpc = error instanceof BaseError ? (error.walk((e) => e instanceof RpcRequestError) as RpcRequestError | null) : null;
  switch (code) {
    case 'rpc-rate-limited':
      return `The RPC is rate limiting requests${status ? ` (HTTP ${status})` : ''}: try again later or add another RPC URL.`;
    case 'rpc-server-error':
      return rpc
        ? `The RPC answered with an error${status ? ` (HTTP ${status})` : ''}: ${oneLine(rpc.details || rpc.shortMessage)}`
        : `The RPC failed with HTTP ${status ?? 'error'} (a server error, not an answer).`;
    case 'rpc-garbage':
      return 'The RPC answered with something that is not JSON-RPC (an HTML page or a cut-off body).';
    default:
      return `${PREFIX[code] ?? ''}${oneLine(error)}`;
  }
}

/** The code of a viem error, or undefined when it is none of the kinds we tell apart. */
export function classify(error: unknown): GuardErrorCode | undefined {
  if (!(error instanceof BaseError)) {
    if (error instanceof GuardError) return error.code;
    return undefined;
  }
  const found = (Class: abstract new (...args: never[]) => unknown) => error.walk((e) => e instanceof Class) as BaseError | null;
  // Order matters: a reverted eth_call arrives as CallExecutionError > RpcRequestError > ExecutionRevertedError.
  if (found(ExecutionRevertedError) || found(ContractFunctionRevertedError)) return 'contract-reverted';
  if (found(ContractFunctionZeroDataError) || found(AbiDecodingZeroDataError)) return 'contract-reverted';
  if (found(TimeoutError)) return 'rpc-timeout';
  if (found(LimitExceededRpcError)) return 'rpc-rate-limited';
  if (found(ResponseBodyTooLargeError)) return 'rpc-garbage';
  const http = found(HttpRequestError) as HttpRequestError | null;
  if (http) {
    if (http.status === 429) return 'rpc-rate-limited';
    if (http.status !== undefined) return 'rpc-server-error';
    // No status: either fetch itself failed (no connection) or the 2xx body was not JSON.
    if (http.walk((e) => e instanceof SyntaxError)) return 'rpc-garbage';
    return 'rpc-unreachable';
  }
  const rpc = found(RpcRequestError) as RpcRequestError | null;
  if (rpc) {
    if (rpc.status === 429 || rpc.code === LimitExceededRpcError.code) return 'rpc-rate-limited';
    return 'rpc-server-error';
  }
  if (found(AbiDecodingDataSizeTooSmallError)) return 'bad-data';
  // An answer that is not a batch answer ("Expected 3 responses to batch request.") is garbage too.
  if (error.walk((e) => e instanceof SyntaxError)) return 'rpc-garbage';
  return undefined;
}

/** Said before viem's own line, so the user reads what kind of failure it was first. */
const PREFIX: Partial<Record<GuardErrorCode, string>> = {
  'rpc-unreachable': 'The RPC did not answer: ',
  'rpc-timeout': 'The RPC did not answer in time: ',
  'contract-reverted': 'A contract call reverted: ',
};

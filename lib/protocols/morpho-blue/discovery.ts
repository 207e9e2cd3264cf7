import { getAddress, type Address, type Client, type Hex } from 'viem';
import { getBlockNumber, getLogs } from 'viem/actions';
import { GuardError } from '../../errors.ts';
import { supplyCollateralEvent } from './abi.ts';

/**
 * Which Morpho Blue markets an account uses, found from the chain itself.
 *
 * Morpho Blue is permissionless: anyone creates a market (any pair, oracle and enabled LLTV), so no list of
 * markets is complete, and the risky positions are often in the long tail (high-LLTV pairs). Options weighed:
 *
 * - A curated list (e.g. the top markets by TVL). No maintained npm package ships one: `@morpho-org/blue-sdk`
 *   carries contract addresses and deployment blocks only, and `@morpho-org/blue-api-sdk` is a client for
 *   Morpho's GraphQL API — a third-party server that would learn every watched address and becomes a second
 *   point of failure. A list also misses exactly the long-tail markets, and reading every listed market for
 *   every account grows the multicall as markets × accounts.
 * - A log scan (chosen). Every position with collateral or debt went through `supplyCollateral` with the
 *   account as `onBehalf` (borrowing needs collateral first; withdrawing all collateral needs zero debt; a
 *   liquidation that seizes the last collateral also clears the debt), and `SupplyCollateral` indexes
 *   `onBehalf`. So one `eth_getLogs` filtered on topic 3 = [account₁, account₂, …] over Morpho's history
 *   names every market any watched account may hold. Exact, and it needs only the user's own RPC. The cost:
 *   public RPCs cap `eth_getLogs` ranges (10k–50k blocks is common; some allow any range when few logs
 *   match), and Morpho's history is millions of blocks. Hence the scan is bounded and resumable: each call
 *   spends at most `maxRequests` requests, splits a range the RPC refuses (halving down to `minBlockRange`),
 *   widens again after successes but stays below the narrowest range ever refused (kept in the state, so the
 *   limit is probed once, not on every refresh), and returns a `MorphoDiscoveryState` to continue from.
 *   New blocks are scanned first (cheap, one request), then history backward from the head, so recently
 *   active positions are found first. Until `complete`, results are partial: callers should say so.
 * - Both: market ids given in a markets file (or any config) are always read, scan or not. The scan only
 *   adds markets for deployments configured without ids (the built-in Ethereum and Base entries).
 *
 * The candidates found are then read by `readMorphoPositions`, which drops markets where the account's
 * position is empty (repaid and withdrawn).
 */
export interface MorphoDiscoveryState {
  morpho: Address;
  /** Per account (checksummed): what has been scanned and what was found. */
  accounts: Record<Address, AccountScan>;
  /**
   * The widest range this RPC refused (blocks), once one was refused: later requests stay below it instead
   * of probing the limit again on every call. Undefined while the RPC took every range asked.
   */
  refusedRange?: bigint;
  /** The range of the last successful request, where the next call starts. */
  blockRange?: bigint;
}

export interface AccountScan {
  /** Lowest block of the scanned window [scannedFrom, scannedTo]; equals the start block once history is done. */
  scannedFrom: bigint;
  /** Highest block scanned. */
  scannedTo: bigint;
  /** Market ids (lower-case) with a `SupplyCollateral` on behalf of the account in the scanned window. */
  marketIds: Hex[];
}

export interface DiscoverMorphoMarketsParameters {
  morpho: Address;
  accounts: readonly Address[];
  /** First block to scan (Morpho's deployment block; 0 when unknown). */
  fromBlock: bigint;
  /** Last block to scan (default: the latest block). */
  toBlock?: bigint;
  /** The state returned by the previous call, to resume from. */
  state?: MorphoDiscoveryState;
  /** Most eth_getLogs requests this call may make (default 8). */
  maxRequests?: number;
  /** Largest range tried in one request (default: the whole remaining range). */
  maxBlockRange?: bigint;
  /** Smallest range before a refusal is treated as an RPC failure (default 1,000 blocks). */
  minBlockRange?: bigint;
}

export interface DiscoverMorphoMarketsReturnType {
  state: MorphoDiscoveryState;
  /** Per requested account, the market ids found so far. */
  marketIds: Record<Address, Hex[]>;
  /** True when every requested account's window covers [fromBlock, toBlock]. */
  complete: boolean;
  /** eth_getLogs (+ eth_blockNumber) requests made by this call. */
  requests: number;
  toBlock: bigint;
}

export const DEFAULT_DISCOVERY_MAX_REQUESTS = 8;
export const DEFAULT_DISCOVERY_MIN_BLOCK_RANGE = 1_000n;
/** Blocks below the last scanned head that are scanned again (reorgs on Ethereum and Base are far shorter). */
export const REORG_MARGIN_BLOCKS = 32n;

/** Scan `SupplyCollateral` logs for the accounts; see the module comment for the strategy and its limits. */
export async function discoverMorphoMarkets(
  client: Client,
  params: DiscoverMorphoMarketsParameters,
): Promise<DiscoverMorphoMarketsReturnType> {
  const morpho = getAddress(params.morpho);
  const accounts = [...new Set(params.accounts.map((a) => getAddress(a)))];
  const maxRequests = params.maxRequests ?? DEFAULT_DISCOVERY_MAX_REQUESTS;
  const minRange = params.minBlockRange ?? DEFAULT_DISCOVERY_MIN_BLOCK_RANGE;
  let requests = 0;
  let toBlock = params.toBlock;
  if (toBlock === undefined) {
    toBlock = await getBlockNumber(client, { cacheTime: 0 });
    requests++;
  }
  const previous = params.state && getAddress(params.state.morpho) === morpho ? params.state.accounts : {};
  const scans: Record<Address, AccountScan> = { ...previous };
  for (const account of accounts) {
    const prev = scans[account];
    // An account never scanned starts with an empty window just above the head: new blocks are then
    // nothing, and history is all of [fromBlock, toBlock].
    scans[account] = prev ? { ...prev, marketIds: [...prev.marketIds] } : { scannedFrom: toBlock + 1n, scannedTo: toBlock, marketIds: [] };
  }
  const sameRpc = params.state && getAddress(params.state.morpho) === morpho ? params.state : undefined;
  let refused = sameRpc?.refusedRange;
  const widest = (): bigint => {
    const cap = params.maxBlockRange ?? toBlock - params.fromBlock + 1n;
    return refused !== undefined && refused - 1n < cap ? refused - 1n : cap;
  };
  let range = sameRpc?.blockRange ?? widest();

  /** Scan [from, to] from the top down in chunks of `range`; returns the lowest block covered (to + 1: none). */
  const scanDown = async (group: Address[], from: bigint, to: bigint): Promise<bigint> => {
    let top = to;
    while (top >= from && requests < maxRequests) {
      const span = range < widest() ? range : widest();
      const bottom = top - span + 1n > from ? top - span + 1n : from;
      try {
        requests++;
        const logs = await getLogs(client, {
          address: morpho,
          event: supplyCollateralEvent,
          args: { onBehalf: group },
          fromBlock: bottom,
          toBlock: top,
          strict: true,
        });
        for (const log of logs) {
          const scan = scans[getAddress(log.args.onBehalf)];
          const id = log.args.id.toLowerCase() as Hex;
          if (scan && !scan.marketIds.includes(id)) scan.marketIds.push(id);
        }
        top = bottom - 1n;
        range = span * 2n; // the RPC took it: try wider next time, up to below what it refused before
      } catch (error) {
        const tried = top - bottom + 1n;
        if (tried <= minRange) {
          throw new GuardError('bad-data', `The RPC refused eth_getLogs even over ${tried} blocks while looking for Morpho markets.`, { cause: error });
        }
        // Too wide for this RPC (or too many logs in it): remember, and halve.
        if (refused === undefined || tried < refused) refused = tried;
        range = tried / 2n > minRange ? tried / 2n : minRange;
      }
    }
    return top + 1n;
  };

  // 1. New blocks since each account's last scan (grouped by where they stopped, usually one group), plus
  //    the last REORG_MARGIN_BLOCKS again: a log the head dropped and a reorg put back lower is not missed.
  for (const [scannedTo, group] of groupBy(accounts, (a) => scans[a]!.scannedTo)) {
    if (scannedTo >= toBlock || requests >= maxRequests) continue;
    const start = scannedTo + 1n - REORG_MARGIN_BLOCKS > params.fromBlock ? scannedTo + 1n - REORG_MARGIN_BLOCKS : params.fromBlock;
    const reached = await scanDown(group, start, toBlock);
    // Only a gap-free window is recorded: if new blocks were not finished, nothing moves.
    if (reached <= start) {
      for (const a of group) {
        const scan = scans[a]!;
        scan.scannedTo = toBlock;
        if (scan.scannedFrom > scan.scannedTo) scan.scannedFrom = toBlock + 1n;
      }
    }
  }
  // 2. History, backward from each window's low end.
  for (const [scannedFrom, group] of groupBy(accounts, (a) => scans[a]!.scannedFrom)) {
    if (scannedFrom <= params.fromBlock || requests >= maxRequests) continue;
    if (group.some((a) => scans[a]!.scannedTo < toBlock)) continue; // new blocks first
    const reached = await scanDown(group, params.fromBlock, scannedFrom - 1n);
    for (const a of group) scans[a]!.scannedFrom = reached;
  }

  const complete = accounts.every((a) => scans[a]!.scannedFrom <= params.fromBlock && scans[a]!.scannedTo >= toBlock);
  const marketIds = Object.fromEntries(accounts.map((a) => [a, [...scans[a]!.marketIds]])) as Record<Address, Hex[]>;
  const state: MorphoDiscoveryState = { morpho, accounts: scans, blockRange: range };
  if (refused !== undefined) state.refusedRange = refused;
  return { state, marketIds, complete, requests, toBlock };
}

function groupBy<K>(items: readonly Address[], key: (a: Address) => K): Map<K, Address[]> {
  const groups = new Map<K, Address[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

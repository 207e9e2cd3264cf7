import { getAddress, parseAbi, type Address } from 'viem';
import { aggregatorAbi, updatedAtOf } from '../shared/aggregator.ts';
import type { OracleRef, Position } from '../../core/types.ts';
import type { AaveInterestState, AaveReserveInterest } from './config.ts';
import type { CallBatch, CallHandle } from '../shared/batch.ts';
import type { AaveBalanceRounding } from './tokens.ts';
import { compoundedBinomial, compoundedTaylor, rayMul } from './accrue.ts';

/**
 * What `lib/risk/accrue` and the chance estimate need from an Aave v3 market, read in the reader's own two
 * requests (calls appended, nothing reordered): the oracle source of every reserve in request 1, and in
 * request 2 the stable-debt terms where there is stable debt and each used source's `latestRoundData` (the
 * price's age). The scaled balances and the Pool's normalized variable debt (which tells the release's
 * compounding formula) come from the reader's own reads.
 */
export const aaveInterestAbi = parseAbi([
  'function scaledBalanceOf(address) view returns (uint256)',
  'function principalBalanceOf(address) view returns (uint256)',
  'function getUserStableRate(address) view returns (uint256)',
  'function getUserLastUpdated(address) view returns (uint40)',
  'function getSourceOfAsset(address) view returns (address)',
  'function getReserveNormalizedVariableDebt(address) view returns (uint256)',
]);

export interface ReserveRates {
  liquidityIndex: bigint;
  currentLiquidityRate: bigint;
  variableBorrowIndex: bigint;
  currentVariableBorrowRate: bigint;
  lastUpdateTimestamp: number;
}

/** Each reserve's oracle source (`AaveOracle.getSourceOfAsset`), read in `batch`. */
export const addSources = (batch: CallBatch, oracle: Address, assets: readonly Address[]) =>
  assets.map((asset) => batch.add({ address: oracle, abi: aaveInterestAbi, functionName: 'getSourceOfAsset', args: [asset] }));

type BalanceKind = 'a' | 'v' | 's';
interface BalanceRef {
  user: number;
  reserve: number;
  kind: BalanceKind;
}

/**
 * Request-2 calls, added to `batch`; `read` decodes them once it ran. The scaled balances of aTokens and
 * variable debt and the Pool's normalized variable debt are the reader's own reads (its balance and index
 * calls): `read` takes them from it rather than asking the chain twice.
 */
export function addAaveInterest(
  batch: CallBatch,
  p: {
    accounts: readonly Address[];
    tokens: readonly { stableDebtTokenAddress: Address }[];
    balances: readonly BalanceRef[];
    sources: readonly (Address | undefined)[];
  },
) {
  const stable = p.balances.flatMap((ref) => {
    if (ref.kind !== 's') return [];
    const token = { address: p.tokens[ref.reserve]!.stableDebtTokenAddress, abi: aaveInterestAbi, args: [p.accounts[ref.user]!] } as const;
    const terms = [
      batch.add({ ...token, functionName: 'principalBalanceOf' }),
      batch.add({ ...token, functionName: 'getUserStableRate' }),
      batch.add({ ...token, functionName: 'getUserLastUpdated' }),
    ];
    return [{ ref, terms }];
  });
  const borrowed = [...new Set(p.balances.filter((b) => b.kind === 'v').map((b) => b.reserve))];
  const used = [...new Set(p.balances.map((b) => b.reserve))].filter((i) => p.sources[i] !== undefined);
  const rounds = used.map((i) => batch.add({ address: p.sources[i]!, abi: aggregatorAbi, functionName: 'latestRoundData' }));

  function read(
    rates: readonly ReserveRates[],
    timestamp: bigint,
    defaultTaylor: boolean,
    known: {
      /** Scaled balance behind an aToken ('a') or variable debt ('v') balance, as the reader read it. */
      scaled(ref: BalanceRef): bigint | undefined;
      /** The Pool's `getReserveNormalizedVariableDebt` of a reserve at the block, as the reader read it. */
      normalizedDebt(reserve: number): bigint | undefined;
    },
  ) {
    return {
      compounding: compoundingOf(borrowed, rates, timestamp, defaultTaylor, known.normalizedDebt),
      updatedAt: new Map(used.map((i, j) => [i, updatedAtOf(rounds[j]!.value)] as const)),
      scaled: scaledTerms(p.balances, stable, known.scaled),
    };
  }
  return { read };
}

/**
 * Per `user:reserve:kind`: the scaled balance of an aToken or variable debt ('a', 'v'), or a stable debt's
 * principal, rate and last update ('s'); absent where a read failed.
 */
function scaledTerms(
  balances: readonly BalanceRef[],
  stable: readonly { ref: BalanceRef; terms: readonly CallHandle<bigint | number>[] }[],
  known: (ref: BalanceRef) => bigint | undefined,
): Map<string, bigint[]> {
  const scaled = new Map<string, bigint[]>();
  const key = (ref: BalanceRef) => `${ref.user}:${ref.reserve}:${ref.kind}`;
  for (const ref of balances) {
    if (ref.kind === 's') continue;
    const v = known(ref);
    if (v !== undefined) scaled.set(key(ref), [v]);
  }
  for (const { ref, terms } of stable) {
    const vals = terms.map((h) => h.value);
    if (vals.every((v) => v !== undefined)) scaled.set(key(ref), vals.map((v) => BigInt(v!)));
  }
  return scaled;
}

/** Which compounding formula the Pool runs: the one that reproduces its own normalized debt now. */
function compoundingOf(
  borrowed: readonly number[],
  rates: readonly ReserveRates[],
  timestamp: bigint,
  defaultTaylor: boolean,
  normalizedDebt: (reserve: number) => bigint | undefined,
): AaveInterestState['compounding'] {
  for (const i of borrowed) {
    const onChain = normalizedDebt(i);
    const r = rates[i]!;
    const last = BigInt(r.lastUpdateTimestamp);
    if (onChain === undefined || timestamp - last < 3n) continue;
    const bin = rayMul(compoundedBinomial(r.currentVariableBorrowRate, last, timestamp), r.variableBorrowIndex);
    const tay = rayMul(compoundedTaylor(r.currentVariableBorrowRate, last, timestamp), r.variableBorrowIndex);
    if (bin === tay) continue;
    if (onChain === tay) return 'taylor';
    if (onChain === bin) return 'binomial';
    break;
  }
  return defaultTaylor ? 'taylor' : 'binomial';
}

/** Attach interest state and oracle references to one user's position (undefined state when a read failed). */
export function attachAaveInterest(
  position: Position,
  p: {
    user: number;
    reserveIndex: (asset: Address) => number;
    rates: readonly ReserveRates[];
    decoded: ReturnType<ReturnType<typeof addAaveInterest>['read']>;
    sources: readonly (Address | undefined)[];
    /** The Pool release's token rounding (from its revision, as the account math). */
    balanceRounding: AaveBalanceRounding;
  },
): Position {
  const { decoded } = p;
  const held = new Set([...position.collateral, ...position.debt].map((l) => getAddress(l.address)));
  const reserves: AaveReserveInterest[] = [];
  let complete = true;
  for (const asset of held) {
    const i = p.reserveIndex(asset);
    const r = p.rates[i]!;
    const a = decoded.scaled.get(`${p.user}:${i}:a`);
    const v = decoded.scaled.get(`${p.user}:${i}:v`);
    const s = decoded.scaled.get(`${p.user}:${i}:s`);
    const hasSupply = position.collateral.some((l) => getAddress(l.address) === asset);
    const hasDebt = position.debt.some((l) => getAddress(l.address) === asset);
    if ((hasSupply && !a) || (hasDebt && !v)) complete = false;
    reserves.push({
      asset,
      liquidityIndex: r.liquidityIndex,
      liquidityRate: r.currentLiquidityRate,
      variableBorrowIndex: r.variableBorrowIndex,
      variableBorrowRate: r.currentVariableBorrowRate,
      lastUpdate: BigInt(r.lastUpdateTimestamp),
      scaledSupply: a?.[0] ?? 0n,
      scaledVariableDebt: v?.[0] ?? 0n,
      ...(s && s[0]! > 0n ? { stableDebt: { principal: s[0]!, rate: s[1]!, lastUpdate: s[2]! } } : {}),
    });
  }
  const state: AaveInterestState = { protocol: 'aave-v3', compounding: decoded.compounding, balanceRounding: p.balanceRounding, reserves };
  const oracles: OracleRef[] = [...held].map((asset) => {
    const i = p.reserveIndex(asset);
    const source = p.sources[i];
    return { asset, updatedAt: decoded.updatedAt.get(i), feeds: source ? [{ address: source, invert: false }] : [] };
  });
  return { ...position, ...(complete ? { interest: state } : {}), oracles };
}

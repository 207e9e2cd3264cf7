import { getAddress, parseAbi, type Address } from 'viem';
import { aggregatorAbi, updatedAtOf, type RoundData } from '../../oracle/abi.ts';
import type { OracleRef, Position } from '../../risk/types.ts';
import type { AaveInterestState, AaveReserveInterest } from './config.ts';
import { value, type Call, type CallResult } from '../shared/multicall.ts';
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

export const sourceCalls = (oracle: Address, assets: readonly Address[]): Call[] =>
  assets.map((asset) => ({ address: oracle, abi: aaveInterestAbi, functionName: 'getSourceOfAsset', args: [asset] }));

type BalanceKind = 'a' | 'v' | 's';
interface BalanceRef {
  user: number;
  reserve: number;
  kind: BalanceKind;
}

/**
 * Request-2 calls; `read` decodes them from the results that follow the reader's own. The scaled balances of
 * aTokens and variable debt and the Pool's normalized variable debt are the reader's own reads (its balance
 * and index calls): `read` takes them from it rather than asking the chain twice.
 */
export function interestCalls(p: {
  accounts: readonly Address[];
  tokens: readonly { stableDebtTokenAddress: Address }[];
  balances: readonly BalanceRef[];
  sources: readonly (Address | undefined)[];
}) {
  const calls: Call[] = [];
  const stableSlots: { ref: BalanceRef; at: number }[] = [];
  for (const ref of p.balances) {
    if (ref.kind !== 's') continue;
    const t = p.tokens[ref.reserve]!;
    const user = p.accounts[ref.user]!;
    stableSlots.push({ ref, at: calls.length });
    for (const fn of ['principalBalanceOf', 'getUserStableRate', 'getUserLastUpdated'] as const) {
      calls.push({ address: t.stableDebtTokenAddress, abi: aaveInterestAbi, functionName: fn, args: [user] });
    }
  }
  const borrowed = [...new Set(p.balances.filter((b) => b.kind === 'v').map((b) => b.reserve))];
  const used = [...new Set(p.balances.map((b) => b.reserve))].filter((i) => p.sources[i] !== undefined);
  const roundAt = calls.length;
  for (const i of used) calls.push({ address: p.sources[i]!, abi: aggregatorAbi, functionName: 'latestRoundData' });

  function read(
    results: readonly CallResult[],
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
    // Which compounding formula the Pool runs: the one that reproduces its own normalized debt now.
    let compounding: AaveInterestState['compounding'] = defaultTaylor ? 'taylor' : 'binomial';
    for (const i of borrowed) {
      const onChain = known.normalizedDebt(i);
      const r = rates[i]!;
      const last = BigInt(r.lastUpdateTimestamp);
      if (onChain === undefined || timestamp - last < 3n) continue;
      const bin = rayMul(compoundedBinomial(r.currentVariableBorrowRate, last, timestamp), r.variableBorrowIndex);
      const tay = rayMul(compoundedTaylor(r.currentVariableBorrowRate, last, timestamp), r.variableBorrowIndex);
      if (bin === tay) continue;
      if (onChain === tay) compounding = 'taylor';
      else if (onChain === bin) compounding = 'binomial';
      break;
    }
    const updatedAt = new Map<number, bigint | undefined>();
    used.forEach((i, j) => updatedAt.set(i, updatedAtOf(value<RoundData>(results[roundAt + j]))));
    const scaled = new Map<string, bigint[]>();
    const key = (ref: BalanceRef) => `${ref.user}:${ref.reserve}:${ref.kind}`;
    for (const ref of p.balances) {
      if (ref.kind === 's') continue;
      const v = known.scaled(ref);
      if (v !== undefined) scaled.set(key(ref), [v]);
    }
    for (const { ref, at } of stableSlots) {
      const vals = [0, 1, 2].map((k) => value<bigint | number>(results[at + k]));
      if (vals.every((v) => v !== undefined)) scaled.set(key(ref), vals.map((v) => BigInt(v!)));
    }
    return { compounding, updatedAt, scaled };
  }
  return { calls, read };
}

/** Attach interest state and oracle references to one user's position (undefined state when a read failed). */
export function attachAaveInterest(
  position: Position,
  p: {
    user: number;
    reserveIndex: (asset: Address) => number;
    rates: readonly ReserveRates[];
    decoded: ReturnType<ReturnType<typeof interestCalls>['read']>;
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

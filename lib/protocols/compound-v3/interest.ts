import { parseAbi, type Address } from 'viem';
import { aggregatorAbi, updatedAtOf, type RoundData } from '../../oracle/abi.ts';
import type { CometInterestState } from './config.ts';
import { value, type Call, type CallResult } from '../shared/multicall.ts';

/**
 * Comet's interest inputs, read in the reader's single request (calls appended): the stored indices and
 * last accrual (`totalsBasic`), the utilization and the rate curve's parameters (so the per-second rates
 * are computed here with `getSupplyRate`/`getBorrowRate`'s formula instead of a second round trip that
 * would need the utilization first), each account's signed principal, and each feed's last update.
 */
export const cometInterestAbi = parseAbi([
  'struct TotalsBasic { uint64 baseSupplyIndex; uint64 baseBorrowIndex; uint64 trackingSupplyIndex; uint64 trackingBorrowIndex; uint104 totalSupplyBase; uint104 totalBorrowBase; uint40 lastAccrualTime; uint8 pauseFlags; }',
  'function totalsBasic() view returns (TotalsBasic)',
  'function getUtilization() view returns (uint256)',
  'function supplyKink() view returns (uint256)',
  'function supplyPerSecondInterestRateSlopeLow() view returns (uint256)',
  'function supplyPerSecondInterestRateSlopeHigh() view returns (uint256)',
  'function supplyPerSecondInterestRateBase() view returns (uint256)',
  'function borrowKink() view returns (uint256)',
  'function borrowPerSecondInterestRateSlopeLow() view returns (uint256)',
  'function borrowPerSecondInterestRateSlopeHigh() view returns (uint256)',
  'function borrowPerSecondInterestRateBase() view returns (uint256)',
  'function userBasic(address) view returns (int104 principal, uint64 baseTrackingIndex, uint64 baseTrackingAccrued, uint16 assetsIn, uint8 _reserved)',
]);

const CURVE = [
  'supplyKink',
  'supplyPerSecondInterestRateSlopeLow',
  'supplyPerSecondInterestRateSlopeHigh',
  'supplyPerSecondInterestRateBase',
  'borrowKink',
  'borrowPerSecondInterestRateSlopeLow',
  'borrowPerSecondInterestRateSlopeHigh',
  'borrowPerSecondInterestRateBase',
] as const;

export function cometInterestCalls(comet: Address, accounts: readonly Address[], feeds: readonly Address[]): Call[] {
  return [
    { address: comet, abi: cometInterestAbi, functionName: 'totalsBasic' },
    { address: comet, abi: cometInterestAbi, functionName: 'getUtilization' },
    ...CURVE.map((functionName): Call => ({ address: comet, abi: cometInterestAbi, functionName })),
    ...accounts.map((a): Call => ({ address: comet, abi: cometInterestAbi, functionName: 'userBasic', args: [a] })),
    ...feeds.map((f): Call => ({ address: f, abi: aggregatorAbi, functionName: 'latestRoundData' })),
  ];
}

export interface CometInterestRead {
  /** Undefined when a call failed: no projection then. */
  market: Omit<CometInterestState, 'protocol' | 'principal'> | undefined;
  principals: (bigint | undefined)[];
  /** Per feed (base first), as passed to the calls. */
  updatedAt: (bigint | undefined)[];
}

const FACTOR_SCALE = 10n ** 18n;
const mulFactor = (n: bigint, f: bigint) => (n * f) / FACTOR_SCALE;

/** Comet's kinked curve: base + slopeLow·min(u, kink) + slopeHigh·max(u − kink, 0), each `mulFactor` floored. */
export function kinkedRate(u: bigint, kink: bigint, low: bigint, high: bigint, base: bigint): bigint {
  return u <= kink ? base + mulFactor(low, u) : base + mulFactor(low, kink) + mulFactor(high, u - kink);
}

export function readCometInterest(results: readonly CallResult[], accounts: number, feeds: number): CometInterestRead {
  const totals = value<{ baseSupplyIndex: bigint; baseBorrowIndex: bigint; lastAccrualTime: number }>(results[0]);
  const u = value<bigint>(results[1]);
  const curve = CURVE.map((_, i) => value<bigint>(results[2 + i]));
  const at = 2 + CURVE.length;
  const principals = Array.from({ length: accounts }, (_, k) => value<readonly [bigint]>(results[at + k])?.[0]);
  const updatedAt = Array.from({ length: feeds }, (_, i) => updatedAtOf(value<RoundData>(results[at + accounts + i])));
  let market: CometInterestRead['market'];
  if (totals && u !== undefined && curve.every((c) => c !== undefined)) {
    const [sk, sl, sh, sb, bk, bl, bh, bb] = curve as bigint[];
    market = {
      baseSupplyIndex: BigInt(totals.baseSupplyIndex),
      baseBorrowIndex: BigInt(totals.baseBorrowIndex),
      lastAccrualTime: BigInt(totals.lastAccrualTime),
      supplyRate: kinkedRate(u, sk!, sl!, sh!, sb!),
      borrowRate: kinkedRate(u, bk!, bl!, bh!, bb!),
    };
  }
  return { market, principals, updatedAt };
}

import { parseAbi, type Address } from 'viem';
import { aggregatorAbi, updatedAtOf } from '../shared/aggregator.ts';
import type { CometInterestState } from './config.ts';
import { decoded, type CallBatch, type Decoded } from '../shared/batch.ts';

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

/** Queue the interest reads in the reader's batch; the decoded state once it ran. */
export function addCometInterest(
  batch: CallBatch,
  comet: Address,
  accounts: readonly Address[],
  feeds: readonly Address[],
): Decoded<CometInterestRead> {
  const totalsR = batch.add({ address: comet, abi: cometInterestAbi, functionName: 'totalsBasic' });
  const utilizationR = batch.add({ address: comet, abi: cometInterestAbi, functionName: 'getUtilization' });
  const curveR = CURVE.map((functionName) => batch.add({ address: comet, abi: cometInterestAbi, functionName }));
  const principalsR = accounts.map((a) => batch.add({ address: comet, abi: cometInterestAbi, functionName: 'userBasic', args: [a] }));
  const roundsR = feeds.map((f) => batch.add({ address: f, abi: aggregatorAbi, functionName: 'latestRoundData' }));
  return decoded(() => {
    const totals = totalsR.value;
    const u = utilizationR.value;
    const curve = curveR.map((h) => h.value);
    const principals = principalsR.map((h) => h.value?.[0]);
    const updatedAt = roundsR.map((h) => updatedAtOf(h.value));
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
  });
}

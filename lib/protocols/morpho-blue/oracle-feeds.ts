import { getAddress, parseAbi, type Address } from 'viem';
import { aggregatorAbi, updatedAtOf } from '../shared/aggregator.ts';
import { decoded, type CallBatch, type Decoded } from '../shared/batch.ts';

/** Morpho's ChainlinkOracle / ChainlinkOracleV2 expose their feeds as immutables of these names. */
const chainlinkOracleAbi = parseAbi([
  'function BASE_FEED_1() view returns (address)',
  'function BASE_FEED_2() view returns (address)',
  'function QUOTE_FEED_1() view returns (address)',
  'function QUOTE_FEED_2() view returns (address)',
]);
const FEED_FUNCTIONS = ['BASE_FEED_1', 'BASE_FEED_2', 'QUOTE_FEED_1', 'QUOTE_FEED_2'] as const;
const ZERO = /^0x0{40}$/i;

/** The oracle's non-zero feeds once `batch` ran; empty when it is not Chainlink-style (the calls failed). */
export function addFeeds(batch: CallBatch, oracle: Address): Decoded<{ address: Address; invert: boolean }[]> {
  const feeds = FEED_FUNCTIONS.map((functionName) => batch.add({ address: oracle, abi: chainlinkOracleAbi, functionName }));
  return decoded(() =>
    feeds.flatMap((feed, i) => {
      const a = feed.value;
      return a && !ZERO.test(a) ? [{ address: getAddress(a), invert: i >= 2 }] : [];
    }),
  );
}

/**
 * The age of a price made of these feeds: `latestRoundData` of each, read in `batch`. The oracle's age is its
 * oldest feed's (the price is only as fresh as that); undefined when a feed says nothing.
 */
export function addOracleAge(batch: CallBatch, feeds: readonly { address: Address }[]): Decoded<bigint | undefined> {
  const rounds = feeds.map((f) => batch.add({ address: f.address, abi: aggregatorAbi, functionName: 'latestRoundData' }));
  return decoded(() => {
    let oldest: bigint | undefined;
    for (const round of rounds) {
      const at = updatedAtOf(round.value);
      if (at === undefined) return undefined;
      if (oldest === undefined || at < oldest) oldest = at;
    }
    return oldest;
  });
}

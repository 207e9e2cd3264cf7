import { getAddress, parseAbi, type Address } from 'viem';
import { aggregatorAbi, updatedAtOf, type RoundData } from '../../oracle/abi.ts';
import { value, type Call, type CallResult } from '../shared/multicall.ts';
import type { MorphoMarketInfo } from './market.ts';

/** Morpho's ChainlinkOracle / ChainlinkOracleV2 expose their feeds as immutables of these names. */
const chainlinkOracleAbi = parseAbi([
  'function BASE_FEED_1() view returns (address)',
  'function BASE_FEED_2() view returns (address)',
  'function QUOTE_FEED_1() view returns (address)',
  'function QUOTE_FEED_2() view returns (address)',
]);
const FEED_FUNCTIONS = ['BASE_FEED_1', 'BASE_FEED_2', 'QUOTE_FEED_1', 'QUOTE_FEED_2'] as const;
const ZERO = /^0x0{40}$/i;

export const feedCalls = (oracle: Address): Call[] =>
  FEED_FUNCTIONS.map((functionName) => ({ address: oracle, abi: chainlinkOracleAbi, functionName }));

/** Non-zero feeds; empty when the oracle is not Chainlink-style (the calls failed). */
export function decodeFeeds(results: readonly CallResult[]): { address: Address; invert: boolean }[] {
  return FEED_FUNCTIONS.flatMap((_, i) => {
    const a = value<Address>(results[i]);
    return a && !ZERO.test(a) ? [{ address: getAddress(a), invert: i >= 2 }] : [];
  });
}

/** `latestRoundData` of every feed of the markets already known, in market then feed order. */
export const roundCalls = (infos: readonly (MorphoMarketInfo | undefined)[]): Call[] =>
  infos.flatMap((info) =>
    (info?.feeds ?? []).map((f): Call => ({ address: f.address, abi: aggregatorAbi, functionName: 'latestRoundData' })),
  );

/** The oracle's age is its oldest feed's: the price is only as fresh as that. */
export function oracleRef(feeds: readonly unknown[], results: readonly CallResult[]): bigint | undefined {
  let oldest: bigint | undefined;
  for (let i = 0; i < feeds.length; i++) {
    const at = updatedAtOf(value<RoundData>(results[i]));
    if (at === undefined) return undefined;
    if (oldest === undefined || at < oldest) oldest = at;
  }
  return oldest;
}

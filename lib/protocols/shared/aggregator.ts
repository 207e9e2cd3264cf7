import { parseAbi } from 'viem';

/** Chainlink's AggregatorV3Interface, the part the guard reads (proxies and stand-ins answer it alike). */
export const aggregatorAbi = parseAbi([
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function getRoundData(uint80 roundId) view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function decimals() view returns (uint8)',
]);

export type RoundData = readonly [bigint, bigint, bigint, bigint, bigint];

/** `updatedAt` of a `latestRoundData` answer, or undefined when the call failed or says nothing. */
export function updatedAtOf(round: RoundData | undefined): bigint | undefined {
  return round && round[3] > 0n ? round[3] : undefined;
}

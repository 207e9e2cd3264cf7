/** Bisection over bigint amounts and prices, for monotone tests built on the protocol's exact math. */

/**
 * Smallest x in (lo, hi] with test(x) true, for a test monotone in x; undefined if test(hi) is false.
 * `lo` is taken as false without being tested (default -1: the search covers [0, hi]).
 */
export function smallestBounded(test: (x: bigint) => boolean, hi: bigint, lo = -1n): bigint | undefined {
  if (!test(hi)) return undefined;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (test(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** As `smallestBounded`, growing the upper bound by doubling (up to 2^200 base units). */
export function smallestUnbounded(test: (x: bigint) => boolean): bigint | undefined {
  let hi = 1n;
  while (!test(hi)) {
    hi *= 2n;
    if (hi > 1n << 200n) return undefined;
  }
  return smallestBounded(test, hi);
}

/** Bisection over bigint amounts and prices, for monotone tests built on the protocol's exact math. */

/** Smallest x in [0, hi] with test(x) true, for a test monotone in x; undefined if test(hi) is false. */
export function smallestBounded(test: (x: bigint) => boolean, hi: bigint): bigint | undefined {
  if (!test(hi)) return undefined;
  let lo = -1n; // test(lo) is taken as false
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

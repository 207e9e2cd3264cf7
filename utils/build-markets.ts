import type { MarketsFile } from '@/lib/markets/types.ts';

/**
 * Contract 3 of DESIGN.md: `LG_MARKETS=path/to/markets.json npm run build` bakes that file's chains and
 * markets into the build (switched on). wxt.config.ts reads and validates the file at build time and
 * replaces `__LG_BUILD_MARKETS__` with its parsed content (or `null`); outside a WXT build (unit tests)
 * the identifier does not exist and there are none.
 */
declare const __LG_BUILD_MARKETS__: MarketsFile | null | undefined;

export const buildMarkets: MarketsFile | undefined =
  typeof __LG_BUILD_MARKETS__ === 'undefined' ? undefined : (__LG_BUILD_MARKETS__ ?? undefined);

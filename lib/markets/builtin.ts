import { protocols } from '../protocols/registry.ts';
import type { MarketConfig } from './types.ts';

/** Every protocol's built-in markets (each adapter names its sources), in registry order. */
export const builtinMarkets: MarketConfig[] = Object.values(protocols).flatMap((p): readonly MarketConfig[] => p.builtinMarkets);

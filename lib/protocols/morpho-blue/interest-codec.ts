import type { InterestState } from '../../core/types.ts';
import type { MorphoInterestState } from './config.ts';
import { bigintCodec, literal, object, type Codec } from '../../core/codec.ts';

/** Stored form of a Morpho Blue market's `Market` struct (totals, last update, fee), as `accrue.ts` reads it. */
export const morphoMarketStateCodec = object({
  totalSupplyAssets: bigintCodec,
  totalSupplyShares: bigintCodec,
  totalBorrowAssets: bigintCodec,
  totalBorrowShares: bigintCodec,
  lastUpdate: bigintCodec,
  fee: bigintCodec,
});

/** Stored form of Morpho Blue's `Position.interest` (see `accrue.ts`). */
export const morphoInterestCodec = object({
  protocol: literal('morpho-blue'),
  stored: morphoMarketStateCodec,
  borrowRate: bigintCodec,
  borrowShares: bigintCodec,
}) as unknown as Codec<InterestState> & Codec<MorphoInterestState>;

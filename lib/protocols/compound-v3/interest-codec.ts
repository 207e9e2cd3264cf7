import type { InterestState } from '../../core/types.ts';
import type { CometInterestState } from './config.ts';
import { bigintCodec, literal, object, type Codec } from '../../core/codec.ts';

/** Stored form of Comet's `Position.interest` (see `accrue.ts`). */
export const cometInterestCodec = object({
  protocol: literal('compound-v3'),
  baseSupplyIndex: bigintCodec,
  baseBorrowIndex: bigintCodec,
  lastAccrualTime: bigintCodec,
  supplyRate: bigintCodec,
  borrowRate: bigintCodec,
  principal: bigintCodec,
}) as unknown as Codec<InterestState> & Codec<CometInterestState>;

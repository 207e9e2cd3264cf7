import type { InterestState } from '../../core/types.ts';
import type { AaveInterestState } from './config.ts';
import { addressCodec, array, bigintCodec, literal, object, optional, type Codec } from '../../core/codec.ts';

const reserve = object({
  asset: addressCodec,
  liquidityIndex: bigintCodec,
  liquidityRate: bigintCodec,
  variableBorrowIndex: bigintCodec,
  variableBorrowRate: bigintCodec,
  lastUpdate: bigintCodec,
  scaledSupply: bigintCodec,
  scaledVariableDebt: bigintCodec,
  stableDebt: optional(object({ principal: bigintCodec, rate: bigintCodec, lastUpdate: bigintCodec })),
});

/** Stored form of Aave v3's `Position.interest` (see `accrue.ts`). */
export const aaveInterestCodec = object({
  protocol: literal('aave-v3'),
  compounding: literal('binomial', 'taylor'),
  balanceRounding: literal('half-up', 'directional'),
  reserves: array(reserve, 256),
}) as unknown as Codec<InterestState> & Codec<AaveInterestState>;

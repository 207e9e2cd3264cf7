import { descriptorOf, protocolIds } from '../protocols/descriptors.ts';
import type { InterestState, Position, PositionDetails, ProtocolId } from '../core/types.ts';
import {
  addressCodec,
  array,
  bigintCodec,
  booleanCodec,
  DecodeError,
  literal,
  numberCodec,
  object,
  optional,
  stringCodec,
  taggedUnion,
  type Codec,
} from '../core/codec.ts';

/**
 * The bigint-safe stored form of a `Position` (every bigint as its decimal string). Exact: decoding an
 * encoded position gives back the same amounts, prices and thresholds, so views can run `lib/risk` on it
 * and get the numbers the background got.
 */
const SYMBOL_MAX = 64;
const decimals = numberCodec({ integer: true, min: 0, max: 255 });
const assetRef = { address: addressCodec, symbol: stringCodec(SYMBOL_MAX), decimals };
const scaled = object({ amount: bigintCodec, index: bigintCodec });
const leg = { ...assetRef, amount: bigintCodec, price: optional(bigintCodec), priceUnit: bigintCodec, scaled: optional(scaled) };

const collateralLeg = object({
  ...leg,
  liquidationThreshold: bigintCodec,
  liquidationBonus: bigintCodec,
  usedAsCollateral: booleanCodec,
  liquidationProtocolFee: optional(bigintCodec),
});
const debtLeg = object(leg);
const marketAsset = object({
  ...assetRef,
  price: optional(bigintCodec),
  priceUnit: bigintCodec,
  liquidationThreshold: bigintCodec,
  liquidationBonus: bigintCodec,
  canBeCollateral: booleanCodec,
  canBeBorrowed: booleanCodec,
  supplyIndex: optional(bigintCodec),
  borrowIndex: optional(bigintCodec),
});

// Each protocol's own codec of its `details` (its descriptor), told apart by the `protocol` tag.
const details = taggedUnion(
  'protocol',
  Object.fromEntries(protocolIds.map((id) => [id, descriptorOf(id).details])) as Record<ProtocolId, Codec<PositionDetails>>,
);

const feedRef = object({ address: addressCodec, invert: booleanCodec });
const oracleRef = object({ asset: addressCodec, updatedAt: optional(bigintCodec), feeds: array(feedRef, 8) });
/**
 * What `lib/risk/accrue` projects from (so views compute the same liquidation time as the background):
 * each protocol's own codec of its interest state (its descriptor), told apart by the `protocol` tag.
 */
const interest = taggedUnion(
  'protocol',
  Object.fromEntries(
    protocolIds.flatMap((id) => {
      const codec = descriptorOf(id).interest;
      return codec ? [[id, codec]] : [];
    }),
  ) as Record<ProtocolId, Codec<InterestState>>,
);

/**
 * Extras a view can do without (the projection state, oracle references): one that does not validate — a
 * protocol this build does not know how to project, a shape from another version — is dropped on its
 * own, never taking the position with it.
 */
function dropIfInvalid<T, E>(inner: Codec<T, E>): Codec<T | undefined, E | undefined> {
  return {
    encode: (v) => (v === undefined ? undefined : inner.encode(v)),
    decode(raw, path = '') {
      if (raw === undefined) return undefined;
      try {
        return inner.decode(raw, path);
      } catch {
        return undefined;
      }
    },
  };
}

const MAX_LEGS = 256;
const positionObject = object({
  protocol: literal(...protocolIds),
  chainId: numberCodec({ integer: true, min: 1 }),
  market: stringCodec(200),
  account: addressCodec,
  quote: stringCodec(SYMBOL_MAX),
  quoteDecimals: decimals,
  blockNumber: bigintCodec,
  timestamp: bigintCodec,
  collateral: array(collateralLeg, MAX_LEGS),
  debt: array(debtLeg, MAX_LEGS),
  assets: array(marketAsset, MAX_LEGS),
  details,
  interest: dropIfInvalid(interest),
  oracles: dropIfInvalid(array(oracleRef, MAX_LEGS)),
});

export type EncodedPosition = ReturnType<typeof positionObject.encode>;

export const positionCodec: Codec<Position, EncodedPosition> = {
  encode: (p) => positionObject.encode(p),
  decode(raw, path) {
    const p = positionObject.decode(raw, path) as Position;
    if (p.details.protocol !== p.protocol) {
      throw new DecodeError(`${path ? `${path}.` : ''}details.protocol`, `"${p.protocol}" like the position`);
    }
    return p;
  },
};

/**
 * The key that names one position across refreshes (and in notification ids and links). One Morpho
 * config can hold many markets (each its own position), so its key also carries the market id.
 */
export function positionKey(p: Pick<Position, 'chainId' | 'market' | 'account' | 'protocol' | 'details'>): string {
  const base = `${p.chainId}:${p.protocol}:${p.market}:${p.account.toLowerCase()}`;
  const suffix = descriptorOf(p.protocol).positionKeySuffix?.(p.details);
  return suffix === undefined ? base : `${base}:${suffix}`;
}

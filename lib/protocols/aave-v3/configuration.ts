/**
 * Bit layouts of Aave v3's packed configuration words (ReserveConfiguration.sol, UserConfiguration.sol).
 * They are the same in every v3 release, except the reserve's e-mode category bits (168–175), which
 * 3.2 deprecated in favour of per-category bitmaps.
 */
const bits = (word: bigint, from: number, size: number) => (word >> BigInt(from)) & ((1n << BigInt(size)) - 1n);

export interface ReserveConfig {
  ltv: bigint; // bps
  liquidationThreshold: bigint; // bps
  liquidationBonus: bigint; // bps, 10500 = +5 %
  decimals: number;
  active: boolean;
  frozen: boolean;
  borrowingEnabled: boolean;
  paused: boolean;
  borrowableInIsolation: boolean;
  /** Pre-3.2 only; 0 on 3.2+ where membership lives in the category's bitmaps. */
  eModeCategory: number;
  /** Non-zero: the asset is an isolated collateral. */
  debtCeiling: bigint;
  /** bps of the liquidation bonus that goes to the protocol (bits 152–167). */
  liquidationProtocolFee: bigint;
}

export function decodeReserveConfig(word: bigint): ReserveConfig {
  return {
    ltv: bits(word, 0, 16),
    liquidationThreshold: bits(word, 16, 16),
    liquidationBonus: bits(word, 32, 16),
    decimals: Number(bits(word, 48, 8)),
    active: bits(word, 56, 1) === 1n,
    frozen: bits(word, 57, 1) === 1n,
    borrowingEnabled: bits(word, 58, 1) === 1n,
    paused: bits(word, 60, 1) === 1n,
    borrowableInIsolation: bits(word, 61, 1) === 1n,
    eModeCategory: Number(bits(word, 168, 8)),
    debtCeiling: bits(word, 212, 40),
    liquidationProtocolFee: bits(word, 152, 16),
  };
}

/** User configuration: for reserve id i, bit 2i = borrowing, bit 2i+1 = using as collateral. */
export const isBorrowing = (userConfig: bigint, id: number) => bits(userConfig, 2 * id, 1) === 1n;
export const isUsingAsCollateral = (userConfig: bigint, id: number) => bits(userConfig, 2 * id + 1, 1) === 1n;
export const isInBitmap = (bitmap: bigint, id: number) => bits(bitmap, id, 1) === 1n;

import type { Address } from 'viem';
import type { CollateralLeg, DebtLeg, MarketAsset, Position, ProtocolId } from '../../lib/core/types.ts';

/** Builders for hand-made positions in unit tests; prices are given as human numbers. */
const WAD = 10n ** 18n;
let next = 1;
const addr = () => `0x${(next++).toString(16).padStart(40, '0')}` as Address;

export interface AssetSpec {
  symbol: string;
  decimals: number;
  price: number; // USD per token
  lt?: number; // 0.825
  bonus?: number; // 1.05
  address?: Address;
}

const priceRaw = (price: number) => BigInt(Math.round(price * 1e8)); // Aave's 8-decimal USD
export const units = (amount: number | string, decimals: number) => {
  const [i, f = ''] = String(amount).split('.');
  return BigInt(i! + f.padEnd(decimals, '0').slice(0, decimals));
};
const toWad = (x: number) => BigInt(Math.round(x * 1e6)) * 10n ** 12n;

export function asset(spec: AssetSpec): Required<AssetSpec> {
  return { lt: 0, bonus: 1, ...spec, address: spec.address ?? addr() };
}

export function collateral(a: Required<AssetSpec>, amount: number | string): CollateralLeg {
  return {
    ...debt(a, amount),
    liquidationThreshold: toWad(a.lt),
    liquidationBonus: toWad(a.bonus),
    usedAsCollateral: a.lt > 0,
  };
}

export function debt(a: Required<AssetSpec>, amount: number | string): DebtLeg {
  return {
    address: a.address,
    symbol: a.symbol,
    decimals: a.decimals,
    amount: units(amount, a.decimals),
    price: priceRaw(a.price),
    priceUnit: 10n ** BigInt(a.decimals),
  };
}

export function marketAsset(a: Required<AssetSpec>): MarketAsset {
  return {
    address: a.address,
    symbol: a.symbol,
    decimals: a.decimals,
    price: priceRaw(a.price),
    priceUnit: 10n ** BigInt(a.decimals),
    liquidationThreshold: toWad(a.lt),
    liquidationBonus: toWad(a.bonus),
    canBeCollateral: a.lt > 0,
    canBeBorrowed: true,
  };
}

export function position(
  legs: { collateral?: CollateralLeg[]; debt?: DebtLeg[]; assets?: Required<AssetSpec>[] },
  protocol: ProtocolId = 'aave-v3',
): Position {
  return {
    protocol,
    chainId: 31337,
    market: 'Test',
    account: '0x00000000000000000000000000000000000000aa',
    quote: 'USD',
    quoteDecimals: 8,
    blockNumber: 1n,
    timestamp: 1n,
    collateral: legs.collateral ?? [],
    debt: legs.debt ?? [],
    assets: (legs.assets ?? []).map(marketAsset),
    details: { protocol: 'aave-v3', eModeCategory: 0, isolated: false },
  };
}

export const hf = (x: bigint | null | undefined) => (typeof x === 'bigint' ? Number(x) / Number(WAD) : x);

import { createClient, http, parseEther, type Address } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { keccak256, toHex } from 'viem';
import { aaveV3, type Devnet } from '../../../lib/devnet/index.ts';
import { readAavePositions } from '../../../lib/protocols/aave-v3/positions.ts';
import type { Position } from '../../../lib/core/types.ts';
import { liquidationPrices } from '../../../lib/risk/index.ts';

/** A small seeded PRNG (mulberry32) so a failing random case can be replayed from its seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (lo: number, hi: number) => lo + (hi - lo) * next(),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

/** A fresh account the devnet lets us send from (impersonated, with gas money). */
export async function freshAccount(devnet: Devnet, label: string): Promise<Address> {
  const account = privateKeyToAddress(keccak256(toHex(`liquidation-guard:${label}`)));
  await devnet.client.impersonateAccount({ address: account });
  await devnet.client.setBalance({ address: account, value: parseEther('100') });
  return account;
}

export const usd = (symbol: 'WETH' | 'WBTC' | 'USDC' | 'DAI' | 'GHOST', dollars: number) => {
  const price = { WETH: 2000, WBTC: 60000, USDC: 1, DAI: 1, GHOST: 10 }[symbol];
  const decimals = { WETH: 18, WBTC: 8, USDC: 6, DAI: 18, GHOST: 18 }[symbol];
  return aaveV3.toUnits(symbol, (dollars / price).toFixed(Math.min(decimals, 8)));
};

/**
 * A random but valid Aave position: 1–3 collaterals worth $1k–$40k each, e-mode for all-stable books,
 * borrows using 30–95 % of the borrowing power over one or two assets (stable rate on DAI at times),
 * sometimes a leg under 1 % of the collateral, the same asset on both sides or a collateral switched off.
 */
export async function randomPosition(devnet: Devnet, account: Address, r: ReturnType<typeof rng>) {
  const stableBook = r.chance(0.25);
  const pool = stableBook ? (['USDC', 'DAI'] as const) : (['WETH', 'WBTC', 'USDC', 'DAI'] as const);
  const count = 1 + Math.floor(r.next() * (stableBook ? 2 : 3));
  const supply: aaveV3.OpenPositionParams['supply'] = {};
  for (let i = 0; i < count; i++) {
    const symbol = r.pick(pool);
    supply[symbol] = usd(symbol, r.between(1000, 40000));
  }
  // Sometimes a leg worth well under 1 % of the collateral (its own rounding matters most).
  const tiny = r.pick(pool);
  if (r.chance(0.2) && !(tiny in supply)) supply[tiny] = usd(tiny, r.between(20, 300));
  const collateral: aaveV3.OpenPositionParams['collateral'] = {};
  const supplied = Object.keys(supply) as (keyof typeof supply)[];
  if (supplied.length > 1 && r.chance(0.2)) collateral[supplied[0]!] = false; // one switched off
  await aaveV3.openPosition(devnet, { account, supply, collateral, ...(stableBook ? { eMode: 1 } : {}) });
  const { availableBorrowsBase } = await aaveV3.getUserAccountData(devnet, { account });
  const budget = (Number(availableBorrowsBase) / 1e8) * r.between(0.3, 0.95);
  const debtPool = stableBook ? (['USDC', 'DAI'] as const) : (['USDC', 'DAI', 'WETH', ...supplied] as const);
  const borrow: aaveV3.OpenPositionParams['borrow'] = {};
  const legs = r.chance(0.5) ? 2 : 1;
  for (let i = 0; i < legs; i++) {
    const symbol = r.pick(debtPool);
    if (symbol === 'GHOST') continue;
    const amount = usd(symbol, budget / legs);
    borrow[symbol] = symbol === 'DAI' && r.chance(0.3) ? { amount, rateMode: 'stable' } : amount;
  }
  try {
    await aaveV3.openPosition(devnet, { account, borrow });
  } catch {
    // A random borrow can hit a rule (stable-rate collateral check, e-mode borrowability): a position
    // with only collateral is a valid case too.
  }
}

/** The reader's position for one account (`undefined` when it has none), read over a plain client. */
export async function readPosition(devnet: Devnet, account: Address): Promise<Position | undefined> {
  const client = createClient({ transport: http(devnet.rpcUrl) });
  const { positions } = await readAavePositions(client, {
    chainId: devnet.aave.chainId,
    market: 'Devnet Aave',
    poolAddressesProvider: devnet.aave.addresses.poolAddressesProvider,
    accounts: [account],
  });
  return positions[0];
}

export const relErr = (a: bigint, b: bigint) => (a === b ? 0 : Math.abs(Number(a - b)) / Math.max(Number(a < 0n ? -a : a), Number(b < 0n ? -b : b)));

/**
 * Each leg's liquidation price (legs without one left out) with the prices 0.01 % either side of it: `safe`
 * on today's side, `unsafe` past it (a collateral price falling, a debt price rising).
 */
export function liquidationBrackets(position: Position): { asset: Address; price: bigint; side: 'collateral' | 'debt'; safe: bigint; unsafe: bigint }[] {
  const prices = liquidationPrices(position);
  const sides = [
    ...[...prices.collateral].map(([asset, price]) => ({ asset, price, side: 'collateral' as const })),
    ...[...prices.debt].map(([asset, price]) => ({ asset, price, side: 'debt' as const })),
  ];
  return sides.flatMap(({ asset, price, side }) => {
    if (price == null) return [];
    const above = (price * 10_001n) / 10_000n;
    const below = (price * 9_999n) / 10_000n;
    return [{ asset, price, side, safe: side === 'collateral' ? above : below, unsafe: side === 'collateral' ? below : above }];
  });
}

import { getAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { multicall, value } from '../shared/multicall.ts';
import { symbolCalls, tokenSymbol } from '../shared/token.ts';
import { addressesProviderAbi, poolAbi, poolRevisionAbi } from './abi.ts';

/**
 * What rarely changes in a market: the Pool and oracle behind the addresses provider, the reserve list,
 * token symbols and the release family. Read once (three requests) and kept by the caller; reserve
 * parameters that governance changes (LT, bonus, caps) are re-read on every refresh.
 */
export interface AaveMarketStatic {
  pool: Address;
  oracle: Address;
  reserves: { address: Address; symbol: string; id: number }[];
  /**
   * 3.2 moved e-mode membership from the reserve's configuration bits to per-category bitmaps and
   * dropped the category price source. `bitmaps` says which model this Pool uses.
   */
  eModeModel: 'legacy' | 'bitmaps';
  /**
   * `Pool.POOL_REVISION()`, read with the reserve list (no extra request) and kept with the rest, so a
   * warm refresh costs nothing more. It decides the account and liquidation math
   * (`protocols/aave-v3/versions.ts`); `undefined` when the Pool did not answer.
   */
  poolRevision: number | undefined;
}

export async function readAaveMarketStatic(client: Client, poolAddressesProvider: Address): Promise<AaveMarketStatic> {
  const [poolR, oracleR] = await multicall(client, [
    { address: poolAddressesProvider, abi: addressesProviderAbi, functionName: 'getPool' },
    { address: poolAddressesProvider, abi: addressesProviderAbi, functionName: 'getPriceOracle' },
  ]);
  const pool = value<Address>(poolR);
  const oracle = value<Address>(oracleR);
  if (!pool || !oracle || /^0x0{40}$/i.test(pool)) {
    throw new GuardError(
      'bad-data',
      `No Aave v3 pool behind addresses provider ${poolAddressesProvider}.`,
    );
  }
  const [listR, bitmapR, revisionR] = await multicall(client, [
    { address: pool, abi: poolAbi, functionName: 'getReservesList' },
    // Answers only on 3.2+ (absent before): the cheapest way to tell the e-mode model apart.
    { address: pool, abi: poolAbi, functionName: 'getEModeCategoryCollateralBitmap', args: [1] },
    { address: pool, abi: poolRevisionAbi, functionName: 'POOL_REVISION' },
  ]);
  const list = value<readonly Address[]>(listR);
  if (!list) throw new GuardError('bad-data', `Pool ${pool} did not return its reserve list.`);
  const details = await multicall(
    client,
    list.flatMap((asset) => [
      { address: pool, abi: poolAbi, functionName: 'getReserveData', args: [asset] },
      ...symbolCalls(asset),
    ]),
  );
  const reserves = list.map((asset, i) => {
    const data = value<{ id: number }>(details[3 * i]);
    return { address: getAddress(asset), symbol: tokenSymbol(asset, details[3 * i + 1], details[3 * i + 2]), id: Number(data?.id ?? i) };
  });
  const revision = value<bigint>(revisionR);
  return {
    pool: getAddress(pool),
    oracle: getAddress(oracle),
    reserves,
    eModeModel: bitmapR?.status === 'success' ? 'bitmaps' : 'legacy',
    // A revision beyond 2^53 is no Aave release: treat it as unknown rather than round it.
    poolRevision: revision !== undefined && revision <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(revision) : undefined,
  };
}

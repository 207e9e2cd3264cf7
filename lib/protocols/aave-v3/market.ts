import { getAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { callBatch, readValues, valuesOf } from '../shared/batch.ts';
import { addSymbol } from '../shared/token.ts';
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
  const { pool, oracle } = await readValues(client, (batch) => ({
    pool: batch.add({ address: poolAddressesProvider, abi: addressesProviderAbi, functionName: 'getPool' }),
    oracle: batch.add({ address: poolAddressesProvider, abi: addressesProviderAbi, functionName: 'getPriceOracle' }),
  }));
  if (!pool || !oracle || /^0x0{40}$/i.test(pool)) {
    throw new GuardError('bad-data', `No Aave v3 pool behind addresses provider ${poolAddressesProvider}.`);
  }
  const second = callBatch();
  const poolReads = {
    list: second.add({ address: pool, abi: poolAbi, functionName: 'getReservesList' }),
    // Answers only on 3.2+ (absent before): the cheapest way to tell the e-mode model apart.
    bitmap: second.add({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryCollateralBitmap', args: [1] }),
    revision: second.add({ address: pool, abi: poolRevisionAbi, functionName: 'POOL_REVISION' }),
  };
  await second.run(client);
  const { list, revision } = valuesOf(poolReads);
  if (!list) throw new GuardError('bad-data', `Pool ${pool} did not return its reserve list.`);
  return {
    pool: getAddress(pool),
    oracle: getAddress(oracle),
    reserves: await readReserves(client, pool, list),
    eModeModel: poolReads.bitmap.result.status === 'success' ? 'bitmaps' : 'legacy',
    // A revision beyond 2^53 is no Aave release: treat it as unknown rather than round it.
    poolRevision: revision !== undefined && revision <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(revision) : undefined,
  };
}

/** Each listed reserve's id and its token's symbol (third request). */
async function readReserves(client: Client, pool: Address, list: readonly Address[]): Promise<AaveMarketStatic['reserves']> {
  const batch = callBatch();
  const reads = list.map((asset) => ({
    asset,
    data: batch.add({ address: pool, abi: poolAbi, functionName: 'getReserveData', args: [asset] }),
    symbol: addSymbol(batch, asset),
  }));
  await batch.run(client);
  return reads.map(({ asset, data, symbol }, i) => ({
    address: getAddress(asset),
    symbol: symbol.value,
    id: Number(data.value?.id ?? i),
  }));
}

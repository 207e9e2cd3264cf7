import { getAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { callBatch, readValues } from '../shared/batch.ts';
import { addSymbol } from '../shared/token.ts';
import { spokeAbi } from './abi.ts';

/**
 * What does not change once a reserve is listed on a Spoke: its oracle, and per reserve the Hub, the
 * Hub's asset id, the underlying and its decimals (Spoke.addReserve writes them once, Spoke.sol:121-165).
 * Collateral risk, flags and the latest dynamic config key change with governance and are read on
 * every refresh. A Spoke that lists more reserves than the cache knows is read again.
 */
export interface AaveV4SpokeStatic {
  spoke: Address;
  oracle: Address;
  reserves: AaveV4StaticReserve[];
}

export interface AaveV4StaticReserve {
  id: number;
  underlying: Address;
  symbol: string;
  decimals: number;
  hub: Address;
  assetId: number;
}

interface ReserveStruct {
  underlying: Address;
  hub: Address;
  assetId: number;
  decimals: number;
  collateralRisk: number;
  flags: number;
  dynamicConfigKey: number;
}

export async function readAaveV4SpokeStatic(client: Client, spoke: Address): Promise<AaveV4SpokeStatic> {
  const { oracle, count } = await readValues(client, (batch) => ({
    oracle: batch.add({ address: spoke, abi: spokeAbi, functionName: 'ORACLE' }),
    count: batch.add({ address: spoke, abi: spokeAbi, functionName: 'getReserveCount' }),
  }));
  if (!oracle || count === undefined) {
    throw new GuardError('bad-data', `No Aave v4 Spoke at ${spoke} (ORACLE / getReserveCount did not answer).`);
  }
  const ids = Array.from({ length: Number(count) }, (_, i) => i);
  const second = callBatch();
  const reserveR = ids.map((id) => second.add({ address: spoke, abi: spokeAbi, functionName: 'getReserve', args: [BigInt(id)] }));
  await second.run(client);
  const structs = reserveR.map((handle, id): ReserveStruct => {
    const r = handle.value;
    if (!r) throw new GuardError('bad-data', `Spoke ${spoke} did not return reserve ${id}.`);
    return r;
  });
  const third = callBatch();
  const symbols = structs.map((r) => addSymbol(third, r.underlying));
  await third.run(client);
  return {
    spoke: getAddress(spoke),
    oracle: getAddress(oracle),
    reserves: structs.map((r, i) => ({
      id: i,
      underlying: getAddress(r.underlying),
      symbol: symbols[i]!.value,
      decimals: Number(r.decimals),
      hub: getAddress(r.hub),
      assetId: Number(r.assetId),
    })),
  };
}

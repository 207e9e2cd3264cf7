import { getAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { multicall, value } from '../shared/multicall.ts';
import { symbolCalls, tokenSymbol } from '../shared/token.ts';
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
  const [oracleR, countR] = await multicall(client, [
    { address: spoke, abi: spokeAbi, functionName: 'ORACLE' },
    { address: spoke, abi: spokeAbi, functionName: 'getReserveCount' },
  ]);
  const oracle = value<Address>(oracleR);
  const count = value<bigint>(countR);
  if (!oracle || count === undefined) {
    throw new GuardError('bad-data', `No Aave v4 Spoke at ${spoke} (ORACLE / getReserveCount did not answer).`);
  }
  const ids = Array.from({ length: Number(count) }, (_, i) => i);
  const reserveResults = await multicall(
    client,
    ids.map((id) => ({ address: spoke, abi: spokeAbi, functionName: 'getReserve', args: [BigInt(id)] })),
  );
  const structs = ids.map((id) => {
    const r = value<ReserveStruct>(reserveResults[id]);
    if (!r) throw new GuardError('bad-data', `Spoke ${spoke} did not return reserve ${id}.`);
    return r;
  });
  const symbols = await multicall(client, structs.flatMap((r) => symbolCalls(r.underlying)));
  return {
    spoke: getAddress(spoke),
    oracle: getAddress(oracle),
    reserves: structs.map((r, i) => ({
      id: i,
      underlying: getAddress(r.underlying),
      symbol: tokenSymbol(r.underlying, symbols[2 * i], symbols[2 * i + 1]),
      decimals: Number(r.decimals),
      hub: getAddress(r.hub),
      assetId: Number(r.assetId),
    })),
  };
}

export type { ReserveStruct };

/**
 * Aave v4 (Hub & Spoke). A market is one Spoke: it knows its Hubs (per reserve) and its oracle, so the
 * markets-file entry needs only `spoke`. Rules live in rules.ts beside it.
 */
export { readAaveV4Positions, type ReadAaveV4PositionsParameters, type ReadAaveV4PositionsReturnType } from './positions.ts';
export { readAaveV4SpokeStatic, type AaveV4SpokeStatic, type AaveV4StaticReserve } from './market.ts';
export { builtinAaveV4Markets } from './markets.ts';
export { configDifferences, type ConfigDifference } from './config-note.ts';
export { hubAbi, spokeAbi, spokeOracleAbi } from './abi.ts';
export { aaveV4Adapter } from './adapter.ts';
export { aaveV4Descriptor } from './descriptor.ts';
export type { AaveV4Details, AaveV4MarketConfig, AaveV4ReserveState, AaveV4DynamicConfig } from './config.ts';

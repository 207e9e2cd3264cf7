import type { ProtocolId } from '../types.ts';
import { aaveV3Rules } from './aave-v3.ts';
import { aaveV4Rules } from './aave-v4.ts';
import { compoundV3Rules } from './compound-v3.ts';
import { morphoBlueRules } from './morpho-blue.ts';
import type { ProtocolRules } from './types.ts';

export const rules: Record<ProtocolId, ProtocolRules> = {
  'aave-v3': aaveV3Rules,
  'morpho-blue': morphoBlueRules,
  'compound-v3': compoundV3Rules,
  'aave-v4': aaveV4Rules,
};

export type { AccountValues, ProtocolRules, RulesLiquidationCost } from './types.ts';
export { legValue } from './value.ts';

import { descriptorOf, protocolIds } from '../../protocols/descriptors.ts';
import type { ProtocolId } from '../types.ts';
import type { ProtocolRules } from './types.ts';

/** Each protocol's rules, from its descriptor in the protocol registry. */
export const rules = Object.fromEntries(protocolIds.map((id) => [id, descriptorOf(id).rules])) as Record<ProtocolId, ProtocolRules>;

export type { AccountValues, ProtocolRules, RulesLiquidationCost } from './types.ts';
export { legValue } from './value.ts';

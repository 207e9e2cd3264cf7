import { descriptorOf, protocolIds } from '../protocols/descriptors.ts';
import type { ProtocolId } from '../core/types.ts';
import type { ProtocolRules } from '../core/rules.ts';

/** Each protocol's rules, from its descriptor in the protocol registry. */
export const rules = Object.fromEntries(protocolIds.map((id) => [id, descriptorOf(id).rules])) as Record<ProtocolId, ProtocolRules>;

export type { AccountValues, ProtocolRules, RulesLiquidationCost } from '../core/rules.ts';
export { legValue } from '../core/value.ts';

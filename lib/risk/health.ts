import { descriptorOf } from '../protocols/descriptors.ts';
import type { AccountValues } from '../core/rules.ts';
import type { HealthFactor, Position } from '../core/types.ts';

/** The protocol's own account values for a position (see `rules/`); `undefined` when a price is missing. */
export function accountValues(position: Position): AccountValues | undefined {
  return descriptorOf(position.protocol).rules.account(position);
}

/**
 * Health factor as WAD, exactly as the protocol computes it.
 * `null` = no debt, `undefined` = a needed price is missing (see `HealthFactor`).
 */
export function healthFactor(position: Position): HealthFactor {
  return accountValues(position)?.healthFactor;
}

/** Liquidatable when HF < 1, as every supported protocol defines it (HF = 1 exactly is still safe). */
export function isLiquidatable(hf: HealthFactor): boolean {
  return typeof hf === 'bigint' && hf < 10n ** 18n;
}

import { WAD } from '../../core/math.ts';
import type { ProtocolRules } from '../../core/rules.ts';
import { weightedAccount } from '../../core/weighted.ts';

/** Morpho Blue: one collateral, one loan token; the debt leg is priced 1:1 in the loan token. */
export const morphoBlueRules: ProtocolRules = {
  account: weightedAccount,
  // Morpho lets a liquidator repay any share of an unhealthy position's debt.
  closeFactor: () => WAD,
  seizesAllCollateral: false,
};

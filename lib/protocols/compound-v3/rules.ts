import { WAD } from '../../core/math.ts';
import type { ProtocolRules } from '../../core/rules.ts';
import { weightedAccount } from '../../core/weighted.ts';

/** Compound v3 (Comet): `isLiquidatable` compares LT-weighted collateral with the base borrow. */
export const compoundV3Rules: ProtocolRules = {
  account: weightedAccount,
  // absorb() takes the whole debt and all collateral at once.
  closeFactor: () => WAD,
  seizesAllCollateral: true,
};

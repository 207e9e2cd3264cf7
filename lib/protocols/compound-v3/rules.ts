import { WAD } from '../../risk/math.ts';
import type { ProtocolRules } from '../../risk/rules/types.ts';
import { weightedAccount } from '../../risk/rules/weighted.ts';

/** Compound v3 (Comet): `isLiquidatable` compares LT-weighted collateral with the base borrow. */
export const compoundV3Rules: ProtocolRules = {
  account: weightedAccount,
  // absorb() takes the whole debt and all collateral at once.
  closeFactor: () => WAD,
  seizesAllCollateral: true,
};

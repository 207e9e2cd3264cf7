import type { Position } from '../../core/types.ts';

/**
 * Which Aave v3 release a Pool runs, told by the chain itself: `Pool.POOL_REVISION()` is a public
 * constant on every v3 Pool, bumped by each release (read in aave-dao/aave-v3-origin's tags):
 *   @aave/core-v3 1.19.x (3.0.2)                         contracts/protocol/pool/Pool.sol:42    0x1
 *   v3.1.0  src/core/instances/PoolInstance.sol:9                                               4
 *   v3.2.0  src/contracts/instances/PoolInstance.sol:9                                          5
 *   v3.2.1  src/contracts/instances/PoolInstance.sol:9                                          6
 *   v3.3.0  src/contracts/instances/PoolInstance.sol:9                                          7
 *   v3.4.0  src/contracts/instances/PoolInstance.sol:15                                         8
 *   v3.5.0  src/contracts/instances/PoolInstance.sol:15                                         9
 *   v3.6.0  src/contracts/instances/PoolInstance.sol:15                                         10
 * (Revisions 2 and 3 are the 3.0.x upgrades of the first markets; GenericLogic/LiquidationLogic did not
 * change between 3.0.0 and 3.0.2.)
 *
 * What changed for the numbers we show (GenericLogic.calculateUserAccountData, LiquidationLogic):
 * - `v3.0` (3.0–3.2): HF = percentMul(totalCollateral, avgLT floored to bps).wadDiv(debt); debt valued
 *   floor(rayMul(scaled, index) · price / unit); close factor 50 % of the reserve debt above HF 0.95.
 * - `v3.3` (3.3–3.4): same account math (v3.4.0 GenericLogic.sol:150-165); LiquidationLogic 3.3 adds
 *   MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD ($2,000), MIN_LEFTOVER_BASE ($1,000) and a close factor of 50 %
 *   of the *total* debt (v3.3.0 LiquidationLogic.sol:279-297, 326-343).
 * - `v3.5`: HF = (Σ value·LT).wadDiv(debt) / 100_00 with no flooring of the average LT
 *   (v3.5.0 GenericLogic.sol:156-162); debt valued mulDivCeil(rayMulCeil(scaled, index), price, unit)
 *   (v3.5.0 GenericLogic.sol:222-227); the repay for a capped seize is percentDivCeil
 *   (v3.5.0 LiquidationLogic.sol:634).
 * - `v3.6`: as 3.5, but a supply enabled as collateral counts whatever the reserve's own LT: the e-mode
 *   LT applies when the reserve is in the user's category bitmap, else the reserve's (possibly 0) LT
 *   (v3.6.0 GenericLogic.sol:105-138; the 3.5 `liquidationThreshold != 0 &&` test at v3.5.0
 *   GenericLogic.sol:111 is gone), and such a supply can be seized (v3.6.0 ValidationLogic.sol:342-345).
 */
export type AaveMathModel = 'v3.0' | 'v3.3' | 'v3.5' | 'v3.6';

export interface AaveMath {
  model: AaveMathModel;
  /** False when the Pool's revision is not one we read: the numbers follow the closest model we know. */
  verified: boolean;
}

const KNOWN: Record<number, AaveMathModel> = {
  1: 'v3.0',
  2: 'v3.0',
  3: 'v3.0',
  4: 'v3.0',
  5: 'v3.0',
  6: 'v3.0',
  7: 'v3.3',
  8: 'v3.3',
  9: 'v3.5',
  10: 'v3.6',
};
const NEWEST_KNOWN = 10;

/**
 * The math a Pool of this revision runs. `undefined` (the Pool did not answer `POOL_REVISION`) and any
 * revision not in the table are *unverified*: the closest known model is used (the newest for a newer
 * revision, 3.0 for anything else) and the position says so.
 */
export function aaveMathForRevision(revision: number | undefined): AaveMath {
  if (revision !== undefined) {
    const model = KNOWN[revision];
    if (model) return { model, verified: true };
    if (revision > NEWEST_KNOWN) return { model: KNOWN[NEWEST_KNOWN]!, verified: false };
  }
  return { model: 'v3.0', verified: false };
}

/** 3.3+ liquidation rules (close factor by size, dust rule). */
export const hasSizeAwareLiquidation = (model: AaveMathModel) => model !== 'v3.0';
/** 3.5+ account math (no flooring of the average LT, debt rounded up). */
export const hasUnflooredHealth = (model: AaveMathModel) => model === 'v3.5' || model === 'v3.6';
/** 3.6+: a supply enabled as collateral counts even where the reserve's own LT is 0 (e-mode-only collateral). */
export const countsZeroLtCollateral = (model: AaveMathModel) => model === 'v3.6';

/**
 * The math model of a position's Pool (see `versions.ts`). Positions read before the reader
 * probed `POOL_REVISION` (or built by hand) carry none and keep the 3.0 order they were checked against.
 */
export function aaveModel(position: Position): AaveMathModel {
  const d = position.details;
  if (d.protocol !== 'aave-v3') return 'v3.0';
  return d.math ?? (d.poolRevision !== undefined ? aaveMathForRevision(d.poolRevision).model : 'v3.0');
}


/**
 * "How long and how likely" per refresh: liquidationTime (bisection on the engine's HF of the accrued
 * position) and liquidationChance (1 and 7 days) for 50 positions read from the devnet — Aave, Morpho and
 * Comet, health factors from 1.03 to 2 so that the simulation runs for most of them (majors carry jumps).
 * Goal: under 50 ms in total per refresh, in the background worker.
 */
import type { Address } from 'viem';
import { aaveV3, compoundV3, devnetMarketsFile, morphoBlue, type Devnet } from '../../lib/devnet/index.ts';
import { assumedModelFor, liquidationChance } from '../../lib/risk/chance.ts';
import { liquidationTime } from '../../lib/risk/interest-time.ts';
import { scan } from '../../lib/scan/index.ts';
import { freshAccount } from '../chain/helpers/aave-fixtures.ts';

const assumedModel = assumedModelFor();

const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchOutlook(devnet: Devnet) {
  const accounts: Address[] = [];
  const market = devnet.morpho.markets['WETH/USDC'];
  for (let i = 0; i < 17; i++) {
    const account = await freshAccount(devnet, `bench-outlook-${i}`);
    // Debt from ~41 % to ~80 % of what the collateral backs: HF from ~2 down to ~1.03.
    const share = 0.4 + (0.4 * i) / 16;
    await aaveV3.openPosition(devnet, { account, supply: { WETH: aaveV3.toUnits('WETH', '2') }, borrow: { USDC: aaveV3.toUnits('USDC', String(Math.round(4000 * 0.8 * share / 0.8 * 0.97))) } });
    await morphoBlue.openPosition(devnet, { account, market, collateral: 10n ** 18n, borrow: BigInt(Math.round(2000 * 0.86 * share * 1.2)) * 10n ** 6n });
    await compoundV3.openPosition(devnet.compound, { account, collateral: { WETH: 10n ** 18n }, borrow: BigInt(Math.round(2000 * 0.8 * share * 1.1)) * 10n ** 6n });
    accounts.push(account);
  }
  const file = devnetMarketsFile(devnet);
  const { positions: all } = await scan({ chains: file.chains, markets: file.markets, accounts });
  const positions = all.slice(0, 50);
  const both = () => positions.map((p) => [liquidationTime(p), liquidationChance(p, assumedModel)] as const);
  let t0 = performance.now();
  both();
  const coldMs = performance.now() - t0;
  const timeMs: number[] = [];
  const chanceMs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    t0 = performance.now();
    for (const p of positions) liquidationTime(p);
    timeMs.push(performance.now() - t0);
    t0 = performance.now();
    for (const p of positions) liquidationChance(p, assumedModel);
    chanceMs.push(performance.now() - t0);
  }
  const simulated = positions.filter((p) => {
    const c = liquidationChance(p, assumedModel);
    return c && c['7d'] > 0 && c['7d'] < 1;
  }).length;
  return {
    positions: positions.length,
    withChanceStrictlyBetween0and1: simulated,
    coldBothMs: +coldMs.toFixed(1),
    warmLiquidationTimeMs: +median(timeMs).toFixed(1),
    warmChanceMs: +median(chanceMs).toFixed(1),
    warmTotalMs: +(median(timeMs) + median(chanceMs)).toFixed(1),
    goalMs: 50,
  };
}

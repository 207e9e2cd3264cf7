import { accrue } from './accrue.ts';
import { liquidationTime } from './interest-time.ts';
import { isQuoteUnit } from './quote-unit.ts';
import { healthFactor } from './health.ts';
import { WAD, ratio } from '../core/math.ts';
import { legValue } from '../core/value.ts';
import type { Position } from '../core/types.ts';

/**
 * The chance that a position becomes liquidatable within a horizon, prices moving at random.
 *
 * Model, per asset (its log price in the position's quote unit): a driftless diffusion with volatility σ
 * plus compound-Poisson jumps (rate λ per year, log sizes ~ N(μJ, sJ²)), correlated diffusions across the
 * position's assets. Interest is not in the price model (a week of it moves HF by a fraction of a percent),
 * except that a position interest alone liquidates within a horizon (`liquidationTime`) is certain to be
 * liquidatable by then at today's prices: that horizon's chance is 1. `interestDrift` adds the engine's
 * accrual over the week as a deterministic drift of ln HF instead. The health factor on a path is the engine's rule with
 * repriced legs, HF = Σ collateral value·LT / Σ debt value, anchored to the engine's exact value today.
 * The chance is first passage (HF < 1 at any time before the horizon), not the end point.
 *
 * One asset without jumps: the closed form of a drifting Brownian motion's first passage. Otherwise Monte
 * Carlo with a fixed seed (so the same inputs always give the same numbers), with the Brownian-bridge
 * crossing probability between steps (conditional Monte Carlo: each path contributes a probability, not
 * a 0/1, which both removes the step bias and cuts the noise).
 */
export interface AssetModel {
  /** Annualised diffusion volatility of the log price. */
  sigma: number;
  /** Jumps per year. */
  jumpRate: number;
  jumpMean: number;
  jumpStd: number;
  /** Annualised total volatility, √(σ² + λ(μJ² + sJ²)): the one number shown. */
  volatility: number;
  source: 'history' | 'assumed';
  /** For 'assumed': the class used. */
  assumedClass?: AssumedClass;
}

export type AssumedClass = 'stable' | 'major' | 'long-tail' | 'quote';

export interface PriceModel {
  /** Per asset (lower-case address). */
  asset(address: string, symbol: string): AssetModel;
  /** Correlation of two assets' diffusions (lower-case addresses). */
  correlation(a: string, b: string): number;
}

export type Chance = { '1d': number; '7d': number };

export const YEAR_SECONDS = 365 * 86_400;
const DAY = 1 / 365;

// ---- assumed classes ----------------------------------------------------------------------------------------

const STABLES = /^(USDC|USDT|DAI|USDS|GHO|LUSD|FRAX|PYUSD|USDE|SUSDE|SDAI|USDBC|USDC\.E|USDT0|RLUSD|CRVUSD|EURC|EURE|AUSD|USD0|USDP|TUSD|BUSD|FDUSD)$/i;
const MAJORS = /^(W?ETH|WSTETH|STETH|RETH|CBETH|WEETH|EZETH|RSETH|OSETH|ETHX|W?BTC|CBBTC|TBTC|LBTC|SOLVBTC|W?MATIC|W?POL|W?AVAX|W?BNB|LINK|ARB|OP|SOL)$/i;

/** Labelled classes where no history can be read (annualised volatility, with a small jump component). */
export const ASSUMED: Record<AssumedClass, Omit<AssetModel, 'volatility' | 'source'>> = {
  stable: { sigma: 0.01, jumpRate: 0, jumpMean: 0, jumpStd: 0 },
  major: { sigma: 0.6, jumpRate: 4, jumpMean: 0, jumpStd: 0.04 },
  'long-tail': { sigma: 1.0, jumpRate: 8, jumpMean: 0, jumpStd: 0.08 },
  quote: { sigma: 0, jumpRate: 0, jumpMean: 0, jumpStd: 0 },
};

export function assumedClass(symbol: string): AssumedClass {
  if (STABLES.test(symbol)) return 'stable';
  if (MAJORS.test(symbol)) return 'major';
  return 'long-tail';
}

export function withVolatility<M extends Omit<AssetModel, 'volatility' | 'source'>>(m: M): M & { volatility: number } {
  return { ...m, volatility: Math.sqrt(m.sigma ** 2 + m.jumpRate * (m.jumpMean ** 2 + m.jumpStd ** 2)) };
}

export function assumedModel(cls: AssumedClass): AssetModel {
  return withVolatility({ ...ASSUMED[cls], source: 'assumed' as const, assumedClass: cls });
}

/** Assumed correlation of two assumed majors (ETH, BTC and their wrappers move together); others 0. */
export const ASSUMED_MAJOR_CORRELATION = 0.8;

export function assumedCorrelation(a: AssumedClass | undefined, b: AssumedClass | undefined): number {
  return a === 'major' && b === 'major' ? ASSUMED_MAJOR_CORRELATION : 0;
}

/** Every asset by its class (no history at all); majors move together, stables and the rest independently. */
export function assumedModelFor(): PriceModel {
  const classes = new Map<string, AssumedClass>();
  return {
    asset: (address, symbol) => {
      const cls = assumedClass(symbol);
      classes.set(address.toLowerCase(), cls);
      return assumedModel(cls);
    },
    correlation: (a, b) => (a.toLowerCase() === b.toLowerCase() ? 1 : assumedCorrelation(classes.get(a.toLowerCase()), classes.get(b.toLowerCase()))),
  };
}


// ---- normal distribution ----------------------------------------------------------------------------------------

/** Φ(x), Abramowitz–Stegun 7.1.26 via erfc with |error| < 1.5e-7. */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * P(min over [0, T] of X ≤ −b) for X_t = μt + σW_t, X_0 = 0, b > 0 (T in years, σ annual):
 * Φ((−b − μT)/(σ√T)) + e^(−2μb/σ²) Φ((−b + μT)/(σ√T)).
 */
export function firstPassage(b: number, mu: number, sigma: number, T: number): number {
  if (b <= 0) return 1;
  if (sigma <= 0 || T <= 0) return mu * T <= -b ? 1 : 0;
  const s = sigma * Math.sqrt(T);
  const a = normalCdf((-b - mu * T) / s);
  const expo = (-2 * mu * b) / (sigma * sigma);
  const c = expo > 700 ? Infinity : Math.exp(expo) * normalCdf((-b + mu * T) / s);
  return Math.min(1, a + (Number.isFinite(c) ? c : 0));
}

// ---- the position's factor structure ------------------------------------------------------------------------------

interface Factor {
  key: string;
  model: AssetModel;
  /** Σ collateral value·LT and Σ debt value of this asset's legs (floats, quote base units). */
  w: number;
  d: number;
}

interface Structure {
  factors: Factor[];
  /** Engine HF today as a float, and ln of it. */
  hf0: number;
  /** Deterministic drift of ln HF per year from interest (engine accrual over 7 days). */
  drift: number;
  /** Multiplier that makes the float rule equal the engine's exact HF today. */
  anchor: number;
}

function structure(position: Position, model: PriceModel, interestDrift: boolean): Structure | null | undefined {
  const hf = healthFactor(position);
  if (hf === null) return null;
  if (hf === undefined) return undefined;
  const byAsset = new Map<string, Factor>();
  const factor = (leg: Position['debt'][number]) => {
    const key = leg.address.toLowerCase();
    let f = byAsset.get(key);
    if (!f) {
      const m = isQuoteUnit(position, leg) ? assumedModel('quote') : model.asset(key, leg.symbol);
      byAsset.set(key, (f = { key, model: m, w: 0, d: 0 }));
    }
    return f;
  };
  for (const leg of position.collateral) {
    if (leg.liquidationThreshold === 0n || leg.amount === 0n) continue;
    const v = legValue(leg);
    if (v === undefined) return undefined;
    factor(leg).w += Number(v) * ratio(leg.liquidationThreshold, WAD);
  }
  for (const leg of position.debt) {
    const v = legValue(leg);
    if (v === undefined) return undefined;
    factor(leg).d += Number(v);
  }
  const factors = [...byAsset.values()];
  const W = factors.reduce((s, f) => s + f.w, 0);
  const D = factors.reduce((s, f) => s + f.d, 0);
  const hf0 = ratio(hf, WAD);
  const anchor = W > 0 && D > 0 ? hf0 / (W / D) : 1;
  let drift = 0;
  const week = interestDrift ? accrue(position, 7n * 86_400n) : undefined;
  const hfWeek = week && healthFactor(week);
  if (typeof hfWeek === 'bigint' && hfWeek > 0n && hf > 0n) drift = Math.log(ratio(hfWeek, hf)) / (7 * DAY);
  return { factors, hf0, drift, anchor };
}

// ---- Monte Carlo ----------------------------------------------------------------------------------------------------

/** Paths and steps of the simulation: ±0.5 point (≈ 2 standard errors) at the chances that matter. */
export const PATHS = 4000;
const STEPS_PER_DAY = 4;
const DAYS = 7;
const SEED = 0x5eed_14;

/** sfc32: small, fast, seedable; the same seed gives the same chances everywhere. */
function rng(seed: number) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

function normals(n: number, seed: number): Float64Array {
  const u = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const th = 2 * Math.PI * u();
    out[i] = r * Math.cos(th);
    if (i + 1 < n) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

/** Common random numbers for every position (built once): diffusion normals per path × step × factor. */
const cache = new Map<string, Float64Array>();
function draws(paths: number, steps: number, k: number): Float64Array {
  const key = `${paths}:${steps}:${k}`;
  let z = cache.get(key);
  if (!z) cache.set(key, (z = normals(paths * steps * k, SEED + k)));
  return z;
}

/** Lower-triangular Cholesky factor of a correlation matrix (clamped to stay positive definite). */
function cholesky(c: number[][]): number[][] {
  const n = c.length;
  const L = c.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = c[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      if (i === j) L[i]![i] = Math.sqrt(Math.max(s, 1e-12));
      else L[i]![j] = s / L[j]![j]!;
    }
  }
  return L;
}

export interface ChanceOptions {
  paths?: number;
  /** Force the simulation even where the closed form applies (tests compare the two). */
  simulate?: boolean;
  /** Plain Monte Carlo without the control variate (tests check the simulation itself). */
  controlVariate?: boolean;
  /** Add a week of interest (the engine's accrual) as a drift of ln HF (default: off, see above). */
  interestDrift?: boolean;
}

/**
 * A mover whose share of ln HF's variance is below this is held at today's price: a stablecoin debt beside
 * ETH collateral changes the chance by far less than the simulation's own ±0.5 point, and costs a factor.
 */
const NEGLIGIBLE_VARIANCE_SHARE = 1e-3;
/** Paths conditioned on at least one jump, for one asset on one side (no-jump paths are the closed form). */
export const JUMP_PATHS = 400;

/**
 * `{ '1d', '7d' }` probabilities of liquidation; `null` with no debt, `undefined` when a price is missing.
 * 1 for a position that is liquidatable already.
 */
export function liquidationChance(position: Position, model: PriceModel, opts: ChanceOptions = {}): Chance | null | undefined {
  const s = structure(position, model, opts.interestDrift ?? false);
  if (s === null || s === undefined) return s;
  if (s.hf0 < 1) return { '1d': 1, '7d': 1 };
  const chance = priceChance(s, model, opts);
  if (!chance) return chance;
  // Interest alone within the horizon: liquidatable by then at today's prices.
  const byInterest = liquidationTime(position, BigInt(DAYS * 86_400));
  if (byInterest !== null) {
    const seconds = Number(byInterest - position.timestamp);
    return { '1d': seconds <= 86_400 ? 1 : chance['1d'], '7d': 1 };
  }
  return chance;
}

function priceChance(s: Structure, model: PriceModel, opts: ChanceOptions): Chance {
  let moving = s.factors.filter((f) => (f.w > 0 || f.d > 0) && (f.model.sigma > 0 || f.model.jumpRate > 0));
  const W = s.factors.reduce((t, f) => t + f.w, 0);
  const D = s.factors.reduce((t, f) => t + f.d, 0);
  const share = (f: Factor) => (f.w / W || 0) - (f.d / D || 0);
  const variance = (f: Factor) => share(f) ** 2 * f.model.volatility ** 2;
  const total = moving.reduce((t, f) => t + variance(f), 0);
  if (!opts.simulate && moving.length > 1) moving = moving.filter((f) => variance(f) >= NEGLIGIBLE_VARIANCE_SHARE * total);
  const b = Math.log(s.hf0);
  if (moving.length === 0) {
    return { '1d': firstPassage(b, s.drift, 0, DAY), '7d': firstPassage(b, s.drift, 0, 7 * DAY) };
  }
  const single = moving.length === 1 && onlyOneSide(moving[0]!);
  if (!opts.simulate && single && moving[0]!.model.jumpRate === 0) {
    const sigma = moving[0]!.model.sigma;
    return { '1d': firstPassage(b, s.drift, sigma, DAY), '7d': firstPassage(b, s.drift, sigma, 7 * DAY) };
  }
  const useControl = opts.controlVariate ?? true;
  if (!opts.simulate && single && useControl) {
    // ln HF = ln HF₀ ± x exactly, so on paths without a jump the path *is* the control: Y − C = 0. Only
    // paths with at least one jump carry the difference; simulate those (conditioned) and weight them.
    const lambdaT = moving[0]!.model.jumpRate * DAYS * DAY;
    const pJump = 1 - Math.exp(-lambdaT);
    const f = moving[0]!;
    const r = jumpDifference(b, s.drift, f.model, f.w > 0 ? 1 : -1, opts.paths ?? JUMP_PATHS);
    const sigma = moving[0]!.model.sigma;
    return {
      '1d': clamp01(firstPassage(b, s.drift, sigma, DAY) + pJump * r['1d']),
      '7d': clamp01(firstPassage(b, s.drift, sigma, DAYS * DAY) + pJump * r['7d']),
    };
  }
  return simulate(s, moving, model, opts.paths ?? PATHS, useControl);
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** One asset on one side only: ln HF then moves one for one with its log price (the closed form's case). */
const onlyOneSide = (f: Factor) => f.w === 0 || f.d === 0;

/** Conditional Monte Carlo over 6-hour steps (see the module comment). */
function simulate(s: Structure, moving: Factor[], model: PriceModel, paths: number, useControl: boolean): Chance {
  const k = moving.length;
  const steps = STEPS_PER_DAY * DAYS;
  const dt = DAY / STEPS_PER_DAY;
  const sq = Math.sqrt(dt);
  const L = cholesky(moving.map((a) => moving.map((b) => (a === b ? 1 : model.correlation(a.key, b.key)))));
  const z = draws(paths, steps, k);
  const jumpRng = rng(SEED ^ 0x9e37);
  const sig = moving.map((f) => f.model.sigma);
  const fixedW = s.factors.filter((f) => !moving.includes(f)).reduce((t, f) => t + f.w, 0);
  const fixedD = s.factors.filter((f) => !moving.includes(f)).reduce((t, f) => t + f.d, 0);
  const w = moving.map((f) => f.w);
  const d = moving.map((f) => f.d);
  const x = new Float64Array(k);
  const ex = new Float64Array(k);
  const eps = new Float64Array(k);
  const lnAnchor = Math.log(s.anchor);
  const b = Math.log(s.hf0);
  // Control variate: ln HF frozen at today's sensitivities (a Brownian motion with drift, no jumps) on the
  // same draws. Its first-passage chance is known exactly, so the simulation only has to estimate the
  // small difference between it and the real path: far less noise for the same number of paths.
  ex.fill(1);
  const v0 = variance(ex, w, d, fixedW, fixedD, sig, L);
  const g0 = gradient(new Float64Array(k), w, d, fixedW, fixedD);
  const Y1 = new Float64Array(paths);
  const Y7 = new Float64Array(paths);
  const C1 = new Float64Array(paths);
  const C7 = new Float64Array(paths);
  const jumpSteps: number[][] = moving.map(() => []);
  for (let p = 0; p < paths; p++) {
    x.fill(0);
    ex.fill(1);
    for (let i = 0; i < k; i++) {
      const m = moving[i]!.model;
      jumpSteps[i]!.length = 0;
      if (m.jumpRate <= 0) continue;
      const n = poisson(jumpRng, m.jumpRate * DAYS * DAY, false);
      for (let j = 0; j < n; j++) jumpSteps[i]!.push(Math.floor(jumpRng() * steps));
    }
    let survive = 1;
    let controlSurvive = 1;
    let prev = b;
    let controlPrev = b;
    let control = b;
    let v = v0;
    const base = p * steps * k;
    for (let t = 0; t < steps; t++) {
      let dc = 0;
      for (let i = 0; i < k; i++) {
        let e = 0;
        const row = L[i]!;
        for (let j = 0; j <= i; j++) e += row[j]! * z[base + t * k + j]!;
        eps[i] = e;
      }
      for (let i = 0; i < k; i++) {
        const move = sig[i]! * sq * eps[i]!;
        dc += g0[i]! * move;
        let xi = x[i]! + move;
        const js = jumpSteps[i]!;
        for (let j = 0; j < js.length; j++) {
          if (js[j] === t) {
            const m = moving[i]!.model;
            xi += m.jumpMean + m.jumpStd * gaussian(jumpRng);
          }
        }
        x[i] = xi;
      }
      control += dc + s.drift * dt;
      if (controlSurvive > 0) {
        if (control < 0) controlSurvive = 0;
        else if (v0 > 0) controlSurvive *= 1 - Math.exp((-2 * controlPrev * control) / (v0 * dt));
      }
      controlPrev = control;
      if (survive > 0) {
        let W = fixedW;
        let D = fixedD;
        for (let i = 0; i < k; i++) {
          const e = Math.exp(x[i]!);
          ex[i] = e;
          W += w[i]! * e;
          D += d[i]! * e;
        }
        const cur = D > 0 ? Math.log(W / D) + lnAnchor + s.drift * dt * (t + 1) : Infinity;
        if (cur < 0) survive = 0;
        else if (v > 0) survive *= 1 - Math.exp((-2 * prev * cur) / (v * dt));
        prev = cur;
        if (k > 1) v = variance(ex, w, d, fixedW, fixedD, sig, L);
      }
      if (t + 1 === STEPS_PER_DAY) {
        Y1[p] = 1 - survive;
        C1[p] = 1 - controlSurvive;
      }
    }
    Y7[p] = 1 - survive;
    C7[p] = 1 - controlSurvive;
  }
  const sigma0 = Math.sqrt(v0);
  if (!useControl) return { '1d': mean(Y1), '7d': mean(Y7) };
  return {
    '1d': controlled(Y1, C1, firstPassage(b, s.drift, sigma0, DAY)),
    '7d': controlled(Y7, C7, firstPassage(b, s.drift, sigma0, DAYS * DAY)),
  };
}

/**
 * One asset on one side with jumps: ln HF_t = b + drift·t ± x_t exactly. Mean over paths conditioned on at
 * least one jump of (Y − C), the path's crossing chance minus that of the same path without its jumps.
 */
function jumpDifference(b: number, drift: number, m: AssetModel, sign: number, paths: number): Chance {
  const steps = STEPS_PER_DAY * DAYS;
  const dt = DAY / STEPS_PER_DAY;
  const sd = m.sigma * Math.sqrt(dt);
  const v = m.sigma * m.sigma;
  const z = draws(paths, steps, 1);
  const u = rng(SEED ^ 0x51);
  const lambdaT = m.jumpRate * DAYS * DAY;
  let d1 = 0;
  let d7 = 0;
  const at: number[] = [];
  for (let p = 0; p < paths; p++) {
    const n = poisson(u, lambdaT, true);
    at.length = 0;
    for (let j = 0; j < n; j++) at.push(Math.floor(u() * steps));
    let y = b;
    let c = b;
    let sy = 1;
    let sc = 1;
    const base = p * steps;
    for (let t = 0; t < steps; t++) {
      const move = sign * sd * z[base + t]! + drift * dt;
      const py = y;
      const pc = c;
      y += move;
      c += move;
      for (let j = 0; j < at.length; j++) if (at[j] === t) y += sign * (m.jumpMean + m.jumpStd * gaussian(u));
      if (sy > 0) sy = y < 0 ? 0 : v > 0 ? sy * (1 - Math.exp((-2 * py * y) / (v * dt))) : sy;
      // Before the first jump the two paths are one: no need to price the crossing twice.
      if (y === c && py === pc) sc = sy;
      else if (sc > 0) sc = c < 0 ? 0 : v > 0 ? sc * (1 - Math.exp((-2 * pc * c) / (v * dt))) : sc;
      if (t + 1 === STEPS_PER_DAY) d1 += sc - sy;
      if (sy === 0 && sc === 0) break;
    }
    d7 += sc - sy;
  }
  return { '1d': d1 / paths, '7d': d7 / paths };
}

/** Poisson(λT) by inversion; `atLeastOne` draws from it conditioned on ≥ 1. */
function poisson(u: () => number, lambdaT: number, atLeastOne: boolean): number {
  const p0 = Math.exp(-lambdaT);
  let target = u();
  if (atLeastOne) target = p0 + target * (1 - p0);
  let n = 0;
  let term = p0;
  let cdf = p0;
  while (cdf < target && n < 50) {
    n++;
    term *= lambdaT / n;
    cdf += term;
  }
  return n;
}

/**
 * E[C] + mean(Y − C): the difference estimator (control variate with β = 1). Unbiased, and steady at small
 * chances where a fitted β would rest on a handful of paths.
 */
function controlled(Y: Float64Array, C: Float64Array, expected: number): number {
  let diff = 0;
  for (let i = 0; i < Y.length; i++) diff += Y[i]! - C[i]!;
  return Math.min(1, Math.max(0, expected + diff / Y.length));
}

const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;

function gradient(x: Float64Array, w: number[], d: number[], fixedW: number, fixedD: number): Float64Array {
  const k = w.length;
  let W = fixedW;
  let D = fixedD;
  for (let i = 0; i < k; i++) {
    W += w[i]! * Math.exp(x[i]!);
    D += d[i]! * Math.exp(x[i]!);
  }
  const g = new Float64Array(k);
  for (let i = 0; i < k; i++) g[i] = (W > 0 ? (w[i]! * Math.exp(x[i]!)) / W : 0) - (D > 0 ? (d[i]! * Math.exp(x[i]!)) / D : 0);
  return g;
}

/** Variance rate of ln HF: |Lᵀ(g∘σ)|² with g_i = ∂lnHF/∂x_i = w_i e^x_i / W − d_i e^x_i / D (e^x given). */
function variance(ex: Float64Array, w: number[], d: number[], fixedW: number, fixedD: number, sig: number[], L: number[][]): number {
  const k = w.length;
  let W = fixedW;
  let D = fixedD;
  for (let i = 0; i < k; i++) {
    W += w[i]! * ex[i]!;
    D += d[i]! * ex[i]!;
  }
  let v = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = j; i < k; i++) {
      const g = (W > 0 ? (w[i]! * ex[i]!) / W : 0) - (D > 0 ? (d[i]! * ex[i]!) / D : 0);
      s += L[i]![j]! * g * sig[i]!;
    }
    v += s * s;
  }
  return v;
}

function gaussian(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export { isQuoteUnit } from './quote-unit.ts';

/**
 * What a report shows beyond the position: the chance and each leg's model. Computed here so the report
 * module (which the dapp page's content script bundles) does not carry the simulation.
 */
export function outlookFor(position: Position, model: PriceModel): { chance: Chance | null; asset(address: string, symbol: string): AssetModel } {
  return { chance: liquidationChance(position, model) ?? null, asset: (address, symbol) => model.asset(address, symbol) };
}

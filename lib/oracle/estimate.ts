import { withVolatility, YEAR_SECONDS, type AssetModel } from '../risk/chance.ts';

/** A price observation: unix seconds and a positive price (any unit: only ratios matter). */
export interface PricePoint {
  t: number;
  p: number;
}

/** Fewer returns than this and the history says too little: the asset falls back to an assumed class. */
export const MIN_RETURNS = 30;
/** A return beyond this many diffusion standard deviations (for its time step) counts as a jump. */
export const JUMP_THRESHOLD = 4;
/** Fewer flagged returns than this are not fitted as jumps. */
export const MIN_JUMPS = 2;
/** 1.4826 · MAD estimates σ for normal data (robust to the jumps themselves). */
const MAD_TO_SIGMA = 1.4826;

/**
 * Jump-diffusion parameters from a price series sampled at irregular times (a feed's rounds):
 * 1. standardized returns u = ln(pᵢ/pᵢ₋₁)/√Δtᵢ give a robust σ (median absolute value), unmoved by jumps;
 * 2. returns beyond `JUMP_THRESHOLD`·σ·√Δt are jumps: their count over the time covered is λ, their sizes
 *    give μJ and sJ;
 * 3. σ² is re-estimated as Σr²/ΣΔt over the other returns (the maximum-likelihood estimate with no drift),
 *    and the split repeated once with it.
 * `undefined` when there are fewer than `MIN_RETURNS` usable returns.
 */
export function estimate(points: readonly PricePoint[]): Omit<AssetModel, 'source'> | undefined {
  const r: number[] = [];
  const dt: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (!(b.t > a.t) || !(a.p > 0) || !(b.p > 0)) continue;
    r.push(Math.log(b.p / a.p));
    dt.push((b.t - a.t) / YEAR_SECONDS);
  }
  if (r.length < MIN_RETURNS) return undefined;
  const u = r.map((x, i) => Math.abs(x) / Math.sqrt(dt[i]!)).sort((a, b) => a - b);
  let sigma = MAD_TO_SIGMA * u[Math.floor(u.length / 2)]!;
  const totalTime = dt.reduce((s, x) => s + x, 0);
  if (!(sigma > 0)) sigma = Math.sqrt(r.reduce((s, x) => s + x * x, 0) / totalTime);
  let jumps: number[] = [];
  for (let pass = 0; pass < 2; pass++) {
    jumps = [];
    let ss = 0;
    let tt = 0;
    r.forEach((x, i) => {
      if (sigma > 0 && Math.abs(x) > JUMP_THRESHOLD * sigma * Math.sqrt(dt[i]!)) jumps.push(x);
      else {
        ss += x * x;
        tt += dt[i]!;
      }
    });
    sigma = tt > 0 ? Math.sqrt(ss / tt) : 0;
  }
  if (jumps.length < MIN_JUMPS) {
    // One outlier is no process to fit (and a normal history has a 1–2 % chance of one beyond 4 σ): it is
    // diffusion, and σ is the plain estimate over every return.
    return withVolatility({ sigma: Math.sqrt(r.reduce((s, x) => s + x * x, 0) / totalTime), jumpRate: 0, jumpMean: 0, jumpStd: 0 });
  }
  const n = jumps.length;
  const jumpMean = n > 0 ? jumps.reduce((s, x) => s + x, 0) / n : 0;
  const jumpStd = n > 1 ? Math.sqrt(jumps.reduce((s, x) => s + (x - jumpMean) ** 2, 0) / (n - 1)) : 0;
  return withVolatility({ sigma, jumpRate: n / totalTime, jumpMean, jumpStd });
}

/**
 * Correlation of two series' log returns on a common grid (the slower series' median spacing, last known
 * price carried forward), over the time both cover; 0 when they overlap too little to say.
 */
export function correlation(a: readonly PricePoint[], b: readonly PricePoint[]): number {
  if (a.length < 3 || b.length < 3) return 0;
  const spacing = (s: readonly PricePoint[]) => {
    const d = s.slice(1).map((p, i) => p.t - s[i]!.t).sort((x, y) => x - y);
    return d[Math.floor(d.length / 2)]!;
  };
  const step = Math.max(spacing(a), spacing(b), 1);
  const start = Math.max(a[0]!.t, b[0]!.t);
  const end = Math.min(a[a.length - 1]!.t, b[b.length - 1]!.t);
  const n = Math.floor((end - start) / step);
  if (n < 20) return 0;
  const sample = (s: readonly PricePoint[]) => {
    const out: number[] = [];
    let j = 0;
    for (let k = 0; k <= n; k++) {
      const t = start + k * step;
      while (j + 1 < s.length && s[j + 1]!.t <= t) j++;
      out.push(Math.log(s[j]!.p));
    }
    return out.slice(1).map((x, i) => x - out[i]!);
  };
  const ra = sample(a);
  const rb = sample(b);
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    sab += (ra[i]! - ma) * (rb[i]! - mb);
    saa += (ra[i]! - ma) ** 2;
    sbb += (rb[i]! - mb) ** 2;
  }
  if (saa === 0 || sbb === 0) return 0;
  return Math.max(-0.99, Math.min(0.99, sab / Math.sqrt(saa * sbb)));
}

/**
 * The price an oracle builds from several feeds (Morpho's base feeds times, quote feeds divided), at every
 * time any feed moved, from the time all have a value.
 */
export function composite(series: readonly { points: readonly PricePoint[]; invert: boolean }[]): PricePoint[] {
  if (series.length === 1 && !series[0]!.invert) return [...series[0]!.points];
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((x, y) => x - y);
  const idx = series.map(() => -1);
  const out: PricePoint[] = [];
  for (const t of times) {
    let value = 1;
    let ok = true;
    series.forEach((s, i) => {
      while (idx[i]! + 1 < s.points.length && s.points[idx[i]! + 1]!.t <= t) idx[i]!++;
      const p = s.points[idx[i]!];
      if (!p) ok = false;
      else value = s.invert ? value / p.p : value * p.p;
    });
    if (ok) out.push({ t, p: value });
  }
  return out;
}

/**
 * The popup's view model: pure functions from the snapshot (and the user's inputs) to what the views show.
 * All numbers come from `lib/risk` run on the stored positions, including the rounded and re-verified
 * proposals (`lib/risk/shown-proposals.ts`); this module only selects and words them.
 *
 * Split by job under `model/`; views import from here.
 */
export * from './model/bands.ts';
export * from './model/positions.ts';
export * from './model/assets.ts';
export * from './model/simulation.ts';
export * from './model/amounts.ts';
export * from './model/proposals.ts';
export * from './model/chart.ts';
export * from './model/links.ts';

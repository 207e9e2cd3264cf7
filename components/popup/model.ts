/**
 * The popup's view model: pure functions from the snapshot (and the user's inputs) to what the views show.
 * All numbers come from `lib/risk` run on the stored positions; this module only selects, rounds for
 * display and checks that what it displays still says the truth (see `displayedProposals`).
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

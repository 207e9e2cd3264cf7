import type { Address, Client } from 'viem';
import type { GuardError } from '../errors.ts';
import type { ProtocolRules } from '../core/rules.ts';
import type { InterestState, Position, PositionDetails, ProtocolId } from '../core/types.ts';
import type { Codec } from '../core/codec.ts';

/**
 * What every protocol plugs into the guard, in two layers:
 *
 * - `ProtocolDescriptor`: what the protocol *is* — name, exact rules, the snapshot codec of its position
 *   `details`, links to its app. Pure and small, no chain I/O: `lib/risk`, the snapshot codec, the popup
 *   and the content script (which has a size budget) use only this layer.
 * - `ProtocolAdapter`: the descriptor plus how the protocol is *read* — its markets-file entry, its
 *   built-in markets and the scan's per-market reader. Used by the background, the CLI and the
 *   markets-file parser.
 *
 * Each protocol exports both from its own folder (`lib/protocols/<id>/descriptor.ts`, `adapter.ts`) and
 * `lib/protocols/registry.ts` lists them, checked by the compiler against `ProtocolId`.
 */

/** What every market config has, whatever the protocol (the markets-file entry's common keys). */
export interface MarketBase<P extends string = ProtocolId> {
  protocol: P;
  chainId: number;
  /** Display name; unique per protocol and chain (a markets-file entry with the same name replaces it). */
  name: string;
}

/** A position's protocol extras (`Position.details`): tagged with the protocol id. */
export interface DetailsBase<P extends string = ProtocolId> {
  protocol: P;
}

export interface DappLinkTarget {
  url: string;
  /** The button's text ("Open in Aave"). */
  label: string;
}

export interface ProtocolDescriptor<
  P extends string = ProtocolId,
  D extends DetailsBase<P> = DetailsBase<P>,
  M extends MarketBase<P> = MarketBase<P>,
> {
  id: P;
  /** Name shown to users ("Aave v3"). */
  label: string;
  /**
   * Its markets-file entry (keys and parser): pure, so the options page and popup, which read imported
   * files back from storage, parse them without bundling any reader.
   */
  entry: MarketEntry<M>;
  /** Exact account values and liquidation rules (`ProtocolRules`, lib/core/rules.ts). */
  rules: ProtocolRules;
  /** Stored form of `Position.details` (bigint-safe, validating; see `lib/core/codec.ts`). */
  details: Codec<D>;
  /**
   * Tells apart positions of one account in one configured market when the market holds many (Morpho:
   * one config lists many market ids). `undefined` when the market name already names the position.
   */
  positionKeySuffix?(details: PositionDetails): string | undefined;
  /** The protocol's own app page for this position's market, when one is known. */
  dappLink(position: Position): DappLinkTarget | undefined;
  /** The app's own page for supplying `asset` in this position's market, where the app has one (a URL). */
  supplyPage?(position: Position, asset: Address): string | undefined;
  /**
   * Simulation specifics: true when `asset` is held as one signed balance in this position (Comet's
   * base token), so supplying it first repays the debt and borrowing it first draws down the supply.
   */
  signedBalance?(position: Position, asset: Address): boolean;
  /**
   * Sentences about this position that only this protocol has, shown on its card (Aave v4: the terms the
   * position keeps when they differ from what new positions get).
   */
  notes?(position: Position): string[];
  /**
   * The position `seconds` after its block with prices and rates held, its amounts grown as this
   * protocol's own accrual grows them (from `Position.interest`); `undefined` when the reader gave no
   * interest state. `lib/risk/interest-time.ts` finds the liquidation time with the engine's HF on it.
   */
  accrue?(position: Position, seconds: bigint): Position | undefined;
  /** Stored form of `Position.interest` for this protocol (what `accrue` projects from). */
  interest?: Codec<InterestState>;
}

/** One sub-market of a config that could not be read (e.g. a Morpho market id), with its typed error. */
export interface MarketFailure {
  id: string;
  error: GuardError;
}

export interface MarketReadResult {
  positions: Position[];
  failures: readonly MarketFailure[];
}

/** A markets-file entry of one protocol (DESIGN.md, contract 1). */
export interface MarketEntry<M extends MarketBase<string>> {
  /** Keys this protocol's entry accepts besides `protocol`, `chainId` and `name`; any other is an error. */
  keys: readonly string[];
  /**
   * Builds the config from an entry whose keys were checked; `common` holds the parsed `protocol`,
   * `chainId` and `name`, `where` names the entry in errors (`markets[2]`). Throws `GuardError`
   * (`invalid-markets-file`) through `lib/core/parse.ts`'s helpers.
   */
  parse(entry: Record<string, unknown>, common: MarketBase<M['protocol']>, where: string): M;
}

export interface ReadMarketParameters<M extends MarketBase<string>> {
  market: M;
  accounts: readonly Address[];
  /**
   * The scan's cache, kept between refreshes: static market data (reserve lists, token symbols, Morpho's
   * discovery state) under keys the adapter builds from `protocol:chainId:<contract>`.
   */
  cache: Map<string, unknown> | undefined;
}

export interface ProtocolAdapter<
  P extends string = ProtocolId,
  D extends DetailsBase<P> = DetailsBase<P>,
  M extends MarketBase<P> = MarketBase<P>,
> extends ProtocolDescriptor<P, D, M> {
  /** Markets read without any markets file, from maintained address books where one exists. */
  builtinMarkets: readonly M[];
  /**
   * Every account's position in one market (`lib/scan`); throws on failure (the scan keeps it local). A config
   * that holds many markets (Morpho: one deployment, many market ids) returns the ones that failed in
   * `failures`, each named, beside the positions of the others.
   */
  readMarket(client: Client, params: ReadMarketParameters<M>): Promise<Position[] | MarketReadResult>;
}

/**
 * The registry's shape: one entry per id, each carrying its own id. Generic in the id union so a test can
 * show that an id without an adapter does not compile.
 */
export type DescriptorTable<Id extends string = ProtocolId> = { readonly [P in Id]: ProtocolDescriptor<P> };
export type AdapterTable<Id extends string = ProtocolId> = { readonly [P in Id]: ProtocolAdapter<P> };

/** The market config type of an adapter. */
export type MarketOf<A> = A extends { builtinMarkets: readonly (infer M)[] } ? M : never;
/** The `Position.details` type of a descriptor. */
export type DetailsOf<A> = A extends { details: Codec<infer D> } ? D : never;

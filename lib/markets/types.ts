import type { ProtocolId, ProtocolTypes } from '../core/types.ts';

/** A chain the guard reads, with the RPC endpoints it may use (tried in order). */
export interface ChainConfig {
  chainId: number;
  name: string;
  rpcUrls: string[];
}

/** A market of any protocol, tagged by `protocol` (each protocol's own type lives in its folder). */
export type MarketConfig = ProtocolTypes[ProtocolId]['market'];

/** Contract 1 of DESIGN.md: extra chains and markets for a devnet, a fork, a new deployment. */
export interface MarketsFile {
  chains: ChainConfig[];
  markets: MarketConfig[];
}

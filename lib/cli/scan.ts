import type { Address } from 'viem';
import { parseAccount } from '../accounts.ts';
import type { ChainConfig, MarketConfig } from '../markets/types.ts';
import { report, type PositionReport } from '../risk/index.ts';
import type { ProtocolId } from '../risk/types.ts';
import { scan, type ScanError } from '../scan/index.ts';

export interface ScanPlan {
  chains: ChainConfig[];
  markets: MarketConfig[];
  accounts: string[];
  protocols?: ProtocolId[];
  chainIds?: number[];
  /** `--max-block-age`: a chain whose latest block is older is an error for that chain. */
  maxBlockAgeSeconds?: number;
}

/** Scan and turn positions into the contract's reports, in a stable order (account, chain, market). */
export async function runScan(plan: ScanPlan): Promise<{ reports: PositionReport[]; errors: ScanError[] }> {
  const accounts: Address[] = [...new Set(plan.accounts.map(parseAccount))];
  const { positions, errors } = await scan({ ...plan, accounts });
  const order = new Map(accounts.map((a, i) => [a, i]));
  const reports = positions
    .map(report)
    .sort(
      (a, b) =>
        order.get(a.account as Address)! - order.get(b.account as Address)! ||
        a.chainId - b.chainId ||
        a.market.localeCompare(b.market),
    );
  return { reports, errors };
}

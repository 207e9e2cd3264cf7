import { aave } from './aave.ts';
import { aavePro } from './aave-pro.ts';
import { compound } from './compound.ts';
import { morpho } from './morpho.ts';
import { spark } from './spark.ts';
import type { SiteModule } from './types.ts';

/** Every front-end module; their hosts are exactly `DAPP_HOSTS` of ./index.ts (a unit test holds them equal). */
export const SITES: readonly SiteModule[] = [aave, spark, compound, morpho, aavePro];

/** The module for a page's host name (exact match: no subdomains, no look-alikes). */
export function siteForHost(hostname: string): SiteModule | undefined {
  const host = hostname.toLowerCase();
  return SITES.find((s) => (s.hosts as readonly string[]).includes(host));
}

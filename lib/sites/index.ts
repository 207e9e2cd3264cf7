/**
 * The lending dapps whose pages the guard looks at for connected wallets and shows badges on.
 * The one list: the content-script `matches`, the manifest's host permissions and the background's sender
 * check all come from here, so they cannot drift apart. One module per front-end (URL → market, DOM
 * anchors) lives beside this file; `registry.ts` maps hosts to them (a unit test keeps both lists equal).
 * This file stays import-free: wxt.config.ts and lib/messages.ts read it.
 */
export const DAPP_HOSTS = ['app.aave.com', 'app.spark.fi', 'app.compound.finance', 'app.morpho.org', 'pro.aave.com'] as const;
export type DappHost = (typeof DAPP_HOSTS)[number];

/** Match patterns for content scripts and host permissions (HTTPS only: these dapps serve nothing else). */
export const DAPP_MATCHES: string[] = DAPP_HOSTS.map((host) => `https://${host}/*`);

/** True for an https URL on exactly one of the dapp hosts (no subdomains, no look-alikes, no ports). */
export function isDappUrl(url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.port === '' && (DAPP_HOSTS as readonly string[]).includes(parsed.hostname);
}

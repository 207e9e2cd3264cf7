/**
 * The one rule for an RPC URL the user gives (markets file, options page, CLI): the guard sends every
 * watched address to it, so
 * - http(s) only;
 * - no credentials in the URL (`https://user:pass@…`): they would sit in plain sight in the options page,
 *   the snapshot and error lines (keys in the path or query are the providers' norm and stay the user's call);
 * - plain `http:` only to this machine or the local network (loopback, private and link-local addresses,
 *   `localhost`, `*.local`): over the internet the reads, and the addresses in them, would travel unencrypted.
 */
export const MAX_RPC_URL_LENGTH = 500;

/** Why `url` is not acceptable as an RPC URL, or undefined when it is. */
export function rpcUrlProblem(url: unknown): string | undefined {
  if (typeof url !== 'string') return 'not a URL string';
  if (url.length > MAX_RPC_URL_LENGTH) return `longer than ${MAX_RPC_URL_LENGTH} characters`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'only http(s) RPC URLs are supported';
  if (u.username !== '' || u.password !== '') return 'credentials in the URL (user:password@) are not accepted';
  if (u.protocol === 'http:' && !isLocalHost(u.hostname)) return 'plain http: is only for this machine or the local network; use https:';
  return undefined;
}

export function isValidRpcUrl(url: unknown): url is string {
  return rpcUrlProblem(url) === undefined;
}

/** Loopback, private (RFC 1918, RFC 4193), link-local, CGNAT-free: hosts that are not on the public internet. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (host.includes(':')) {
    if (host === '::1') return true;
    if (/^f[cd][0-9a-f]{2}:/.test(host)) return true; // fc00::/7 unique local
    if (/^fe[89ab][0-9a-f]:/.test(host)) return true; // fe80::/10 link-local
    // IPv4-mapped (::ffff:127.0.0.1, which URL writes as ::ffff:7f00:1).
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (!mapped) return false;
    const hi = Number.parseInt(mapped[1]!, 16);
    const lo = Number.parseInt(mapped[2]!, 16);
    return isLocalHost(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return false;
}

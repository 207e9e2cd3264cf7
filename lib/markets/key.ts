/**
 * A market's identity: its protocol, chain and name. Two protocols' markets may share a name on one chain
 * (they are two markets); a markets-file entry with a built-in market's three replaces it; a markets file
 * may not list the same three twice (lib/markets/file.ts).
 */
export function marketKey(m: { protocol: string; chainId: number; name: string }): string {
  return `${m.protocol}:${m.chainId}:${m.name}`;
}

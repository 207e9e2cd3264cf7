/** The page's URL, or undefined where it does not parse (a site module then reports `view: 'other'`). */
export function pageUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** A pathname without its trailing slashes (`/markets/` → `/markets`), the root kept as `/`. */
export function trimPath(pathname: string): string {
  return pathname.replace(/\/+$/, '') || '/';
}

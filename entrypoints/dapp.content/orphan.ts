import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** How often an orphaned script (extension reloaded, updated or removed) notices and cleans up. */
export const ORPHAN_CHECK_MS = 2_000;

/**
 * Whether this script's extension is still there. A reload, update or removal leaves the content script
 * running in the page with no extension behind it; the page gets no event for that, and the runtime's id
 * is gone (reading it can also throw in that state).
 */
export function extensionPresent(): boolean {
  try {
    return browser.runtime?.id != null;
  } catch {
    return false;
  }
}

/**
 * Invalidates `ctx` once the extension is gone, so every listener and timer registered through it stops
 * and its `onInvalidated` cleanups (the badges' removal) run. Asked on a plain interval, not `ctx`'s: the
 * check must not depend on what WXT's wrappers happen to read.
 */
export function invalidateWhenOrphaned(ctx: Pick<ContentScriptContext, 'notifyInvalidated' | 'onInvalidated'>, present: () => boolean = extensionPresent): void {
  const id = setInterval(() => {
    if (!present()) ctx.notifyInvalidated();
  }, ORPHAN_CHECK_MS);
  ctx.onInvalidated(() => clearInterval(id));
}

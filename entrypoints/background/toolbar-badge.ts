import { browser } from 'wxt/browser';
import { computeBadge } from '@/lib/toolbar-badge.ts';
import { activeAccounts } from '@/lib/settings/index.ts';
import { readAccounts, readSettings, readSnapshot } from '@/utils/storage.ts';

/** Recompute the toolbar badge from storage and apply it (cheap; called after every change). */
export async function updateBadge(now = Date.now()): Promise<void> {
  const [snapshot, settings, accounts] = await Promise.all([readSnapshot(), readSettings(), readAccounts()]);
  const badge = computeBadge({ snapshot, watchedAccounts: activeAccounts(accounts).length, thresholds: settings, now });
  await Promise.all([
    browser.action.setBadgeText({ text: badge.text }),
    browser.action.setBadgeBackgroundColor({ color: badge.color }),
    browser.action.setTitle({ title: badge.title }),
    // Chrome ≥ 110 and Firefox pick a readable text colour themselves only sometimes: always white on our colours.
    browser.action.setBadgeTextColor?.({ color: '#FFFFFF' }),
  ]);
}

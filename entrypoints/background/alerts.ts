import { browser } from 'wxt/browser';
import {
  alertText,
  evaluateAlerts,
  notificationId,
  positionKeyFromNotificationId,
  type AlertNotice,
} from '@/lib/alerts/index.ts';
import type { Settings } from '@/lib/settings/index.ts';
import type { Snapshot } from '@/lib/snapshot/index.ts';
import { readAlertState, readChanceAlertState, writeAlertState, writeChanceAlertState } from '@/utils/storage.ts';
import { chanceAlertText, evaluateChanceAlerts } from '@/lib/alerts/chance.ts';

/** Decide and show the notifications for a new snapshot; the alert state is stored before showing. */
export async function notifyForSnapshot(snapshot: Snapshot, settings: Settings, now = Date.now()): Promise<AlertNotice[]> {
  const previous = await readAlertState();
  const { state, notices } = evaluateAlerts(previous, snapshot.positions, settings, now);
  await writeAlertState(state);
  const chance = evaluateChanceAlerts(await readChanceAlertState(), snapshot.positions, settings.chanceAlertAbove, now);
  await writeChanceAlertState(chance.state);
  if (!settings.notifications) return notices;
  await Promise.all(
    chance.notices.map((notice) => {
      const { title, message } = chanceAlertText(notice, snapshot.chains[notice.entry.position.chainId]?.name ?? `chain ${notice.entry.position.chainId}`);
      return browser.notifications.create(notificationId({ key: notice.key, level: 'warn' }, now), {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title,
        message,
        priority: 1,
      });
    }),
  );
  await Promise.all(
    notices.map((notice) => {
      const { title, message } = alertText(notice, snapshot.chains[notice.entry.position.chainId]?.name ?? `chain ${notice.entry.position.chainId}`);
      return browser.notifications.create(notificationId(notice, now), {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title,
        message,
        priority: notice.level === 'urgent' ? 2 : 1,
      });
    }),
  );
  return notices;
}

/** A click on an alert opens that position (the popup's page, in a tab, scrolled to the position). */
export async function openFromNotification(id: string): Promise<void> {
  const key = positionKeyFromNotificationId(id);
  if (key === null) return;
  await browser.notifications.clear(id);
  await browser.tabs.create({ url: `${browser.runtime.getURL('/popup.html')}#position=${encodeURIComponent(key)}` });
}

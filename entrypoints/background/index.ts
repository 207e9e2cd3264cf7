import { browser } from 'wxt/browser';
import { openFromNotification } from './alerts.ts';
import { updateBadge } from './toolbar-badge.ts';
import { handleMessage } from './handlers.ts';
import { followPageViewSources, updatePageView } from './page-view.ts';
import { POLL_ALARM, requestRefresh, schedule } from './tracker.ts';

/**
 * The background: only listener registration, synchronously (an MV3 worker is woken by these events and
 * must have its listeners in place on the first turn). The work lives in the modules beside this one.
 * Polling uses `browser.alarms` (never timers: the worker is stopped between events).
 */
export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message, sender) => handleMessage(message, sender));

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== POLL_ALARM) return;
    // First re-judge what is shown (data may have aged into "stale" while the browser slept), then read.
    void updateBadge();
    void requestRefresh('scheduled');
  });

  browser.notifications.onClicked.addListener((id) => void openFromNotification(id));

  // The dapp pages' view follows the snapshot, settings and accounts, whoever wrote them.
  followPageViewSources();

  browser.runtime.onInstalled.addListener(() => {
    void schedule();
    // An update may change what the view holds: build it now from what is stored, before the first refresh.
    void updatePageView();
    void updateBadge();
    void requestRefresh();
  });
  browser.runtime.onStartup.addListener(() => {
    void schedule();
    void updatePageView();
    void requestRefresh();
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { followPageViewSources, updatePageView } from '../../../../entrypoints/background/page-view.ts';
import { decodePageView } from '../../../../lib/sites/page-view.ts';
import { defaultSettings } from '../../../../lib/settings/index.ts';
import { STORAGE_KEYS } from '../../../../lib/storage-keys.ts';
import { pageViewItem, writeSettings, writeSnapshot } from '../../../../utils/storage.ts';
import { entry, positionWithHf, snapshotOf } from '../../fixtures/snapshot.ts';

/** Every value the page view key took, in order (what the dapp pages were told). */
let viewWrites: unknown[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  followPageViewSources();
  viewWrites = [];
  fakeBrowser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && STORAGE_KEYS.pageView in changes) viewWrites.push(changes[STORAGE_KEYS.pageView]!.newValue);
  });
});

const view = async () => decodePageView(await pageViewItem.getValue());

describe('background: the dapp pages’ view follows its sources', () => {
  it('a new snapshot reaches the view, with its health factor', async () => {
    await writeSnapshot(snapshotOf([entry(positionWithHf(1.2))]));
    await vi.waitFor(async () => expect((await view())?.positions).toHaveLength(1));
    expect((await view())!.positions[0]!.report.healthFactor).toBeCloseTo(1.2, 6);
  });

  it('the thresholds follow the settings; a settings change the pages do not show writes nothing', async () => {
    await writeSnapshot(snapshotOf([entry(positionWithHf(1.2))]));
    await vi.waitFor(() => expect(viewWrites).toHaveLength(1));
    await writeSettings({ ...defaultSettings(), warnBelow: 1.6 });
    await vi.waitFor(async () => expect((await view())?.thresholds.warnBelow).toBe(1.6));
    expect(viewWrites).toHaveLength(2);
    await writeSettings({ ...defaultSettings(), warnBelow: 1.6, rpcTimeoutMs: 9_000 });
    await updatePageView(); // queued behind the listener's run: both done when this resolves
    expect(viewWrites).toHaveLength(2);
  });

  it('a damaged view is replaced on the next change, whoever damaged it', async () => {
    await pageViewItem.setValue({ version: 1, positions: 'garbage' });
    await writeSnapshot(snapshotOf([entry(positionWithHf(1.05))]));
    await vi.waitFor(async () => expect((await view())?.positions[0]?.report.healthFactor).toBeCloseTo(1.05, 6));
  });

  it('built at start from what is stored, before any refresh (an update that brings the view)', async () => {
    await writeSnapshot(snapshotOf([entry(positionWithHf(1.3))]));
    await vi.waitFor(() => expect(viewWrites).toHaveLength(1));
    await pageViewItem.removeValue(); // as after an update from a version without it
    expect(await view()).toBeNull();
    await updatePageView(); // what onInstalled / onStartup call
    expect((await view())!.positions[0]!.report.healthFactor).toBeCloseTo(1.3, 6);
  });
});

// @vitest-environment happy-dom
/**
 * Issue 11 item 5 in the popup: addresses a page reported are asked about (Watch / Ignore, named by the
 * address), counted nowhere else; the popup says when detection is full or paused. Item 4: stored values
 * this version cannot read are announced with an export.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PopupApp } from '../../../../components/popup/PopupApp.tsx';
import { resetPopupStore } from '../../../../components/popup/store.ts';
import { storedProblems } from '../../../../components/shared/StoredNotice.tsx';
import { answerDetected, recordDetected } from '../../../../lib/settings/watched-accounts.ts';
import { decodeAccounts, decodeSettings, emptyAccounts, NEW_DETECTIONS_PER_WINDOW } from '../../../../lib/settings/index.ts';
import { ALICE, BOB, memorySource, NOW } from '../../fixtures/popup.ts';

const addr = (i: number) => `0x${(i + 100).toString(16).padStart(40, '0')}` as `0x${string}`;

beforeEach(() => resetPopupStore());
afterEach(() => cleanup());

function withAnswers(initial: Parameters<typeof memorySource>[0]) {
  const m = memorySource(initial);
  let accounts = initial!.accounts!;
  const answers: [string, boolean][] = [];
  m.source.answerDetected = async (address, watch) => {
    answers.push([address, watch]);
    accounts = answerDetected(accounts, address, watch).state;
    m.push({ accounts });
  };
  return { ...m, answers };
}

describe('popup: detected wallets', () => {
  it('asks about a reported wallet with Watch / Ignore buttons named by the address; no position, no "watched" count', async () => {
    const accounts = recordDetected(emptyAccounts(), [ALICE], 'app.aave.com', NOW).state;
    const { source, answers } = withAnswers({ accounts });
    render(<PopupApp source={source} locale="en-US" now={() => NOW} />);
    const watch = await screen.findByRole('button', { name: `Watch ${ALICE}` });
    expect(screen.getByRole('button', { name: `Ignore ${ALICE}` }).textContent).toBe('Ignore');
    expect(watch.textContent).toBe('Watch');
    expect(screen.getByTestId('detected').textContent).toContain('app.aave.com');
    expect(screen.getByTestId('empty').textContent).toContain('No wallet watched yet'); // pending is not watched
    fireEvent.click(watch);
    await waitFor(() => expect(answers).toEqual([[ALICE, true]]));
    await waitFor(() => expect(screen.queryByTestId('detected')).toBeNull());
  });

  it('says when detection is full and when it is paused', async () => {
    let accounts = recordDetected(emptyAccounts(), [addr(0), addr(1), addr(2)], 'app.aave.com', NOW).state;
    const { source } = withAnswers({ accounts });
    render(<PopupApp source={source} locale="en-US" now={() => NOW} />);
    expect((await screen.findByTestId('detection-full')).textContent).toMatch(/Wallet detection is full/);
    cleanup();
    // Ignore them and report more: past the window's budget, detection pauses.
    for (const a of [addr(0), addr(1), addr(2)]) accounts = answerDetected(accounts, a, false).state;
    accounts = recordDetected(accounts, [addr(3), addr(4), addr(5)], 'app.aave.com', NOW + 1).state;
    expect(accounts.detection!.count).toBe(NEW_DETECTIONS_PER_WINDOW);
    const again = withAnswers({ accounts });
    render(<PopupApp source={again.source} locale="en-US" now={() => NOW} />);
    expect((await screen.findByTestId('detection-paused')).textContent).toMatch(/Wallet detection is paused until/);
  });

  it('announces accounts stored by a newer version, with export and copy buttons', async () => {
    const raw = { version: 7, accounts: [{ address: BOB }] };
    const problems = storedProblems(null, decodeSettings(null), raw, decodeAccounts(raw));
    const { source } = memorySource({ problems });
    render(<PopupApp source={source} locale="en-US" now={() => NOW} />);
    const alert = await screen.findByText(/Your watched accounts were not loaded: they were saved by a newer version/);
    expect(alert).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export stored accounts' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy stored accounts' })).toBeTruthy();
  });
});

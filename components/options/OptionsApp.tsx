import { decodeSnapshot } from '@/lib/snapshot/index.ts';
import { accountsItem, decodeStoredAccountsFull, decodeStoredSettingsFull, settingsItem, snapshotItem } from '@/utils/storage.ts';
import { StoredNotice, storedProblems } from '@/components/shared/StoredNotice';
import { useTask } from '@/components/shared/useTask';
import { send } from '@/utils/messaging.ts';
import { AccountsSection } from './AccountsSection';
import { ChainsSection } from './ChainsSection';
import { MarketsImport } from './MarketsImport';
import { ThresholdsSection } from './ThresholdsSection';
import { formatAgo } from './format';
import { useNow, useStored } from './useStored';

const decodeSnap = (raw: unknown) => decodeSnapshot(raw).snapshot;
/** The decoded value with the raw one beside it (the notice exports what is stored, not what was read). */
const readWithRaw =
  <T,>(decode: (raw: unknown) => T) =>
  (raw: unknown) => ({ raw, decoded: decode(raw) });

/** The options page: reads settings, accounts and the snapshot from storage; every change goes through the background. */
export function OptionsApp() {
  const settingsRead = useStored(settingsItem, readWithRaw(decodeStoredSettingsFull));
  const accountsRead = useStored(accountsItem, readWithRaw(decodeStoredAccountsFull));
  const settings = settingsRead?.decoded.value;
  const accounts = accountsRead?.decoded.value;
  const snapshot = useStored(snapshotItem, decodeSnap);
  const now = useNow();
  const refreshing = useTask();
  const refresh = () => refreshing.run(() => send('refresh', {}));

  if (!settingsRead || !accountsRead || !settings || !accounts || snapshot === undefined)
    return (
      <main className="options">
        <header>
          <h1>Liquidation Guard</h1>
          <p className="muted">Loading…</p>
        </header>
      </main>
    );
  const problems = storedProblems(settingsRead.raw, settingsRead.decoded, accountsRead.raw, accountsRead.decoded);
  return (
    <main className="options">
      <header>
        <h1>Liquidation Guard</h1>
        <p className="muted" data-testid="last-refresh">
          {snapshot && snapshot.updatedAt > 0 ? `Last read ${formatAgo(now - snapshot.updatedAt)}` : 'Not read yet'}
          {' · '}
          <button type="button" onClick={refresh} disabled={refreshing.busy !== null} data-testid="refresh">
            {refreshing.busy ? 'Reading…' : 'Refresh now'}
          </button>
          {refreshing.error && <span className="error"> {refreshing.error}</span>}
        </p>
        <p className="muted">
          Everything stays in this browser. The guard only sends read requests to the RPC endpoints listed under
          Chains, which you can change.
        </p>
      </header>
      <StoredNotice problems={problems} discard={async (item) => void (await send('discard-stored', { item }))} />
      <AccountsSection accounts={accounts.accounts} snapshot={snapshot} />
      <ThresholdsSection settings={settings} />
      <ChainsSection settings={settings} snapshot={snapshot} now={now} />
      <MarketsImport settings={settings} />
    </main>
  );
}

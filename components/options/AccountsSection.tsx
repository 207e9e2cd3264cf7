import { useState, type FormEvent } from 'react';
import { useTask } from '@/components/shared/useTask';
import { parseAccount } from '@/lib/account-input.ts';
import { MAX_LABEL_CHARS, type WatchedAccount } from '@/lib/settings/index.ts';
import type { Snapshot } from '@/lib/snapshot/index.ts';
import { send } from '@/utils/messaging.ts';

/**
 * The address field's own check, before anything is sent: an address must be 0x + 40 hex digits with a
 * valid checksum when mixed-case; anything with a dot is taken as an ENS name (resolved by the background).
 */
export function checkAccountInput(input: string): string | null {
  const text = input.trim();
  if (text === '') return 'Enter an address (0x…) or an ENS name.';
  if (/^0x/i.test(text)) {
    try {
      parseAccount(text);
      return null;
    } catch (error) {
      return (error as { shortMessage?: string }).shortMessage ?? (error as Error).message;
    }
  }
  if (/^[^\s]+\.[^\s]+$/.test(text)) return null;
  return `"${text.slice(0, 60)}" is neither an address (0x…) nor an ENS name (name.eth).`;
}

export function AccountsSection({ accounts: all, snapshot }: { accounts: WatchedAccount[]; snapshot: Snapshot | null }) {
  // Addresses a page reported but the user has not answered are asked about in the popup, not listed here.
  const accounts = all.filter((a) => !a.pending);
  const waiting = all.length - accounts.length;
  const [input, setInput] = useState('');
  const [label, setLabel] = useState('');
  const { busy, error, setError, run } = useTask();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = checkAccountInput(input);
    setError(problem);
    if (problem) return;
    await run(async () => {
      await send('add-account', { address: input.trim(), ...(label.trim() ? { label: label.trim() } : {}) });
      setInput('');
      setLabel('');
    });
  };

  const positionsOf = (address: string) => snapshot?.positions.filter((p) => p.position.account === address).length ?? 0;

  return (
    <section aria-labelledby="accounts-h">
      <h2 id="accounts-h">Accounts</h2>
      <p className="muted">
        Wallets you connect on Aave, Spark, Compound or Morpho are offered in the toolbar popup (Watch / Ignore) and
        listed here once you watch them (the guard only looks, it never asks your wallet for anything). Hide one to
        stop watching it; add any address to watch it read-only.
      </p>
      {waiting > 0 && (
        <p className="muted" data-testid="accounts-waiting">
          {waiting} address(es) reported by dapp pages wait for your answer in the toolbar popup (Watch or Ignore); none is watched before.
        </p>
      )}
      {accounts.length === 0 ? (
        <p data-testid="no-accounts">No account watched yet.</p>
      ) : (
        <table data-testid="accounts">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Source</th>
              <th scope="col">Positions</th>
              <th scope="col">Watched</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.address} data-address={a.address} className={a.hidden ? 'hidden-account' : undefined}>
                <th scope="row" className="account-cell">
                  <code>{a.address}</code>
                  {a.label && <div className="muted">{a.label}</div>}
                </th>
                <td>{a.source === 'detected' ? `seen on ${a.lastSeenOn ?? 'a dapp'}` : 'added by you'}</td>
                <td>{a.hidden ? '—' : positionsOf(a.address)}</td>
                <td>
                  {/* Named "Watched" (the column), the same whether ticked or not; the row header says whose. */}
                  <label>
                    <input
                      type="checkbox"
                      checked={!a.hidden}
                      onChange={(e) => void send('hide-account', { address: a.address, hidden: !e.target.checked })}
                    />{' '}
                    Watched
                  </label>
                </td>
                <td>
                  <button type="button" onClick={() => void send('remove-account', { address: a.address })} aria-label={`Remove ${a.address}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={submit} className="row" noValidate>
        <label>
          Address or ENS name{' '}
          <input
            name="address"
            value={input}
            onChange={(e) => {
              setInput(e.target.value);
              setError(null);
            }}
            placeholder="0x… or name.eth"
            size={46}
            aria-invalid={error ? true : undefined}
            aria-describedby="account-error"
          />
        </label>
        <label>
          Label (optional) <input name="label" value={label} onChange={(e) => setLabel(e.target.value)} size={16} maxLength={MAX_LABEL_CHARS} />
        </label>
        <button type="submit" disabled={busy !== null}>
          {busy ? 'Adding…' : 'Watch'}
        </button>
      </form>
      {error && (
        <p id="account-error" className="error" role="alert" data-testid="account-error">
          {error}
        </p>
      )}
    </section>
  );
}

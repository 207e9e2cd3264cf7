import { useTask } from '@/components/shared/useTask';
import type { Address } from 'viem';
import { detectionStatus } from '@/lib/settings/watched-accounts.ts';
import type { PopupData, PopupSource } from './source.ts';

/**
 * Addresses a dapp page reported that the user has not answered yet. A page can report any address, so
 * nothing about them is read or shown until the user says "Watch" here; "Ignore" forgets it for good.
 * Also says when detection is paused (too many new addresses) or full (no slot left).
 */
export function DetectedPrompt({ source, data, now }: { source: PopupSource; data: PopupData; now: number }) {
  const status = detectionStatus(data.accounts, now);
  const { busy, error, run } = useTask<Address>();
  if (status.pending.length === 0 && status.pausedUntil === null && !status.full) return null;

  const answer = async (address: Address, watch: boolean) => {
    const { answerDetected } = source;
    if (!answerDetected) return;
    await run(() => answerDetected(address, watch), address);
  };

  return (
    <section className="detected" aria-labelledby="detected-h" data-testid="detected">
      <h2 id="detected-h" className="small">
        {status.pending.length > 0 ? 'New wallet seen on a dapp page' : 'Wallet detection'}
      </h2>
      {status.pending.map((a) => (
        <div key={a.address} className="detected-row" data-testid="detected-account">
          <p className="small">
            <code>{a.address}</code> was reported connected on {a.lastSeenOn ?? 'a dapp page'}. Watch it? Until you do, the guard reads
            nothing for it and shows nothing about it.
          </p>
          <button type="button" disabled={busy !== null} aria-label={`Watch ${a.address}`} onClick={() => void answer(a.address, true)}>
            Watch
          </button>{' '}
          <button type="button" disabled={busy !== null} aria-label={`Ignore ${a.address}`} onClick={() => void answer(a.address, false)}>
            Ignore
          </button>
        </div>
      ))}
      {status.pausedUntil !== null && (
        <p className="small error" role="status" data-testid="detection-paused">
          Wallet detection is paused until {new Date(status.pausedUntil).toLocaleTimeString()}: pages reported too many new addresses.
        </p>
      )}
      {status.full && (
        <p className="small error" role="status" data-testid="detection-full">
          Wallet detection is full: answer the addresses above, or remove detected accounts in the options, before a new wallet can be detected.
        </p>
      )}
      {error && (
        <p className="small error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import type { Settings } from '@/lib/settings/index.ts';
import { send } from '@/utils/messaging.ts';

export function ThresholdsSection({ settings }: { settings: Settings }) {
  const [warn, setWarn] = useState(String(settings.warnBelow));
  const [urgent, setUrgent] = useState(String(settings.urgentBelow));
  const [target, setTarget] = useState(String(settings.targetHealthFactor));
  const [timeout, setTimeoutS] = useState(String(settings.rpcTimeoutMs / 1000));
  const [chance, setChance] = useState(String(+(settings.chanceAlertAbove * 100).toFixed(3)));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const numbers = { warnBelow: Number(warn), urgentBelow: Number(urgent), targetHealthFactor: Number(target) };
    for (const [k, v] of Object.entries(numbers)) {
      if (!Number.isFinite(v) || v < 1 || v > 10) {
        setMessage({ ok: false, text: `${k === 'targetHealthFactor' ? 'Target' : 'Thresholds'} must be between 1 and 10.` });
        return;
      }
    }
    const seconds = Number(timeout);
    if (!Number.isFinite(seconds) || seconds < 1 || seconds > 60) {
      setMessage({ ok: false, text: 'The RPC timeout must be between 1 and 60 seconds.' });
      return;
    }
    const chancePct = Number(chance);
    if (!Number.isFinite(chancePct) || chancePct < 0.1 || chancePct > 100) {
      setMessage({ ok: false, text: 'The 1-day chance level must be between 0.1 and 100 %.' });
      return;
    }
    try {
      await send('set-settings', { patch: { ...numbers, rpcTimeoutMs: Math.round(seconds * 1000), chanceAlertAbove: chancePct / 100 } });
      setMessage({ ok: true, text: 'Saved.' });
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  };

  return (
    <section aria-labelledby="thresholds-h">
      <h2 id="thresholds-h">Alerts and target</h2>
      <form onSubmit={submit} className="grid" noValidate>
        <label>
          Warn when health factor falls below <input name="warnBelow" value={warn} onChange={(e) => setWarn(e.target.value)} size={5} />
        </label>
        <label>
          Urgent alert below <input name="urgentBelow" value={urgent} onChange={(e) => setUrgent(e.target.value)} size={5} />
        </label>
        <label>
          Target health factor for proposals{' '}
          <input name="targetHealthFactor" value={target} onChange={(e) => setTarget(e.target.value)} size={5} />
        </label>
        <label>
          Alert when the 1-day chance of liquidation rises above (%){' '}
          <input name="chanceAlertAbove" value={chance} onChange={(e) => setChance(e.target.value)} size={5} />
        </label>
        <label>
          RPC timeout (seconds) <input name="rpcTimeout" value={timeout} onChange={(e) => setTimeoutS(e.target.value)} size={5} />
        </label>
        <label>
          <input
            type="checkbox"
            checked={settings.notifications}
            onChange={(e) => void send('set-settings', { patch: { notifications: e.target.checked } })}
          />{' '}
          Show notifications
        </label>
        <label>
          <input
            type="checkbox"
            name="rememberedBadges"
            checked={settings.rememberedBadges}
            onChange={(e) => void send('set-settings', { patch: { rememberedBadges: e.target.checked } })}
          />{' '}
          Show badges on a dapp page while the wallet is locked (for the account last seen there)
        </label>
        <div>
          <button type="submit">Save</button>
          {message && <span className={message.ok ? 'ok' : 'error'}> {message.text}</span>}
        </div>
      </form>
      <p className="muted">
        An alert fires once when a position crosses a threshold; it fires again only after the position has
        recovered 2 % above that threshold.
      </p>
    </section>
  );
}

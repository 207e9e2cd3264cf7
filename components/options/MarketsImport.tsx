import { useState } from 'react';
import { marketKey } from '@/lib/markets/key.ts';
import type { Settings } from '@/lib/settings/index.ts';
import { send } from '@/utils/messaging.ts';

/** Import of a markets file (DESIGN.md contract 1): chains and markets for a devnet, a fork, a new deployment. */
export function MarketsImport({ settings }: { settings: Settings }) {
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  /** A file that would replace built-in markets or RPCs, waiting for the user's yes. */
  const [confirm, setConfirm] = useState<{ json: string; replaces: string[] } | null>(null);

  const importText = async (json: string, confirmReplace = false) => {
    try {
      const result = await send('import-markets', { json, ...(confirmReplace ? { confirmReplace } : {}) });
      if (!result.imported) {
        setConfirm({ json, replaces: result.replaces });
        setMessage(null);
        return;
      }
      setConfirm(null);
      setMessage({ ok: true, text: `Imported ${result.markets} market(s) on ${result.chains} chain(s); reading now.` });
      setText('');
    } catch (error) {
      setConfirm(null);
      setMessage({ ok: false, text: (error as Error).message });
    }
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 1_000_000) return setMessage({ ok: false, text: 'That file is over 1 MB; a markets file is a few KB.' });
    await importText(await file.text());
  };

  const { chains, markets } = settings.imported;
  return (
    <section aria-labelledby="markets-h">
      <h2 id="markets-h">Custom markets</h2>
      <p className="muted">
        Add markets the built-in list does not know — a devnet, a fork, a new deployment — from a markets file (
        <code>{'{ "chains": [...], "markets": [...] }'}</code>). Imported markets are switched on.
      </p>
      <div className="row">
        <label>
          Markets file <input type="file" accept=".json,application/json" name="markets-file" onChange={(e) => void onFile(e.target.files?.[0])} />
        </label>
      </div>
      <label className="block">
        or paste it
        <textarea name="markets-json" value={text} onChange={(e) => setText(e.target.value)} rows={5} spellCheck={false} />
      </label>
      <div className="row">
        <button type="button" onClick={() => void importText(text)} disabled={text.trim() === ''} data-testid="import-markets">
          Import
        </button>
        {message && (
          <span className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="import-result">
            {message.text}
          </span>
        )}
      </div>
      {confirm && (
        <div role="alertdialog" aria-labelledby="replace-h" aria-describedby="replace-list" className="confirm" data-testid="import-confirm">
          <p id="replace-h">
            <strong>This file replaces what ships with the extension.</strong> Nothing is imported yet. It would replace:
          </p>
          <ul id="replace-list">
            {confirm.replaces.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <button type="button" onClick={() => void importText(confirm.json, true)}>
            Replace and import
          </button>{' '}
          <button type="button" onClick={() => setConfirm(null)}>
            Cancel
          </button>
        </div>
      )}
      {markets.length > 0 && (
        <>
          <ul data-testid="imported-markets">
            {markets.map((m) => (
              <li key={marketKey(m)}>
                {m.name} <span className="muted">({m.protocol}, chain {m.chainId})</span>
              </li>
            ))}
          </ul>
          <p className="muted">{chains.length} imported chain(s).</p>
          <button type="button" onClick={() => void send('clear-imported-markets', {})}>
            Remove imported markets
          </button>
        </>
      )}
    </section>
  );
}

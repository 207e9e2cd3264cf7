import { useState } from 'react';
import type { DecodedAccounts, DecodedSettings } from '@/lib/settings/index.ts';

/** Something the user stored that this version could not read: kept as stored, shown, exportable. */
export interface StoredProblem {
  item: 'settings' | 'accounts';
  /** One sentence: what and why. */
  text: string;
  /** The value as stored, for the export. */
  raw: unknown;
}

/** The problems of the two user-owned items, from their raw values and how they decoded. */
export function storedProblems(rawSettings: unknown, settings: DecodedSettings, rawAccounts: unknown, accounts: DecodedAccounts): StoredProblem[] {
  const out: StoredProblem[] = [];
  if (settings.unreadable) {
    out.push({ item: 'settings', raw: rawSettings, text: `Your settings were not loaded: ${settings.unreadable.replace(/^settings /, 'they ')}. They are kept unchanged (defaults are used meanwhile) and changes here cannot be saved over them.` });
  } else if (settings.failed.length > 0 || settings.failedChains.length > 0) {
    const what = [...new Set(settings.failed.map((f) => (f === 'imported' ? 'imported markets' : f))), ...settings.failedChains.map((c) => `chain ${c}`)];
    out.push({ item: 'settings', raw: rawSettings, text: `Part of your settings could not be read (${what.join(', ')}); it is kept as stored and defaults are used meanwhile.` });
  }
  if (accounts.unreadable) {
    out.push({ item: 'accounts', raw: rawAccounts, text: `Your watched accounts were not loaded: ${accounts.unreadable.replace(/^accounts /, 'they ')}. They are kept unchanged but not watched by this version.` });
  } else if (accounts.rejected.length > 0) {
    out.push({ item: 'accounts', raw: rawAccounts, text: `${accounts.rejected.length} stored account(s) could not be read; they are kept as stored but not watched.` });
  }
  return out;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A banner per problem with "Export" (download the stored JSON) and "Copy" (to the clipboard); with
 * `discard`, also "Discard…" (asks again) for a user who has what they need and wants to start over.
 */
export function StoredNotice({ problems, discard }: { problems: readonly StoredProblem[]; discard?: (item: StoredProblem['item']) => Promise<void> }) {
  const [copied, setCopied] = useState<string | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  if (problems.length === 0) return null;
  return (
    <div className="stored-notice" data-testid="stored-notice">
      {problems.map((p) => {
        const json = JSON.stringify(p.raw, null, 2) ?? 'null';
        return (
          <div key={p.item} role="alert" className="error">
            <p>{p.text}</p>
            <button type="button" onClick={() => download(`liquidation-guard-${p.item}.json`, json)}>
              Export stored {p.item}
            </button>{' '}
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard.writeText(json).then(
                  () => setCopied(p.item),
                  () => setCopied(null),
                )
              }
            >
              Copy stored {p.item}
            </button>
            {copied === p.item && <span role="status"> Copied.</span>}
            {discard && asking !== p.item && (
              <>
                {' '}
                <button type="button" onClick={() => setAsking(p.item)}>
                  Discard stored {p.item}…
                </button>
              </>
            )}
            {discard && asking === p.item && (
              <p>
                Replace the stored {p.item} with {p.item === 'settings' ? 'the defaults' : 'an empty list'}? Export them first if you may
                need them.{' '}
                <button type="button" onClick={() => void discard(p.item).finally(() => setAsking(null))}>
                  Yes, discard stored {p.item}
                </button>{' '}
                <button type="button" onClick={() => setAsking(null)}>
                  Keep them
                </button>
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}

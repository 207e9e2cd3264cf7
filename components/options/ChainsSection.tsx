import { useState } from 'react';
import { browser } from 'wxt/browser';
import { resolveChains, type ResolvedChain } from '@/lib/settings/chains.ts';
import { rpcUrlProblem } from '@/lib/markets/rpc-url.ts';
import { MAX_RPC_URLS, type Settings } from '@/lib/settings/index.ts';
import type { Snapshot } from '@/lib/snapshot/index.ts';
import { buildMarkets } from '@/utils/build-markets.ts';
import { send } from '@/utils/messaging.ts';
import { formatAgo } from './format';

export function ChainsSection({ settings, snapshot, now }: { settings: Settings; snapshot: Snapshot | null; now: number }) {
  // Custom chains (imported, or from this build) first: they are the ones a user just set up.
  const order = { imported: 0, build: 1, builtin: 2 } as const;
  const chains = resolveChains(settings, buildMarkets)
    .filter((c) => c.markets.length > 0)
    .sort((a, b) => order[a.source] - order[b.source]);
  return (
    <section aria-labelledby="chains-h">
      <h2 id="chains-h">Chains and RPC endpoints</h2>
      <p className="muted">
        Each chain is read through the first endpoint in its list that answers with the right chain id; the others
        are fallbacks. Switch off chains you do not use to save requests.
      </p>
      <div className="chains">
        {chains.map((chain) => (
          <ChainRow key={chain.chainId} chain={chain} snapshot={snapshot} now={now} />
        ))}
      </div>
    </section>
  );
}

function ChainRow({ chain, snapshot, now }: { chain: ResolvedChain; snapshot: Snapshot | null; now: number }) {
  const [text, setText] = useState(chain.rpcUrls.join('\n'));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [unreachableOrigin, setUnreachableOrigin] = useState<string | null>(null);
  const status = snapshot?.chains[chain.chainId];

  const urls = () => text.split(/\s+/).map((u) => u.trim()).filter(Boolean);

  const save = async () => {
    const list = urls();
    const bad = list.find((u): boolean => rpcUrlProblem(u) !== undefined);
    if (bad !== undefined) return setMessage({ ok: false, text: `${bad.slice(0, 80)}: ${rpcUrlProblem(bad)}.` });
    if (list.length === 0) return setMessage({ ok: false, text: 'Give at least one URL, or reset to the defaults.' });
    if (list.length > MAX_RPC_URLS) return setMessage({ ok: false, text: `At most ${MAX_RPC_URLS} URLs.` });
    try {
      await send('set-chain', { chainId: chain.chainId, rpcUrls: list });
      setMessage({ ok: true, text: 'Saved; reading now.' });
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  };

  const reset = async () => {
    await send('set-chain', { chainId: chain.chainId, rpcUrls: null });
    setText(chain.defaultRpcUrls.join('\n'));
    setMessage({ ok: true, text: 'Back to the default endpoints.' });
  };

  const test = async () => {
    const url = urls()[0];
    if (!url) return setMessage({ ok: false, text: 'Nothing to test.' });
    if (rpcUrlProblem(url) !== undefined) return setMessage({ ok: false, text: `${url.slice(0, 80)}: ${rpcUrlProblem(url)}.` });
    setMessage({ ok: true, text: 'Testing…' });
    const result = await send('test-rpc', { url, chainId: chain.chainId }).catch((e: Error) => ({ ok: false, error: e.message, latencyMs: 0 }));
    setMessage(
      result.ok
        ? { ok: true, text: `${new URL(url).host} answers chain ${chain.chainId} in ${result.latencyMs} ms.` }
        : { ok: false, text: result.error ?? 'failed' },
    );
    // A fetch that fails outright may be a CORS refusal: offer the optional host permission for that origin.
    setUnreachableOrigin(!result.ok && /unreachable/.test(result.error ?? '') ? new URL(url).origin : null);
  };

  const grant = (origin: string) => {
    // Must be called straight from the click (a user gesture), before any await.
    void browser.permissions.request({ origins: [`${origin}/*`] }).then((granted) => {
      setMessage(granted ? { ok: true, text: `Access to ${origin} granted; test again.` } : { ok: false, text: 'Access not granted.' });
      if (granted) setUnreachableOrigin(null);
    });
  };

  return (
    <div className="chain" data-chain-id={chain.chainId}>
      <div className="row">
        <label>
          <input
            type="checkbox"
            checked={chain.enabled}
            onChange={(e) => void send('set-chain', { chainId: chain.chainId, enabled: e.target.checked })}
          />{' '}
          <strong>{chain.name}</strong>
        </label>
        <span className="muted">
          chain {chain.chainId} · {chain.markets.map((m) => m.name).join(', ')}
          {chain.source !== 'builtin' && ` · ${chain.source === 'build' ? 'from this build' : 'imported'}`}
        </span>
      </div>
      {chain.enabled && (
        <>
          <p className="status" data-testid="chain-status">
            {!status ? (
              <span className="muted">not read yet</span>
            ) : status.ok ? (
              <span className="ok">
                read {formatAgo(now - status.lastAttemptAt)} via <code>{status.rpcUrl}</code>
                {status.blockNumber !== null && ` at block ${status.blockNumber}`}
              </span>
            ) : (
              <span className="error">
                {status.errors[0]?.message ?? 'failed'}
                {status.lastSuccessAt ? ` · last good read ${formatAgo(now - status.lastSuccessAt)}` : ' · never read'}
              </span>
            )}
          </p>
          <label className="block">
            RPC URLs, one per line, in order {chain.customRpc ? '(yours)' : '(defaults)'}
            <textarea value={text} onChange={(e) => setText(e.target.value)} rows={Math.min(4, Math.max(2, urls().length))} />
          </label>
          <div className="row">
            <button type="button" onClick={save}>
              Save
            </button>
            <button type="button" onClick={test}>
              Test first URL
            </button>
            {chain.customRpc && (
              <button type="button" onClick={reset}>
                Reset to defaults
              </button>
            )}
            {unreachableOrigin && (
              <button type="button" onClick={() => grant(unreachableOrigin)}>
                Allow access to {new URL(unreachableOrigin).host}
              </button>
            )}
            {message && <span className={message.ok ? 'ok' : 'error'}>{message.text}</span>}
          </div>
        </>
      )}
    </div>
  );
}

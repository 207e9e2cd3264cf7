import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ERROR_ADVICE } from '@/lib/errors.ts';
import { formatAge } from '@/lib/format/index.ts';
import { activeAccounts } from '@/lib/settings/index.ts';
import { LocaleContext } from './context.ts';
import { failedChains, groupPositions, positionsByRisk, PROTOCOL_LABELS, thresholdWad, type ChainGroup, type PositionView } from './model.ts';
import type { ChainStatus } from '@/lib/snapshot/index.ts';
import { PositionCard } from './PositionCard.tsx';
import type { PopupData, PopupSource } from './source.ts';
import { usePopupStore } from './store.ts';
import { StoredNotice } from '@/components/shared/StoredNotice.tsx';
import { DetectedPrompt } from './DetectedPrompt.tsx';
import { useTask } from '@/components/shared/useTask';

/** Re-render every few seconds so "updated 12 s ago" and staleness stay true while the popup is open. */
const AGE_TICK_MS = 5_000;
/**
 * A lone position opens by default; with more, every card starts closed (one or two lines) so each HF is
 * on screen without scrolling — five positions fit a 400 × 600 popup — and the worst is first.
 */
const OPEN_ALONE = 1;

export interface PopupAppProps {
  source: PopupSource;
  /** Position key from the page URL (a notification click): selected and scrolled to. */
  initialPositionKey?: string | null;
  locale?: string;
  now?: () => number;
  /** Called once the first data is on screen (the benchmark's mark). */
  onFirstData?: () => void;
}

function useNow(now: () => number): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    const id = window.setInterval(() => setT(now()), AGE_TICK_MS);
    return () => window.clearInterval(id);
  }, [now]);
  return t;
}

function usePopupData(source: PopupSource): PopupData | null {
  const [data, setData] = useState<PopupData | null>(null);
  useEffect(() => {
    let alive = true;
    void source.load().then((d) => alive && setData(d));
    const unwatch = source.watch((d) => alive && setData(d));
    return () => {
      alive = false;
      unwatch();
    };
  }, [source]);
  return data;
}

export function PopupApp({ source, initialPositionKey = null, locale, now = Date.now, onFirstData }: PopupAppProps) {
  const data = usePopupData(source);
  const t = useNow(now);
  const select = usePopupStore((s) => s.select);
  useEffect(() => {
    if (initialPositionKey) select(initialPositionKey);
  }, [initialPositionKey, select]);
  useEffect(() => {
    if (data) onFirstData?.();
  }, [data, onFirstData]);

  return (
    <LocaleContext.Provider value={locale}>
      <div className="popup">
        <Header source={source} data={data} now={t} />
        {data?.problems && <StoredNotice problems={data.problems} />}
        {data && <DetectedPrompt source={source} data={data} now={t} />}
        {data === null ? <Skeleton label="Loading…" /> : <Body source={source} data={data} now={t} />}
      </div>
    </LocaleContext.Provider>
  );
}

function Header({ source, data, now }: { source: PopupSource; data: PopupData | null; now: number }) {
  const { busy, error, run } = useTask();
  const refresh = () => run(() => source.refresh());
  const updatedAt = data?.snapshot?.updatedAt ?? 0;
  return (
    <header className="popup-head">
      <h1>Liquidation Guard</h1>
      <div className="head-actions">
        <span className="muted small" data-testid="last-refresh">
          {updatedAt > 0 ? `Read ${formatAge(now - updatedAt)}` : data ? 'Not read yet' : ''}
        </span>
        <button type="button" onClick={refresh} disabled={busy !== null} data-testid="refresh">
          {busy ? 'Reading…' : 'Refresh'}
        </button>
        <OptionsLink source={source} className="small">
          Options
        </OptionsLink>
        {source.pageUrl && (
          <a className="small" href={source.pageUrl} target="_blank" rel="noopener noreferrer" title="Open this view in a tab" aria-label="Open this view in a tab">
            Tab<span aria-hidden="true"> ↗</span>
          </a>
        )}
      </div>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </header>
  );
}

function OptionsLink({ source, className, children }: { source: PopupSource; className?: string; children: ReactNode }) {
  return (
    <a
      className={className}
      href={source.optionsUrl}
      target="_blank"
      rel="noopener noreferrer"
      onClick={(e) => {
        if (source.openOptions) {
          e.preventDefault();
          source.openOptions();
        }
      }}
    >
      {children}
    </a>
  );
}

function Skeleton({ label }: { label: string }) {
  return (
    <div className="skeleton" aria-busy="true" aria-label={label} data-testid="skeleton">
      {[0, 1].map((i) => (
        <div key={i} className="skeleton-card">
          <span className="sk sk-title" />
          <span className="sk sk-number" />
          <span className="sk sk-bar" />
          <span className="sk sk-line" />
        </div>
      ))}
      <p className="muted small">{label}</p>
    </div>
  );
}

function TargetEditor({ source, stored, warnBelow }: { source: PopupSource; stored: number; warnBelow: number }) {
  const text = usePopupStore((s) => s.targetText);
  const setText = usePopupStore((s) => s.setTargetText);
  const [error, setError] = useState<string | null>(null);
  const value = text ?? String(stored);
  const parsed = parseTarget(value);
  const save = async () => {
    if (text === null) return;
    if (typeof parsed === 'string') return;
    if (parsed === stored) {
      setText(null);
      return;
    }
    try {
      await source.saveSettings({ targetHealthFactor: parsed });
      setText(null);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const message = typeof parsed === 'string' ? parsed : parsed <= warnBelow ? `Below your warning threshold (${warnBelow}): kept for this view only.` : error;
  return (
    <div className="target">
      <label htmlFor="target-hf">Target health factor</label>
      <input
        id="target-hf"
        type="text"
        inputMode="decimal"
        size={5}
        value={value}
        aria-invalid={typeof parsed === 'string'}
        aria-describedby="target-msg"
        data-testid="target"
        onChange={(e) => setText(e.target.value)}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void save();
          if (e.key === 'Escape') setText(null);
        }}
      />
      <span id="target-msg" className={`small ${typeof parsed === 'string' ? 'error' : 'muted'}`} role="status">
        {message ?? ''}
      </span>
    </div>
  );
}

/** The target as typed: a number above 1 and at most 10, or a one-line reason. */
export function parseTarget(text: string): number | string {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return 'Type a number such as 1.5.';
  const n = Number(t);
  if (n <= 1) return 'The target must be above 1 (liquidation happens below 1).';
  if (n > 10) return 'At most 10.';
  return n;
}

function Body({ source, data, now }: { source: PopupSource; data: PopupData; now: number }) {
  const { snapshot, settings, accounts } = data;
  const watched = activeAccounts(accounts).length;
  const targetText = usePopupStore((s) => s.targetText);
  const groupByChain = usePopupStore((s) => s.groupByChain);
  const setGroupByChain = usePopupStore((s) => s.setGroupByChain);
  const typed = targetText === null ? settings.targetHealthFactor : parseTarget(targetText);
  const target = typeof typed === 'number' ? typed : settings.targetHealthFactor;
  const targetWad = thresholdWad(target);
  const ranked = useMemo(() => (snapshot && !groupByChain ? positionsByRisk(snapshot, settings, now) : []), [snapshot, settings, now, groupByChain]);
  const groups = useMemo(() => (snapshot && groupByChain ? groupPositions(snapshot, settings, now) : []), [snapshot, settings, now, groupByChain]);
  const failed = useMemo(() => (snapshot ? failedChains(snapshot) : { withPositions: [], empty: [] }), [snapshot]);
  const count = snapshot?.positions.length ?? 0;

  if (watched === 0 && count === 0) return <EmptyState source={source} />;
  if (!snapshot || (snapshot.updatedAt === 0 && count === 0)) return <Skeleton label="Reading your positions…" />;
  const card = (v: PositionView) => (
    <PositionCard
      key={v.key}
      view={v}
      thresholds={data.settings}
      target={target}
      targetWad={targetWad}
      customMarkets={data.customMarkets}
      defaultOpen={count <= OPEN_ALONE}
    />
  );
  return (
    <main>
      <div className="toolbar">
        <TargetEditor source={source} stored={settings.targetHealthFactor} warnBelow={settings.warnBelow} />
        {count > 1 && (
          <label className="group-choice small">
            <input type="checkbox" checked={groupByChain} onChange={(e) => setGroupByChain(e.target.checked)} data-testid="group-by-chain" /> Group by chain
          </label>
        )}
      </div>
      {count === 0 && (
        <div className="empty" data-testid="no-positions">
          <p>
            {failed.empty.length > 0
              ? 'No open loans found so far, but some chains could not be read (see below).'
              : `No open loans for ${watched === 1 ? 'the watched account' : `the ${watched} watched accounts`} on the chains read.`}
          </p>
          <p className="muted small">
            Add another address or a chain in the <OptionsLink source={source}>options</OptionsLink>.
          </p>
        </div>
      )}
      {groupByChain ? (
        groups.map((g) => <ChainSection key={g.chainId} group={g} now={now} card={card} />)
      ) : (
        <>
          {failed.withPositions.map((status) => (
            <ChainErrors key={status.chainId} status={status} now={now} named />
          ))}
          {count > 0 && (
            <section aria-labelledby="ranked-h" className="ranked" data-testid="positions">
              <h2 id="ranked-h" className="sr-only">
                Positions, worst first
              </h2>
              {ranked.map(card)}
            </section>
          )}
        </>
      )}
      {failed.empty.length > 0 && <QuietChains chains={failed.empty} now={now} />}
    </main>
  );
}

/** A chain that holds positions and could not be read: loud, since the numbers shown are from before. */
function ChainErrors({ status, now, named }: { status: ChainStatus; now: number; named?: boolean }) {
  return (
    <div className="chain-errors" role="alert" data-testid="chain-error">
      {status.errors.slice(0, 3).map((e, i) => (
        <p key={i} className="small">
          <strong>
            {named ? `${status.name}${e.market ? ` · ${e.market}` : ''}: ` : e.market ? `${e.market}: ` : ''}Could not read.
          </strong>{' '}
          {e.message} <span className="muted">{ERROR_ADVICE[e.kind]}</span>
        </p>
      ))}
      <p className="small muted">
        {status.lastSuccessAt ? `Last good read ${formatAge(now - status.lastSuccessAt)}; numbers ${named ? 'for this chain' : 'below'} are from then.` : 'Never read successfully.'}
      </p>
    </div>
  );
}

/** Chains that failed where the user holds nothing: one collapsed line, however many (offline: all of them). */
function QuietChains({ chains, now }: { chains: ChainStatus[]; now: number }) {
  return (
    <details className="quiet-chains small" data-testid="unreachable-chains">
      <summary>
        {chains.length === 1 ? `1 chain could not be read` : `${chains.length} chains could not be read`} (no positions of yours seen there)
      </summary>
      <ul>
        {chains.map((c) => (
          <li key={c.chainId}>
            <strong>{c.name}:</strong> {c.errors[0]?.message ?? 'no answer'}
            {c.lastSuccessAt ? ` (last good read ${formatAge(now - c.lastSuccessAt)})` : ' (never read)'}
          </li>
        ))}
      </ul>
    </details>
  );
}

function ChainSection(props: { group: ChainGroup; now: number; card: (v: PositionView) => ReactNode }) {
  const { group, now, card } = props;
  const status = group.status;
  return (
    <section className="chain" aria-label={group.name} data-testid="chain">
      <h2>{group.name}</h2>
      {status && status.errors.length > 0 && <ChainErrors status={status} now={now} />}
      {group.protocols.map((p) => (
        <div key={p.protocol} className="protocol">
          <h3 className="protocol-name small muted">{PROTOCOL_LABELS[p.protocol]}</h3>
          {p.positions.map(card)}
        </div>
      ))}
    </section>
  );
}

function EmptyState({ source }: { source: PopupSource }) {
  return (
    <main className="empty" data-testid="empty">
      <h2>No wallet watched yet</h2>
      <p>The guard watches accounts in two ways:</p>
      <ol>
        <li>
          <strong>Connect your wallet on a supported app</strong> (Aave, Spark, Compound, Morpho). The guard only reads the
          connected address; it never asks your wallet for anything.
        </li>
        <li>
          <strong>Add an address by hand</strong> (or an ENS name) in the <OptionsLink source={source}>options</OptionsLink>. Watch-only:
          no wallet needed.
        </li>
      </ol>
      <p className="muted small">Everything stays in this browser; only read requests go to the RPC endpoints listed in the options.</p>
    </main>
  );
}

import { formatAmount, formatHealthFactor, formatPercent } from '@/lib/format/index.ts';
import { WAD, type Position } from '@/lib/risk/index.ts';
import { useLocale } from './context.ts';
import type { DappLink, ShownAmount, ShownProposal, ShownProposals } from './model.ts';

/** "1.2 WETH": the displayed (already rounded) amount with all its digits. */
function Amount({ a }: { a: ShownAmount }) {
  const locale = useLocale();
  return (
    <span className="amount">
      {formatAmount(a.amount, a.decimals, locale, 80)} {a.symbol}
    </span>
  );
}

/** The market's page in its app; nothing per line where there is none (the card says why once). */
function Link({ link }: { link: DappLink }) {
  if (link.url === null) return null;
  return (
    <a className="dapp-link" href={link.url} target="_blank" rel="noopener noreferrer" title={`${link.label} (opens a new tab)`}>
      {link.label.replace(/^Open in /, '')} ↗
    </a>
  );
}

function After({ p }: { p: ShownProposal }) {
  const locale = useLocale();
  return <span className="after">→ HF {formatHealthFactor(p.hfAfter, locale)}</span>;
}

/**
 * Ways to reach the target health factor, each a button that opens the simulator with exactly that
 * action, and a link to the market's page in its app.
 */
export function Proposals(props: {
  position: Position;
  proposals: ShownProposals;
  link: DappLink;
  onPick: (p: ShownProposal) => void;
}) {
  const { proposals: shown, link, onPick } = props;
  const locale = useLocale();
  const target = formatHealthFactor(shown.target, locale);
  if (shown.note) return <p className="muted small">{shown.note}</p>;
  if (shown.alreadySafe) {
    return (
      <p className="muted small" data-testid="proposals-safe">
        At or above your target health factor of {target}: nothing to do.
      </p>
    );
  }
  const [main, ...others] = shown.addCollateral;
  const none = !main && shown.repay.length === 0 && shown.deleverage.length === 0;
  return (
    <div className="proposals" data-testid="proposals">
      <h4>To reach health factor {target}</h4>
      {none && <p className="muted small">No single action in this market reaches the target.</p>}
      <ul>
        {main && (
          <li data-testid="proposal-add">
            <button type="button" className="proposal" onClick={() => onPick(main)} title="Simulate this">
              Add <Amount a={main.add} />
            </button>
            {others.length > 0 && (
              <span className="alt">
                {' '}
                (or{' '}
                {others.slice(0, 2).map((o, i) => (
                  <span key={o.add.address}>
                    {i > 0 ? ' or ' : ''}
                    <button type="button" className="proposal inline" onClick={() => onPick(o)} title="Simulate this">
                      <Amount a={o.add} />
                    </button>
                  </span>
                ))}{' '}
                of another collateral)
              </span>
            )}{' '}
            <After p={main} /> <Link link={link} />
          </li>
        )}
        {shown.repay.map((p) => (
          <li key={p.repay.address} data-testid="proposal-repay">
            <button type="button" className="proposal" onClick={() => onPick(p)} title="Simulate this">
              Repay {p.all ? 'all ' : ''}
              <Amount a={p.repay} />
            </button>{' '}
            <After p={p} />
            {!p.reachesTarget && <span className="muted small"> (not enough alone)</span>} <Link link={link} />
          </li>
        ))}
        {shown.deleverage.slice(0, 2).map((p) => (
          <li key={`${p.sell.address}:${p.repay.address}`} data-testid="proposal-deleverage">
            <button type="button" className="proposal" onClick={() => onPick(p)} title="Simulate this">
              Deleverage: sell <Amount a={p.sell} /> to repay {p.all ? 'all ' : ''}
              <Amount a={p.repay} />
            </button>{' '}
            <span className="muted small">({formatPercent(Number(p.slippage) / Number(WAD), locale)} slippage allowed)</span> <After p={p} />
            {!p.reachesTarget && <span className="muted small"> (not enough alone)</span>} <Link link={link} />
          </li>
        ))}
      </ul>
    </div>
  );
}

import { formatAmount, formatHealthFactor, formatPercent } from '@/lib/format/index.ts';
import { WAD, type Position } from '@/lib/risk/index.ts';
import { useLocale } from './context.ts';
import { actionLink, type AppAction, type ShownAmount, type ShownProposal, type ShownProposals } from './model.ts';

/** "1.2 WETH": the displayed (already rounded) amount with all its digits. */
function amount(a: ShownAmount, locale: string | undefined): string {
  return `${formatAmount(a.amount, a.decimals, locale, 80)} ${a.symbol}`;
}

/** What a proposal's button says: that a click simulates (nothing is sent), and exactly what. */
export function proposalLabel(p: ShownProposal, locale?: string): string {
  switch (p.kind) {
    case 'add-collateral':
      return `Simulate adding ${amount(p.add, locale)}`;
    case 'repay':
      return `Simulate repaying ${p.all ? 'all ' : ''}${amount(p.repay, locale)}`;
    case 'deleverage':
      return `Simulate selling ${amount(p.sell, locale)} to repay ${p.all ? 'all ' : ''}${amount(p.repay, locale)}`;
  }
}

/** The app's page for doing it for real, named by the verb ("Repay on Aave"); nothing where there is none. */
function ActionLink(props: { position: Position; action: AppAction; asset: ShownAmount; customMarkets: ReadonlySet<string> }) {
  const link = actionLink(props.position, props.action, props.asset.address, props.customMarkets);
  if (link.url === null) return null;
  return (
    <a className="dapp-link" href={link.url} target="_blank" rel="noopener noreferrer" title={`Opens ${new URL(link.url).host} in a new tab`} data-testid="action-link">
      {link.label}
      <span aria-hidden="true"> ↗</span>
      <span className="sr-only"> (new tab)</span>
    </a>
  );
}

function After({ p }: { p: ShownProposal }) {
  const locale = useLocale();
  const hf = formatHealthFactor(p.hfAfter, locale);
  return (
    <span className="after">
      <span aria-hidden="true">→ HF {hf}</span>
      <span className="sr-only">, health factor after: {hf}</span>
    </span>
  );
}

/**
 * Ways to reach the target health factor. Each button opens the simulator with exactly that change (and
 * says so: nothing is sent from here); beside it, the app's own page for doing it for real.
 */
export function Proposals(props: {
  position: Position;
  proposals: ShownProposals;
  customMarkets: ReadonlySet<string>;
  onPick: (p: ShownProposal) => void;
}) {
  const { position, proposals: shown, customMarkets, onPick } = props;
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
  const pick = (p: ShownProposal) => (
    <button type="button" className="proposal" onClick={() => onPick(p)}>
      {proposalLabel(p, locale)}
    </button>
  );
  return (
    <div className="proposals" data-testid="proposals">
      <h4>To reach health factor {target}</h4>
      <p className="muted small hint">The buttons only simulate; nothing is sent from here.</p>
      {none && <p className="muted small">No single action in this market reaches the target.</p>}
      <ul>
        {main && (
          <li data-testid="proposal-add">
            {pick(main)} <After p={main} /> <ActionLink position={position} action="supply" asset={main.add} customMarkets={customMarkets} />
            {others.length > 0 && (
              <ul className="alts" aria-label="Or another collateral">
                {others.slice(0, 2).map((o) => (
                  <li key={o.add.address} data-testid="proposal-add-alt">
                    <span className="muted small">or </span>
                    {pick(o)} <After p={o} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        )}
        {shown.repay.map((p) => (
          <li key={p.repay.address} data-testid="proposal-repay">
            {pick(p)} <After p={p} />
            {!p.reachesTarget && <span className="muted small"> (not enough alone)</span>}{' '}
            <ActionLink position={position} action="repay" asset={p.repay} customMarkets={customMarkets} />
          </li>
        ))}
        {shown.deleverage.slice(0, 2).map((p) => (
          <li key={`${p.sell.address}:${p.repay.address}`} data-testid="proposal-deleverage">
            {pick(p)} <span className="muted small">({formatPercent(Number(p.slippage) / Number(WAD), locale)} slippage allowed)</span> <After p={p} />
            {!p.reachesTarget && <span className="muted small"> (not enough alone)</span>}{' '}
            <ActionLink position={position} action="deleverage" asset={p.sell} customMarkets={customMarkets} />
          </li>
        ))}
      </ul>
    </div>
  );
}

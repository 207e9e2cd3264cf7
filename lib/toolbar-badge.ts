import { toWad, type Thresholds } from './alerts/index.ts';
import { formatAge, formatDuration, formatHealthFactor, shortAddress } from './format/number.ts';
import { healthFactor } from './risk/health.ts';
import { WAD } from './core/types.ts';
import { ageMs, isStale, STALE_AFTER_MS, type PositionEntry, type Snapshot } from './snapshot/index.ts';

/**
 * The toolbar badge, computed from the snapshot (pure; the background only applies it).
 *
 * Text: the worst health factor across every watched position, rounded *down* to 2 decimals ("1.07"), so
 * the badge never looks safer than the position is. When any number behind it is not fresh (the chain of
 * a known position failed, a position could not be re-read, a price is missing, or no refresh ran for a
 * while), the text is "!" instead: an old number must never look like a current one. The title always
 * says what is behind it, including chains that failed where no position of the user is known.
 */
export interface Badge {
  text: string;
  /** Background colour, #rrggbb. */
  color: string;
  title: string;
}

export const BADGE_COLORS = {
  urgent: '#C5221F', // red: below the urgent threshold (or liquidatable)
  warn: '#E37400', // orange: below the warning threshold
  ok: '#188038', // green
  unknown: '#5F6368', // grey: error, stale, nothing to show
} as const;

/** HF at or above this shows as "10+": beyond it the digits carry no information for the user. */
const HF_DISPLAY_CAP = 10n * WAD;

export function badgeText(hf: bigint): string {
  return hf >= HF_DISPLAY_CAP ? '10+' : formatHealthFactor(hf);
}

export function bandColor(hf: bigint, t: Thresholds): string {
  if (hf < toWad(t.urgentBelow)) return BADGE_COLORS.urgent;
  if (hf < toWad(t.warnBelow)) return BADGE_COLORS.warn;
  return BADGE_COLORS.ok;
}

export interface BadgeInput {
  snapshot: Snapshot | null;
  /** Accounts being watched now (not hidden). */
  watchedAccounts: number;
  thresholds: Thresholds;
  now: number;
}

const NAME = 'Liquidation Guard';

export function computeBadge({ snapshot, watchedAccounts, thresholds, now }: BadgeInput): Badge {
  if (watchedAccounts === 0) {
    return { text: '', color: BADGE_COLORS.unknown, title: `${NAME}: no wallet watched yet. Open a lending app, or add an address in the options.` };
  }
  if (!snapshot || snapshot.updatedAt === 0) {
    return { text: '…', color: BADGE_COLORS.unknown, title: `${NAME}: reading positions…` };
  }
  const chainName = (id: number) => snapshot.chains[id]?.name ?? `chain ${id}`;

  // Worst first; positions without debt (null) cannot be liquidated and never count as worst.
  const rated = snapshot.positions
    .map((entry) => ({ entry, hf: healthFactor(entry.position) }))
    .filter((r): r is { entry: PositionEntry; hf: bigint | undefined } => r.hf !== null);
  const withHf = rated.filter((r): r is { entry: PositionEntry; hf: bigint } => typeof r.hf === 'bigint');
  withHf.sort((a, b) => (a.hf < b.hf ? -1 : a.hf > b.hf ? 1 : 0));
  const worst = withHf[0];

  // A failed chain blocks the number when it holds known positions (they are not current any more) or
  // when nothing at all is known. A chain with none of the user's positions that fails (a built-in chain
  // offline, a public RPC down) is said in the title but does not hide the health of what was read.
  const problems: string[] = [];
  const notes: string[] = [];
  const chainsWithPositions = new Set(snapshot.positions.map((e) => e.position.chainId));
  for (const [id, status] of Object.entries(snapshot.chains)) {
    if (status.ok) continue;
    const first = status.errors[0];
    const since = status.lastSuccessAt ? `last good read ${formatAge(now - status.lastSuccessAt)}` : 'never read';
    const line = `${status.name}: ${first ? first.message : 'not read'} (${since})`;
    if (chainsWithPositions.has(Number(id)) || snapshot.positions.length === 0) problems.push(line);
    else notes.push(line);
  }
  const missingPrice = rated.filter((r) => r.hf === undefined);
  for (const r of missingPrice) problems.push(`${r.entry.position.market} ${shortAddress(r.entry.position.account)}: a price is missing`);
  const stale = snapshot.positions.filter((e) => isStale(e, now));
  if (now - snapshot.updatedAt > STALE_AFTER_MS) problems.push(`no refresh for ${formatDuration(now - snapshot.updatedAt)}`);
  else if (stale.length > 0 && problems.length === 0) problems.push(`${stale.length} position(s) not re-read`);

  const describe = (r: { entry: PositionEntry; hf: bigint }) => {
    const p = r.entry.position;
    const age = isStale(r.entry, now) ? `, as of ${formatAge(ageMs(r.entry, now))}` : '';
    return `HF ${formatHealthFactor(r.hf)}: ${p.market} on ${chainName(p.chainId)}, ${shortAddress(p.account)}${age}`;
  };
  const counts = `${snapshot.positions.length} position(s), ${snapshot.accounts.length} account(s)`;

  if (problems.length > 0) {
    // Keep the alarm colour when the last known number is already bad: stale is no reason to look calmer.
    const color = worst && worst.hf < toWad(thresholds.warnBelow) ? bandColor(worst.hf, thresholds) : BADGE_COLORS.unknown;
    const lines = [`${NAME}: data not fresh`, ...problems.slice(0, 5)];
    if (worst) lines.push(`Worst known: ${describe(worst)}`);
    return { text: '!', color, title: lines.join('\n') };
  }
  if (!worst) {
    return {
      text: '',
      color: BADGE_COLORS.ok,
      title: `${NAME}: no debt in ${counts}; nothing can be liquidated (read ${formatAge(now - snapshot.updatedAt)}).${
        notes.length > 0 ? `\nNot read: ${notes.slice(0, 3).join('; ')}` : ''
      }`,
    };
  }
  const unread = notes.length > 0 ? `\nNot read (no known position there): ${notes.slice(0, 3).join('; ')}` : '';
  return {
    text: badgeText(worst.hf),
    color: bandColor(worst.hf, thresholds),
    title: `${NAME}: worst ${describe(worst)}\n${counts}, read ${formatAge(now - snapshot.updatedAt)}${unread}`,
  };
}

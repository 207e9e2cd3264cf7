/**
 * Number formatting for the views (popup, and anything else that shows numbers to a person).
 *
 * Pure and locale-aware (`Intl.NumberFormat`), no browser APIs. Two rules run through it:
 * - a health factor is *truncated*, never rounded up, so a shown number is never nicer than the real one
 *   (the toolbar badge does the same, so both always agree);
 * - amounts a user is told to *act on* (add, repay) round up, in `roundUnits`, so doing what the screen
 *   says never falls short.
 * Formatters are cached per locale and option set: creating an `Intl.NumberFormat` costs far more than
 * using one, and the popup formats a few hundred numbers on first paint.
 */
import { formatUnits } from 'viem';

const WAD = 10n ** 18n;

/** HF values at or above this show as "> 999": beyond it the digits carry no information. */
export const HF_DISPLAY_MAX = 999n * WAD;

const cache = new Map<string, Intl.NumberFormat>();

export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** The decimal separator of a locale ("." or ","), for parsing what a user types. */
export function decimalSeparator(locale?: string): string {
  return numberFormat(locale, {}).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** The grouping separator of a locale ("," in en, "." in de, a narrow space in fr, "’" in de-CH). */
export function groupSeparator(locale?: string): string {
  return numberFormat(locale, {}).formatToParts(1_000_000).find((p) => p.type === 'group')?.value ?? ',';
}

/**
 * A health factor (WAD bigint) truncated to 2 decimals, in the locale: `1.07`, `1,234.50`.
 * `null` (no debt) is "∞"; `undefined` (a price is missing) is "?".
 */
export function formatHealthFactor(hf: bigint | null | undefined, locale?: string): string {
  if (hf === null) return '∞';
  if (hf === undefined) return '?';
  if (hf >= HF_DISPLAY_MAX) return `> ${numberFormat(locale, { maximumFractionDigits: 0 }).format(999)}`;
  const cents = hf <= 0n ? 0n : (hf * 100n) / WAD;
  // cents / 100 as a double is the double nearest to x.yz, and 2 fraction digits print exactly x.yz.
  return numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(cents) / 100);
}

/** A float health factor (from a report) truncated to 2 decimals; same output as the WAD version. */
export function formatHealthFactorNumber(hf: number | null, locale?: string): string {
  if (hf === null) return '∞';
  if (!Number.isFinite(hf)) return '?';
  return formatHealthFactor(BigInt(Math.floor(Math.max(0, Math.min(hf, 1e6)) * 100)) * (WAD / 100n), locale);
}

/**
 * A value in the position's quote unit: `$12,000.00` for USD, `1,234.56 USDC` for a Morpho market
 * quoted in its loan token. Rounded to cents (or 4 significant digits below 1).
 */
export function formatValue(value: number, quote: string, locale?: string): string {
  const small = Math.abs(value) > 0 && Math.abs(value) < 1;
  if (quote === 'USD') {
    return numberFormat(locale, {
      style: 'currency',
      currency: 'USD',
      ...(small ? { maximumSignificantDigits: 4 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    }).format(value);
  }
  const n = numberFormat(locale, small ? { maximumSignificantDigits: 4 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${n.format(value)} ${quote}`;
}

/** A price in the quote unit: 2 decimals from 100 up, 4 from 1, 6 significant digits below. */
export function formatPrice(price: number, quote: string, locale?: string): string {
  const abs = Math.abs(price);
  const options: Intl.NumberFormatOptions =
    abs >= 100
      ? { minimumFractionDigits: 2, maximumFractionDigits: 2 }
      : abs >= 1
        ? { minimumFractionDigits: 2, maximumFractionDigits: 4 }
        : { maximumSignificantDigits: 6 };
  if (quote === 'USD') return numberFormat(locale, { style: 'currency', currency: 'USD', ...options }).format(price);
  return `${numberFormat(locale, options).format(price)} ${quote}`;
}

/** A ratio as a percentage with one decimal: 0.2727 → "27.3%" (locale spacing and sign). */
export function formatPercent(ratio: number, locale?: string, opts: { signed?: boolean } = {}): string {
  return numberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    ...(opts.signed ? { signDisplay: 'exceptZero' } : {}),
  }).format(ratio);
}

/**
 * A token amount (base units) for reading, not for copying: `significant` significant digits (but
 * always two decimals' worth beyond the whole part), never more than the token has, truncated (a
 * holding shown never looks bigger than it is). The exact amount belongs in a title.
 */
export function formatAmount(amount: bigint, decimals: number, locale?: string, significant = 6): string {
  const wholeDigits = amount >= 10n ** BigInt(decimals) ? (amount / 10n ** BigInt(decimals)).toString().length : 0;
  const shown = roundUnits(amount, decimals, Math.max(significant, wholeDigits + 2), 'down');
  return formatDecimalString(formatUnits(shown, decimals), locale);
}

/**
 * Round a token amount (base units) to `significant` significant digits, up or down.
 * `roundUnits(1_234_567n, 6, 3, 'up')` (1.234567 USDC) → 1_240_000n (1.24 USDC).
 */
export function roundUnits(amount: bigint, decimals: number, significant: number, direction: 'up' | 'down'): bigint {
  if (amount <= 0n) return amount;
  const digits = amount.toString().length;
  const drop = digits - significant;
  if (drop <= 0) return amount;
  const unit = 10n ** BigInt(drop);
  const down = (amount / unit) * unit;
  return direction === 'up' && down !== amount ? down + unit : down;
}

/**
 * An exact decimal string ("1234.5678") in the locale's grouping and decimal separator, with no loss:
 * the integer part goes through `Intl` (exact for bigint), the fraction is appended digit for digit.
 */
export function formatDecimalString(text: string, locale?: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const grouped = numberFormat(locale, { maximumFractionDigits: 0 }).format(BigInt(whole));
  const trimmed = fraction.replace(/0+$/, '');
  const body = trimmed ? `${grouped}${decimalSeparator(locale)}${trimmed}` : grouped;
  return negative ? `-${body}` : body;
}

/** A length of time in its largest whole unit: "12 s", "4 min", "3 h", "2 d". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} d`;
}

/** "12 s ago", "4 min ago", "3 h ago", "2 d ago". */
export function formatAge(ms: number): string {
  return `${formatDuration(ms)} ago`;
}

/** A short account label: 0x7099…79C8. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

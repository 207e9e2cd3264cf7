/**
 * Reading an amount a person typed, with a clear one-line message for everything that is not a usable
 * amount. Pure; the simulator shows `error` inline under the field.
 *
 * Accepted: what the popup itself shows and what the user's locale writes — "4,050", "4,050.5",
 * "4.050,5" (de), "4 050,5" (fr), "1'000.5" (de-CH), "1,00,000" (en-IN), "4050.5", a trailing symbol
 * ("2,510 USDC"). Grouping must be well formed (groups of three, or the locale's own pattern).
 * Rejected only when a reading is a guess: a single "." or "," followed by exactly three digits ("1.000")
 * is a thousands separator or a decimal point, and a 1000× error is not a typo anyone notices. The locale
 * settles it where it can ("," groups in en, "." groups in de); where the mark is neither the locale's
 * decimal nor its group separator (a "." in fr), the user is asked. No exponents, no signs except a
 * leading "-", which gets its own message.
 */
import { parseUnits } from 'viem';
import { decimalSeparator, formatAmount, groupSeparator, numberFormat } from './number.ts';

/** Decimals viem's `parseUnits` and every ERC-20 we know stay within. */
export const MAX_INPUT_DECIMALS = 18;
/** More whole digits than this is not an amount anyone holds (2^256 has 78 digits). */
const MAX_WHOLE_DIGITS = 30;

export interface AmountLimit {
  /** Base units. */
  amount: bigint;
  /** "the debt", "the position holds": completes "More than …". */
  label: string;
}

export interface ParseAmountOptions {
  decimals: number;
  symbol: string;
  locale?: string;
  max?: AmountLimit;
}

export type ParsedAmount =
  | { ok: true; amount: bigint; empty: boolean }
  | { ok: false; error: string };

/** Spaces of every width that locales group digits with, and apostrophes (de-CH), all as one grouping mark. */
const SPACE_GROUP = /[\s\u00a0\u2007\u2009\u202f]/g;
const APOSTROPHE_GROUP = /['\u2019]/g;

/**
 * The digits and the decimal point of an amount as typed ("1,234.5" → { whole: "1234", fraction: "5" }),
 * or a one-line reason. See the module comment for what is accepted.
 */
export function readDecimal(text: string, locale?: string): { whole: string; fraction: string } | { error: string } {
  const notANumber = { error: 'Not a number: type an amount such as 1.5.' };
  const body = text.replace(SPACE_GROUP, ' ').replace(APOSTROPHE_GROUP, "'");
  if (!/^[\d.,' ]+$/.test(body) || !/\d/.test(body)) return notANumber;
  const dec = decimalSeparator(locale);
  const grp = groupSeparator(locale);
  const dots = body.split('.').length - 1;
  const commas = body.split(',').length - 1;
  const others = /[' ]/.test(body);
  let point: '.' | ',' | null = null;
  if (dots > 0 && commas > 0) {
    // Both marks: the last one is the decimal point, once, after every grouping mark.
    point = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    if ((point === '.' ? dots : commas) > 1) return notANumber;
  } else if (dots + commas === 1) {
    const mark = dots === 1 ? '.' : ',';
    const [head = '', tail = ''] = body.split(mark);
    const couldGroup = !others && /^[1-9]\d{0,2}$/.test(head) && /^\d{3}$/.test(tail);
    if (!couldGroup || mark === dec) point = mark;
    else if (mark !== grp) {
      const thousands = head + tail;
      const decimal = `${head}${dec}${tail.replace(/0+$/, '') || '0'}`;
      return { error: `"${text}" could be ${decimal} or ${thousands}: type ${thousands} without the "${mark}", or write decimals with "${dec}".` };
    }
  }
  const [intPart = '', fraction = ''] = point === null ? [body] : body.split(point);
  if (!/^\d*$/.test(fraction)) return notANumber;
  const marks = new Set(intPart.replace(/\d/g, ''));
  if (marks.size > 1) return notANumber;
  const whole = intPart.replace(/\D/g, '');
  if (marks.size === 1 && !wellGrouped(intPart.split([...marks][0]!), whole, locale)) {
    return { error: 'Thousands separators must group digits by three (1,000,000).' };
  }
  if (whole === '' && fraction === '') return notANumber;
  return { whole, fraction };
}

/** Groups of three after a first of one to three, or the locale's own pattern (en-IN: 1,00,000). */
function wellGrouped(groups: string[], whole: string, locale?: string): boolean {
  const [first = '', ...rest] = groups;
  if (/^[1-9]\d{0,2}$/.test(first) && rest.every((g) => /^\d{3}$/.test(g))) return true;
  if (whole.length > 30) return false;
  const own = numberFormat(locale, { maximumFractionDigits: 0 }).format(BigInt(whole)).split(/\D+/);
  return own.length === groups.length && own.every((g, i) => g === groups[i]);
}

export function parseAmount(input: string, opts: ParseAmountOptions): ParsedAmount {
  let text = input.trim();
  if (text === '') return { ok: true, amount: 0n, empty: true };
  // "2,510 USDC" as the popup writes it: the field's own symbol may follow the number.
  const symbol = opts.symbol.trim();
  if (symbol && text.toLowerCase().endsWith(symbol.toLowerCase()) && text.length > symbol.length) {
    text = text.slice(0, text.length - symbol.length).trim();
  }
  let negative = false;
  if (text.startsWith('-') || text.startsWith('\u2212')) {
    negative = true;
    text = text.slice(1).trim();
  }
  const read = readDecimal(text, opts.locale);
  if ('error' in read) return { ok: false, error: read.error };
  if (negative) return { ok: false, error: 'The amount cannot be negative.' };
  const { whole, fraction } = read;
  if (whole.replace(/^0+/, '').length > MAX_WHOLE_DIGITS) return { ok: false, error: 'That number is too large.' };
  if (fraction.length > MAX_INPUT_DECIMALS) {
    return { ok: false, error: `Too many decimals: at most ${MAX_INPUT_DECIMALS}.` };
  }
  if (fraction.replace(/0+$/, '').length > opts.decimals) {
    return {
      ok: false,
      error:
        opts.decimals === 0
          ? `${opts.symbol} has no decimals: type a whole number.`
          : `${opts.symbol} has ${opts.decimals} decimals; this has ${fraction.length}.`,
    };
  }
  const amount = parseUnits(`${whole || '0'}.${fraction.slice(0, opts.decimals) || '0'}`, opts.decimals);
  if (opts.max && amount > opts.max.amount) {
    return {
      ok: false,
      error: `More than ${opts.max.label} (${formatAmount(opts.max.amount, opts.decimals, opts.locale, 12)} ${opts.symbol}).`,
    };
  }
  return { ok: true, amount, empty: false };
}

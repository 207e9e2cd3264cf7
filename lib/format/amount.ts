/**
 * Reading an amount a person typed, with a clear one-line message for everything that is not a usable
 * amount. Pure; the simulator shows `error` inline under the field.
 *
 * Accepted: digits with at most one decimal separator — "." always, and "," too where the locale writes
 * decimals with a comma (de, fr, …). Nothing else: no grouping separators (in "1,000" the comma could be
 * a thousands separator or a decimal one, and guessing wrong is a 1000× error), no exponents, no signs
 * except a leading "-" which gets its own message. Spaces around the number are ignored.
 */
import { parseUnits } from 'viem';
import { decimalSeparator, formatAmount } from './number.ts';

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

export function parseAmount(input: string, opts: ParseAmountOptions): ParsedAmount {
  const text = input.trim();
  if (text === '') return { ok: true, amount: 0n, empty: true };
  const comma = decimalSeparator(opts.locale) === ',';
  let body = text;
  let negative = false;
  if (body.startsWith('-') || body.startsWith('−')) {
    negative = true;
    body = body.slice(1).trim();
  }
  const separators = comma ? /[.,]/g : /\./g;
  const sepCount = (body.match(separators) ?? []).length;
  if (!comma && body.includes(',')) {
    return { ok: false, error: 'Use "." for decimals and no thousands separators (1000.5, not 1,000.5).' };
  }
  if (sepCount > 1) return { ok: false, error: 'Use one decimal point and no thousands separators.' };
  const normalized = body.replace(',', '.');
  if (!/^(\d+\.?\d*|\.\d+)$/.test(normalized)) return { ok: false, error: 'Not a number: type an amount such as 1.5.' };
  if (negative) return { ok: false, error: 'The amount cannot be negative.' };
  const [whole = '', fraction = ''] = normalized.split('.');
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

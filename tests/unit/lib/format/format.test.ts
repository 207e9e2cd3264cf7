import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatAmount,
  formatDecimalString,
  formatHealthFactor,
  formatHealthFactorNumber,
  formatPercent,
  formatPrice,
  formatValue,
  parseAmount,
  roundUnits,
} from '../../../../lib/format/index.ts';

const WAD = 10n ** 18n;

describe('health factor formatting', () => {
  it('truncates to 2 decimals, never rounds up', () => {
    expect(formatHealthFactor(1_079_999_999_999_999_999n, 'en-US')).toBe('1.07');
    expect(formatHealthFactor(WAD, 'en-US')).toBe('1.00');
    expect(formatHealthFactor(999_999_999_999_999_999n, 'en-US')).toBe('0.99');
    expect(formatHealthFactor(1_375n * 10n ** 15n, 'en-US')).toBe('1.37');
  });
  it('says no debt, missing price, and caps absurd values', () => {
    expect(formatHealthFactor(null)).toBe('∞');
    expect(formatHealthFactor(undefined)).toBe('?');
    expect(formatHealthFactor(10n ** 40n, 'en-US')).toBe('> 999');
    expect(formatHealthFactor(-5n, 'en-US')).toBe('0.00');
  });
  it('uses the locale', () => {
    expect(formatHealthFactor(12_345n * 10n ** 15n, 'de-DE')).toBe('12,34');
    expect(formatHealthFactor(1_500n * 10n ** 15n, 'fr-FR')).toBe('1,50');
  });
  it('formats float HFs the same way', () => {
    expect(formatHealthFactorNumber(1.0799, 'en-US')).toBe('1.07');
    expect(formatHealthFactorNumber(null, 'en-US')).toBe('∞');
  });
});

describe('values, prices, percents, amounts', () => {
  it('formats USD and token-quoted values', () => {
    expect(formatValue(12000, 'USD', 'en-US')).toBe('$12,000.00');
    expect(formatValue(0.012345, 'USD', 'en-US')).toBe('$0.01235');
    expect(formatValue(1234.5, 'USDC', 'en-US')).toBe('1,234.50 USDC');
  });
  it('formats prices with sensible precision', () => {
    expect(formatPrice(1454.5454, 'USD', 'en-US')).toBe('$1,454.55');
    expect(formatPrice(1.375, 'USD', 'en-US')).toBe('$1.375');
    expect(formatPrice(0.000123456789, 'USD', 'en-US')).toBe('$0.000123457');
  });
  it('formats percents, signed when asked', () => {
    expect(formatPercent(0.2727, 'en-US')).toBe('27.3%');
    expect(formatPercent(-0.2, 'en-US', { signed: true })).toBe('-20.0%');
    expect(formatPercent(0.5, 'en-US', { signed: true })).toBe('+50.0%');
  });
  it('shows amounts truncated to significant digits, exact digits otherwise', () => {
    expect(formatAmount(1_234_567_891n, 6, 'en-US')).toBe('1,234.56');
    expect(formatAmount(10n ** 18n * 10n, 18, 'en-US')).toBe('10');
    expect(formatAmount(15_714_285_714n, 6, 'en-US')).toBe('15,714.28');
    expect(formatAmount(1_234_567_891_234n, 6, 'en-US')).toBe('1,234,567.89');
    expect(formatAmount(123n, 18, 'en-US')).toBe('0.000000000000000123');
    expect(formatDecimalString('1234567.000100', 'de-DE')).toBe('1.234.567,0001');
  });
  it('rounds base units up or down to significant digits', () => {
    expect(roundUnits(1_234_567n, 6, 3, 'up')).toBe(1_240_000n);
    expect(roundUnits(1_234_567n, 6, 3, 'down')).toBe(1_230_000n);
    expect(roundUnits(1_230_000n, 6, 3, 'up')).toBe(1_230_000n);
    expect(roundUnits(999n, 6, 5, 'up')).toBe(999n);
  });
  it('ages', () => {
    expect(formatAge(4_000)).toBe('4 s ago');
    expect(formatAge(4 * 60_000)).toBe('4 min ago');
    expect(formatAge(3 * 3_600_000)).toBe('3 h ago');
  });
});

describe('parseAmount: what a person types', () => {
  const usdc = { decimals: 6, symbol: 'USDC', locale: 'en-US' };
  it('accepts plain decimals', () => {
    expect(parseAmount('1500.5', usdc)).toEqual({ ok: true, amount: 1_500_500_000n, empty: false });
    expect(parseAmount(' .5 ', usdc)).toEqual({ ok: true, amount: 500_000n, empty: false });
    expect(parseAmount('7.', usdc)).toEqual({ ok: true, amount: 7_000_000n, empty: false });
    expect(parseAmount('', usdc)).toEqual({ ok: true, amount: 0n, empty: true });
    expect(parseAmount('1.500000000', usdc)).toEqual({ ok: true, amount: 1_500_000n, empty: false });
  });
  it('rejects what is not a number, negatives, too many decimals', () => {
    expect(parseAmount('abc', usdc)).toMatchObject({ ok: false, error: expect.stringMatching(/Not a number/) });
    expect(parseAmount('1e6', usdc)).toMatchObject({ ok: false, error: expect.stringMatching(/Not a number/) });
    expect(parseAmount('0x10', usdc)).toMatchObject({ ok: false });
    expect(parseAmount('-5', usdc)).toMatchObject({ ok: false, error: 'The amount cannot be negative.' });
    expect(parseAmount('1.1234567', usdc)).toMatchObject({ ok: false, error: 'USDC has 6 decimals; this has 7.' });
    expect(parseAmount('1.1234567890123456789', { ...usdc, decimals: 18, symbol: 'WETH' })).toMatchObject({ ok: false, error: 'Too many decimals: at most 18.' });
    expect(parseAmount('1'.repeat(40), usdc)).toMatchObject({ ok: false, error: 'That number is too large.' });
  });
  it('accepts what the popup shows: grouped amounts, the symbol after them', () => {
    expect(parseAmount('4,050', usdc)).toEqual({ ok: true, amount: 4_050_000_000n, empty: false });
    expect(parseAmount('2,510 USDC', usdc)).toEqual({ ok: true, amount: 2_510_000_000n, empty: false });
    expect(parseAmount('1,234,567.89', usdc)).toEqual({ ok: true, amount: 1_234_567_890_000n, empty: false });
    expect(parseAmount('1.000.000', usdc)).toEqual({ ok: true, amount: 1_000_000_000_000n, empty: false });
    expect(parseAmount('1 000 000', usdc)).toEqual({ ok: true, amount: 1_000_000_000_000n, empty: false });
    // "." in en is the decimal point: four-decimal amounts are not a thousands guess
    expect(parseAmount('1.000', usdc)).toEqual({ ok: true, amount: 1_000_000n, empty: false });
    // two different marks: the last is the decimal point, whatever the locale
    expect(parseAmount('4.050,5', usdc)).toEqual({ ok: true, amount: 4_050_500_000n, empty: false });
    // a comma that cannot be grouping is a decimal comma
    expect(parseAmount('1,5', usdc)).toEqual({ ok: true, amount: 1_500_000n, empty: false });
  });
  it('reads the locale\'s own grouping: de, fr, de-CH, en-IN', () => {
    const in_ = (locale: string, text: string) => parseAmount(text, { ...usdc, locale });
    // what formatAmount shows in each locale reads back to the same amount
    for (const locale of ['en-US', 'de-DE', 'fr-FR', 'de-CH', 'en-IN']) {
      const shown = formatAmount(123_456_789_500_000n, 6, locale);
      expect(in_(locale, shown), `${locale}: ${shown}`).toEqual({ ok: true, amount: 123_456_789_500_000n, empty: false });
    }
    expect(in_('de-DE', '4.050')).toEqual({ ok: true, amount: 4_050_000_000n, empty: false });
    expect(in_('de-DE', '4,050')).toEqual({ ok: true, amount: 4_050_000n, empty: false });
    expect(in_('fr-FR', '4\u202f050,5')).toEqual({ ok: true, amount: 4_050_500_000n, empty: false });
    expect(in_('en-IN', '1,00,000')).toEqual({ ok: true, amount: 100_000_000_000n, empty: false });
  });
  it('rejects only what could be read two ways, or is badly grouped', () => {
    // in fr "." is neither the decimal nor the grouping mark: 1 or 1000?
    expect(parseAmount('1.000', { ...usdc, locale: 'fr-FR' })).toEqual({ ok: false, error: '"1.000" could be 1,0 or 1000: type 1000 without the ".", or write decimals with ",".' });
    expect(parseAmount('2,500', { ...usdc, locale: 'de-CH' })).toMatchObject({ ok: false, error: expect.stringMatching(/could be 2\.5 or 2500/) });
    expect(parseAmount('1,00', usdc)).toEqual({ ok: true, amount: 1_000_000n, empty: false });
    expect(parseAmount('12,34,567', usdc)).toMatchObject({ ok: false, error: expect.stringMatching(/group digits by three/) });
    expect(parseAmount('1.000,000.5', usdc)).toMatchObject({ ok: false, error: expect.stringMatching(/Not a number/) });
    expect(parseAmount('1,2.3,4', usdc)).toMatchObject({ ok: false });
    expect(parseAmount('2,510 WETH', usdc)).toMatchObject({ ok: false, error: expect.stringMatching(/Not a number/) });
  });
  it('reads a decimal comma where the locale writes one', () => {
    expect(parseAmount('2,5', { ...usdc, locale: 'de-DE' })).toEqual({ ok: true, amount: 2_500_000n, empty: false });
    expect(parseAmount('2.5', { ...usdc, locale: 'de-DE' })).toEqual({ ok: true, amount: 2_500_000n, empty: false });
  });
  it('enforces the limit with the limit in the message', () => {
    const max = { amount: 4_200_000_000n, label: 'the debt' };
    expect(parseAmount('4200', { ...usdc, max })).toMatchObject({ ok: true, amount: 4_200_000_000n });
    expect(parseAmount('4200.000001', { ...usdc, max })).toEqual({ ok: false, error: 'More than the debt (4,200 USDC).' });
  });
});

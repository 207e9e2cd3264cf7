/** Amounts in the simulator's inputs: the text of a prefilled field and the slider's steps. */
import { formatUnits } from 'viem';
import { decimalSeparator, roundUnits } from '@/lib/format/index.ts';

/**
 * A plain decimal string of base units for an input field: no grouping, the locale's decimal mark
 * ("1234.5", "1234,5" in de), so a prefilled "1.234" in de can never read back as 1234.
 */
export function amountText(amount: bigint, decimals: number, locale?: string): string {
  const text = formatUnits(amount, decimals);
  const mark = decimalSeparator(locale);
  return mark === '.' ? text : text.replace('.', mark);
}

/** The slider's position (0…1000) for an amount, and the amount for a slider position. */
export const SLIDER_STEPS = 1000;
export function sliderValue(amount: bigint | null, max: bigint): number {
  if (!amount || max <= 0n) return 0;
  if (amount >= max) return SLIDER_STEPS;
  return Number((amount * BigInt(SLIDER_STEPS)) / max);
}
export function sliderAmount(step: number, max: bigint, decimals: number): bigint {
  if (step >= SLIDER_STEPS) return max;
  if (step <= 0) return 0n;
  // A round number of 4 significant digits: the slider picks a size; exact amounts are typed.
  return roundUnits((max * BigInt(Math.round(step))) / BigInt(SLIDER_STEPS), decimals, 4, 'down');
}

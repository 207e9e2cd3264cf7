/** Health bands: the same thresholds and comparison as the toolbar badge and the alerts. */
import { toWad, type Thresholds } from '@/lib/alerts/index.ts';
import type { HealthFactor } from '@/lib/risk/index.ts';

export type Band = 'urgent' | 'warn' | 'ok' | 'unknown';

export type { Thresholds };

/** A threshold from settings as WAD: the conversion `lib/alerts` (and so the badge) uses. */
export const thresholdWad = toWad;

export function bandOf(hf: HealthFactor, t: Thresholds): Band {
  if (hf === undefined) return 'unknown';
  if (hf === null) return 'ok';
  if (hf < thresholdWad(t.urgentBelow)) return 'urgent';
  if (hf < thresholdWad(t.warnBelow)) return 'warn';
  return 'ok';
}

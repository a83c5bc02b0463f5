// Sleeves, target models and their bands, classifications, and the allocation they give the household.
import type { DecimalString } from './app.ts';

export const BAND_RULES = ['either', 'wider'] as const;
export type BandRule = (typeof BAND_RULES)[number];
export type BandStatus = 'in' | 'over' | 'under';
export const CYCLICALS_SETTINGS = ['gics', 'morningstar'] as const;
export type CyclicalsSetting = (typeof CYCLICALS_SETTINGS)[number];

/** A target's band limits when the model names none: 5 percentage points absolute, 25% of the target relative (combined per BandRule). */
/** A percentage as targets, weights and bands are written: 0–999 with up to six decimals ("30", "12.5"). */
export const PERCENT_PATTERN = /^\d{1,3}(\.\d{1,6})?$/;
export const DEFAULT_BAND_ABSOLUTE_PP = '5';
export const DEFAULT_BAND_RELATIVE_PCT = '25';

export interface SleeveView {
  id: number;
  /** The default sleeve this one is (reference data speaks these names); null for one the user added. */
  key: string | null;
  name: string;
}

export interface ModelTargetView {
  sleeve: string;
  targetPct: DecimalString;
  absolutePp: DecimalString;
  relativePct: DecimalString;
}

export interface ModelView {
  id: number;
  name: string;
  active: boolean;
  bandRule: BandRule;
  preset: string | null;
  targets: ModelTargetView[];
  /** Sleeve → symbols to buy for it, in order of preference. */
  preferred: Record<string, string[]>;
}

export interface SleeveAllocationView {
  sleeve: string;
  value: DecimalString;
  currentPct: DecimalString;
  targetPct: DecimalString;
  driftPp: DecimalString;
  /** Drift relative to the target, in percent; null when the target is 0. */
  driftRelPct: DecimalString | null;
  bandLowPct: DecimalString;
  bandHighPct: DecimalString;
  status: BandStatus;
}

export interface AllocationView {
  model: { id: number; name: string; bandRule: BandRule } | null;
  cyclicals: CyclicalsSetting;
  baseCurrency: string;
  total: DecimalString;
  sleeves: SleeveAllocationView[];
  /** Held but in no sleeve: listed, never dropped; their value is in `total`. */
  unclassified: { symbol: string; name: string; value: DecimalString; currentPct: DecimalString; reason: string }[];
  accounts: { id: number; name: string; total: DecimalString; sleeves: { sleeve: string; value: DecimalString; currentPct: DecimalString }[] }[];
}

export interface ClassificationView {
  symbol: string;
  name: string;
  assetType: string;
  /** Value held across the household, in the base currency. */
  value: DecimalString;
  sleeves: Record<string, DecimalString> | null;
  source: 'override' | 'reference' | 'rule' | null;
  /** Where the classification comes from, or why there is none. */
  basis: string;
}

export interface AllocationHistoryPoint {
  takenAt: string;
  model: string | null;
  total: DecimalString;
  sleeves: { sleeve: string; currentPct: DecimalString; targetPct: DecimalString; driftPp: DecimalString }[];
}

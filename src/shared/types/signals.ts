// Signals: the user's own dated readings of market series (typed in, imported from FRED or a Date,Value file,
// or computed: russell-rsi from IWM's daily closes) and the user's own rules over them. Keel evaluates the rules
// it is given; it gives no advice.
import type { DecimalString } from './app.ts';

/** The series Keel knows from the start; the user may add their own (SeriesView.builtin false). */
export const BUILTIN_SERIES = ['unemployment', 'cpi', 'ism-pmi', 'russell-rsi', 'ten-year', 'vix'] as const;
/** How often a series gets a reading: it decides when a reading is stale (see ReadingView.stale). */
export const SERIES_CADENCES = ['daily', 'monthly'] as const;
export type SeriesCadence = (typeof SERIES_CADENCES)[number];
export const RULE_OPS = ['>', '>=', '<', '<='] as const;
export type RuleOp = (typeof RULE_OPS)[number];
export const RULE_STATUSES = ['met', 'not-met', 'no-data'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];
/** What a met rule suggests: switch to a named model, stage the rotation, or only flag it. Never done automatically. */
export const SUGGESTION_KINDS = ['model', 'stage', 'flag'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];
/** Where a reading came from: typed in, a file, or computed from the prices store (russell-rsi). */
export const READING_SOURCES = ['manual', 'file', 'prices'] as const;
export type ReadingSource = (typeof READING_SOURCES)[number];

/** A series name: lower case letters, digits and dashes ("ism-pmi", "my-breadth"). */
export const SERIES_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

export interface SeriesView {
  key: string;
  name: string;
  /** "%", "index", "" … */
  unit: string;
  cadence: SeriesCadence;
  builtin: boolean;
}

/** A series' latest reading. */
export interface ReadingView {
  series: string;
  /** cpi: the year-over-year %, never the index level. */
  value: DecimalString;
  /** YYYY-MM-DD: the observation's date (FRED dates a monthly value on the 1st of its month). */
  asOf: string;
  source: ReadingSource;
  /** Older than the series' cadence allows (signals/status.ts isStale): a monthly reading 45 days after its month ended, a daily one after 5 days. */
  stale: boolean;
}

export interface SuggestionView {
  kind: SuggestionKind;
  /** kind 'model': the model's name (null when that model was deleted since). */
  model: string | null;
  /** The user's own words: "cuts delayed". */
  note: string;
}

export interface RuleView {
  id: number;
  series: string;
  op: RuleOp;
  threshold: DecimalString;
  /** met / not-met against the series' latest reading; no-data without one. */
  status: RuleStatus;
  value: DecimalString | null;
  asOf: string | null;
  stale: boolean;
  suggests: SuggestionView;
  /** The thesis preset it started as ("unemployment-reversal" …), else null. The user may edit or delete it. */
  preset: string | null;
}

/** listSignals: the latest reading of every series that has one, every rule with its status, and the series. */
export interface SignalsView {
  readings: ReadingView[];
  rules: RuleView[];
  series: SeriesView[];
}

/** getSignalHistory: a series' readings over time, oldest first (the newest HISTORY_POINTS), for its chart. */
export interface SignalHistoryView {
  series: string;
  points: { asOf: string; value: DecimalString }[];
}
/** At most this many readings per history: about two years of a daily series, all of a monthly one's recent decades. */
export const HISTORY_POINTS = 520;

/** One readings file imported (importReadings / importReadingPaths); a refused one writes nothing. */
export interface ReadingFileView {
  /** The upload's id (renderer) or the path (CLI). */
  source: string;
  file: string;
  layout: 'fred' | 'generic' | null;
  /** The FRED column's id ("UNRATE"), else null. */
  fredId: string | null;
  /** The series the readings went to; null when the file did not say and none was given (error MISSING_VALUE). */
  series: string | null;
  /** True when cpi readings were computed as year-over-year % from the file's index levels. */
  yoy: boolean;
  /** Readings written (or to be written). */
  readings: number;
  /** The newest of them. */
  latest: { value: DecimalString; asOf: string } | null;
  rows: number;
  warnings: { line: number; column?: number; message: string }[];
  error: { code: string; message: string; line: number; column: number } | null;
  status: 'imported' | 'failed';
}

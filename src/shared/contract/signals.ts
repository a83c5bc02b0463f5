// Signals: readings of market series and the user's rules over them (types/signals.ts). Readings files come in
// like price files: the renderer uploads them with startImportUpload / appendImportUpload (the same upload store
// and limits), then importReadings writes them, all or nothing. The CLI's import by path is a local operation
// (contract/local.ts importReadingPaths).
import { z } from 'zod';
import { RULE_OPS, SERIES_CADENCES, SERIES_PATTERN, SUGGESTION_KINDS, type ReadingFileView, type RuleView, type SeriesView, type SignalHistoryView, type SignalsView } from '../types.ts';
import { id, isoDate, noInput, op, rowId } from './op.ts';

/** A series' key as typed (stored lower case). */
export const seriesName = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .pipe(z.string().regex(SERIES_PATTERN, 'expected a series name like unemployment or my-series (letters, digits, dashes)'));
/** A reading or threshold: a decimal, maybe negative, at most 6 decimal places: "4.3", "-0.25". */
export const signalValue = z.string().trim().regex(/^-?\d{1,12}(\.\d{1,6})?$/, 'expected a number like 4.3 or -0.25');
const suggestion = z.strictObject({
  kind: z.enum(SUGGESTION_KINDS),
  /** kind 'model': the model's name. */
  model: z.string().trim().min(1).max(120).optional(),
  note: z.string().trim().max(200),
});
const readingFiles = z.array(z.strictObject({ uploadId: id, series: seriesName.optional() })).min(1).max(50);

export const signalOperations = {
  /** The latest reading of every series that has one, every rule with its status, and the series. */
  listSignals: op<SignalsView>()(noInput),
  /** One series' readings over time (russell-rsi: with the RSI computed from IWM's closes), for its chart. */
  getSignalHistory: op<SignalHistoryView>()(z.strictObject({ series: seriesName })),
  /** A reading typed in (asOf: default today; never in the future); it replaces one of the same series and date. */
  setReading: op<SignalsView>()(z.strictObject({ series: seriesName, value: signalValue, asOf: isoDate.optional() })),
  /** The user's own series (a built-in one cannot be redefined); name and unit are for display. */
  saveSeries: op<SeriesView>()(
    z.strictObject({ key: seriesName, name: z.string().trim().max(80).optional(), unit: z.string().trim().max(16).optional(), cadence: z.enum(SERIES_CADENCES) }),
  ),
  /** Uploaded FRED or Date,Value files in one go; when any is refused nothing is written (see each view's error). */
  importReadings: op<ReadingFileView[]>()(z.strictObject({ files: readingFiles })),
  /** A new rule (no id) or a changed one. */
  saveRule: op<RuleView>()(z.strictObject({ id: rowId.optional(), series: seriesName, op: z.enum(RULE_OPS), threshold: signalValue, suggests: suggestion })),
  deleteRule: op<{ deleted: number }>()(z.strictObject({ id: rowId })),
} as const;

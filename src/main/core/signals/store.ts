// The signals store: series, their dated readings and the user's rules (tables signal_series, signal_readings,
// signal_rules), and listSignals, which evaluates every rule against its series' latest reading. russell-rsi is
// also computed from IWM's daily closes in the prices store: the newer of that and a stored reading wins (on one
// date the stored one).
import { BUILTIN_SERIES, HISTORY_POINTS, type ReadingSource, type ReadingView, type RuleOp, type RuleView, type SeriesCadence, type SeriesView, type SignalHistoryView, type SignalsView, type SuggestionKind } from '../../../shared/types/signals.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { dec, fromMicro, microToPlain, plainString, toMicro } from '../money.ts';
import { isoDay } from '../prices/rank.ts';
import { securityCurrency } from '../prices/set.ts';
import { closeHistory } from '../prices/store.ts';
import { latestRsi, rsiHistory } from './math.ts';
import { isStale, ruleStatus } from './status.ts';

/** The symbol whose closes give russell-rsi. */
export const RSI_SYMBOL = 'IWM';

interface SeriesRow {
  key: string;
  name: string;
  unit: string;
  cadence: SeriesCadence;
  builtin: number;
}

export function listSeries(db: Db): SeriesView[] {
  const rows = db.prepare('SELECT key, name, unit, cadence, builtin FROM signal_series ORDER BY key').all() as SeriesRow[];
  // The built-in series in their own order (BUILTIN_SERIES), then the user's by name.
  const rank = (r: SeriesRow) => (r.builtin === 1 ? (BUILTIN_SERIES as readonly string[]).indexOf(r.key) : BUILTIN_SERIES.length);
  return rows.sort((a, b) => rank(a) - rank(b)).map((r) => ({ key: r.key, name: r.name, unit: r.unit, cadence: r.cadence, builtin: r.builtin === 1 }));
}

/** The series' row, or VALIDATION naming the known ones. */
export function requireSeries(db: Db, key: string): SeriesView {
  const all = listSeries(db);
  const found = all.find((s) => s.key === key);
  if (!found) {
    throw new CoreError('VALIDATION', `unknown series "${key}": one of ${all.map((s) => s.key).join(', ')}; or add your own first (keel signals add ${key} --cadence daily|monthly)`, { field: 'series' });
  }
  return found;
}

interface Latest {
  date: string;
  valueMicro: bigint;
  source: ReadingSource;
}

/** Each series' newest stored reading (one index seek per series). */
function latestStored(db: Db, keys: readonly string[]): Map<string, Latest> {
  const newest = db.prepare('SELECT date, value_micro, source FROM signal_readings WHERE series = ? ORDER BY date DESC LIMIT 1').safeIntegers(true);
  const out = new Map<string, Latest>();
  for (const key of keys) {
    const r = newest.get(key) as { date: string; value_micro: bigint; source: 'manual' | 'file' } | undefined;
    if (r) out.set(key, { date: r.date, valueMicro: r.value_micro, source: r.source });
  }
  return out;
}

/** The latest reading of every series that has one: stored, or russell-rsi from IWM's closes when that is newer. */
function latestReadings(db: Db, keys: readonly string[]): Map<string, Latest> {
  const latest = latestStored(db, keys);
  const rsi = latestRsi(closeHistory(db, RSI_SYMBOL, securityCurrency(db, RSI_SYMBOL)));
  const stored = latest.get('russell-rsi');
  if (rsi && (!stored || rsi.date > stored.date)) latest.set('russell-rsi', { date: rsi.date, valueMicro: toMicro(rsi.value), source: 'prices' });
  return latest;
}

interface RuleRow {
  id: number;
  series: string;
  op: RuleOp;
  threshold_micro: bigint;
  suggests: SuggestionKind;
  model: string | null;
  note: string;
  preset: string | null;
}

export function listSignals(db: Db, now: Date = new Date()): SignalsView {
  const today = isoDay(now);
  const series = listSeries(db);
  const cadence = new Map(series.map((s) => [s.key, s.cadence]));
  const latest = latestReadings(db, series.map((s) => s.key));
  const readings: ReadingView[] = [];
  for (const s of series) {
    const r = latest.get(s.key);
    if (r) readings.push({ series: s.key, value: microToPlain(r.valueMicro), asOf: r.date, source: r.source, stale: isStale(r.date, s.cadence, today) });
  }
  const ruleRows = db
    .prepare(
      `SELECT r.id, r.series, r.op, r.threshold_micro, r.suggests, m.name AS model, r.note, r.preset
       FROM signal_rules r LEFT JOIN models m ON m.id = r.model_id ORDER BY r.id`,
    )
    .safeIntegers(true)
    .all() as RuleRow[];
  const rules: RuleView[] = ruleRows.map((r) => {
    const reading = latest.get(r.series);
    const threshold = fromMicro(r.threshold_micro);
    return {
      id: Number(r.id),
      series: r.series,
      op: r.op,
      threshold: plainString(threshold),
      status: ruleStatus(reading ? fromMicro(reading.valueMicro) : null, r.op, threshold),
      value: reading ? microToPlain(reading.valueMicro) : null,
      asOf: reading?.date ?? null,
      stale: reading ? isStale(reading.date, cadence.get(r.series) ?? 'monthly', today) : false,
      suggests: { kind: r.suggests, model: r.model, note: r.note },
      preset: r.preset,
    };
  });
  return { readings, rules, series };
}

/** getSignalHistory: the series' newest HISTORY_POINTS readings, oldest first; russell-rsi adds the RSI of IWM's closes (a stored reading wins on its date). */
export function getSignalHistory(db: Db, series: string): SignalHistoryView {
  requireSeries(db, series);
  const rows = db.prepare('SELECT date, value_micro FROM signal_readings WHERE series = ? ORDER BY date DESC LIMIT ?').safeIntegers(true).all(series, HISTORY_POINTS) as { date: string; value_micro: bigint }[];
  const byDate = new Map<string, string>();
  if (series === 'russell-rsi') {
    for (const r of rsiHistory(closeHistory(db, RSI_SYMBOL, securityCurrency(db, RSI_SYMBOL)))) byDate.set(r.date, plainString(r.value));
  }
  for (const r of rows) byDate.set(r.date, microToPlain(r.value_micro));
  const points = [...byDate].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).slice(-HISTORY_POINTS).map(([asOf, value]) => ({ asOf, value }));
  return { series, points };
}

/** Writes readings (a later one of the same series and date replaces it). Call inside a transaction for several. */
export function putReadings(db: Db, series: string, readings: readonly { date: string; valueMicro: bigint }[], source: 'manual' | 'file', fileName: string | null, now: Date): void {
  const put = db.prepare(
    `INSERT INTO signal_readings (series, date, value_micro, source, file_name, entered_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (series, date) DO UPDATE SET
       value_micro = excluded.value_micro, source = excluded.source, file_name = excluded.file_name, entered_at = excluded.entered_at`,
  );
  const at = now.toISOString();
  for (const r of readings) put.run(series, r.date, r.valueMicro, source, fileName, at);
}

/** setReading: one typed-in reading (today unless asOf; never in the future). */
export function setReading(db: Db, input: { series: string; value: string; asOf?: string | undefined }, now: Date = new Date()): SignalsView {
  requireSeries(db, input.series);
  const date = input.asOf ?? isoDay(now);
  if (date > isoDay(now)) throw new CoreError('VALIDATION', `${input.series}: ${date} is in the future.`, { field: 'asOf' });
  db.transaction(() => putReadings(db, input.series, [{ date, valueMicro: toMicro(dec(input.value), 'value') }], 'manual', null, now))();
  return listSignals(db, now);
}

/** saveSeries: adds the user's own series or changes it; a built-in one stays as it is. */
export function saveSeries(db: Db, input: { key: string; name?: string | undefined; unit?: string | undefined; cadence: SeriesCadence }, now: Date = new Date()): SeriesView {
  const existing = listSeries(db).find((s) => s.key === input.key);
  if (existing?.builtin) throw new CoreError('CONFLICT', `"${input.key}" is a built-in series; name yours differently.`, { field: 'key' });
  db.prepare(
    `INSERT INTO signal_series (key, name, unit, cadence, builtin, created_at) VALUES (@key, @name, @unit, @cadence, 0, @at)
     ON CONFLICT (key) DO UPDATE SET name = excluded.name, unit = excluded.unit, cadence = excluded.cadence`,
  ).run({ key: input.key, name: input.name || input.key, unit: input.unit ?? '', cadence: input.cadence, at: now.toISOString() });
  return listSeries(db).find((s) => s.key === input.key)!;
}

export interface SaveRuleInput {
  id?: number | undefined;
  series: string;
  op: RuleOp;
  threshold: string;
  suggests: { kind: SuggestionKind; model?: string | undefined; note: string };
}

/** saveRule: a new rule (no id) or a changed one; a 'model' suggestion names an existing model. */
export function saveRule(db: Db, input: SaveRuleInput, now: Date = new Date()): RuleView {
  requireSeries(db, input.series);
  const { kind, model, note } = input.suggests;
  let modelId: number | null = null;
  if (kind === 'model') {
    if (!model) throw new CoreError('VALIDATION', 'a rule that suggests a model names it.', { field: 'suggests.model' });
    const row = db.prepare('SELECT id FROM models WHERE name = ?').get(model) as { id: number } | undefined;
    if (!row) throw new CoreError('NOT_FOUND', `no model named "${model}".`, { field: 'suggests.model' });
    modelId = row.id;
  } else if (model !== undefined) {
    throw new CoreError('VALIDATION', `only a rule that suggests a model names one (this one suggests "${kind}").`, { field: 'suggests.model' });
  }
  const values = { series: input.series, op: input.op, threshold: toMicro(dec(input.threshold), 'threshold'), kind, modelId, note };
  let id = input.id;
  if (id === undefined) {
    id = Number(
      db
        .prepare('INSERT INTO signal_rules (series, op, threshold_micro, suggests, model_id, note, created_at) VALUES (@series, @op, @threshold, @kind, @modelId, @note, @at)')
        .run({ ...values, at: now.toISOString() }).lastInsertRowid,
    );
  } else {
    const changed = db.prepare('UPDATE signal_rules SET series = @series, op = @op, threshold_micro = @threshold, suggests = @kind, model_id = @modelId, note = @note WHERE id = @id').run({ ...values, id }).changes;
    if (changed === 0) throw new CoreError('NOT_FOUND', `no rule #${id}.`, { field: 'id' });
  }
  return listSignals(db, now).rules.find((r) => r.id === id)!;
}

export function deleteRule(db: Db, id: number): { deleted: number } {
  if (db.prepare('DELETE FROM signal_rules WHERE id = ?').run(id).changes === 0) throw new CoreError('NOT_FOUND', `no rule #${id}.`, { field: 'id' });
  return { deleted: id };
}

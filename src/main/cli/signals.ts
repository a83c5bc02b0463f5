// `keel signals …`: the latest readings and the user's rules with their status, a reading typed in, readings files
// by path, the user's own series. Thin over the contract (listSignals, setReading, saveSeries; importReadingPaths
// is a local operation). The JSON shapes are exact: scripts use them.
import type { KeelApi, ReadingFileView, ReadingView, RuleView, SignalsView } from '../../shared/contract.ts';
import { formatFileResults } from './file-report.ts';
import { unwrap } from './result.ts';

export interface SignalsIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export class SignalsUsageError extends Error {}

export const SIGNALS_HELP = `  signals [--json]        Your latest readings (unemployment, cpi as year-over-year %, ism-pmi,
                          russell-rsi from IWM's daily closes, ten-year, vix, your own) and your
                          rules with their status: met, not-met or no-data
  signals set SERIES VALUE [--as-of YYYY-MM-DD]
                          A reading typed in (as of today unless --as-of)
  signals import FILE... [--series NAME] [--json]
                          FRED CSV downloads (UNRATE, CPIAUCSL/CPILFESL as YoY %, DGS10, VIXCLS) or
                          Date,Value files for --series NAME; all or nothing
  signals add NAME [--cadence daily|monthly] [--name TEXT]
                          Your own series (monthly unless --cadence daily)`;

const NO_ADVICE = 'Keel computes these from your own readings and rules; it gives no advice.';

/** The scripted shape of `keel signals --json`. */
export const signalsJson = (v: SignalsView) => ({
  readings: v.readings.map((r) => ({ series: r.series, value: r.value, asOf: r.asOf, source: r.source })),
  rules: v.rules.map((r) => ({ id: r.id, series: r.series, op: r.op, threshold: r.threshold, status: r.status, value: r.value, asOf: r.asOf, suggests: r.suggests })),
});

function table(head: string[], rows: string[][]): string[] {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(width[i]!))).join('  ').trimEnd());
}

/** "→ cuts delayed", "→ … (switch to Classic 60/40)", "→ … (stage the rotation)". */
function suggestion(r: RuleView): string {
  const s = r.suggests;
  const action = s.kind === 'model' ? (s.model ? ` (switch to ${s.model})` : ' (its model was deleted)') : s.kind === 'stage' ? ' (stage the rotation)' : '';
  return `${s.note}${action}`;
}

const readingLine = (r: ReadingView) => [r.series, r.value, r.asOf, r.source + (r.stale ? ' (stale)' : '')];

export function formatSignals(v: SignalsView): string {
  const lines: string[] = [];
  if (v.readings.length === 0) lines.push('No readings yet: keel signals set SERIES VALUE, or keel signals import a FRED download.');
  else lines.push('Readings', ...table(['Series', 'Value', 'As of', 'Source'], v.readings.map(readingLine)).map((l) => `  ${l}`));
  if (v.rules.length > 0) {
    const rows = v.rules.map((r) => [
      `#${r.id}`,
      `${r.series} ${r.op} ${r.threshold}`,
      r.status,
      r.value === null ? '' : `${r.value} as of ${r.asOf}${r.stale ? ' (stale)' : ''}`,
      r.status === 'met' ? `→ ${suggestion(r)}` : '',
    ]);
    lines.push('', 'Rules', ...table(['Rule', 'Condition', 'Status', 'Reading', 'Suggests'], rows).map((l) => `  ${l}`));
  }
  lines.push('', NO_ADVICE);
  return lines.join('\n');
}

/** The scripted shape of `keel signals import --json`. */
export const readingFilesJson = (views: readonly ReadingFileView[]) => ({
  files: views.map((v) => ({ file: v.file, layout: v.layout, fredId: v.fredId, series: v.series, yoy: v.yoy, status: v.status, rows: v.rows, readings: v.readings, latest: v.latest, warnings: v.warnings, error: v.error })),
});

export function formatReadingFiles(views: readonly ReadingFileView[]): string {
  return formatFileResults(views, (v) => [
    `${v.file}: imported — ${v.layout === 'fred' ? `FRED ${v.fredId}` : 'Date,Value'} → ${v.series}${v.yoy ? ' (year-over-year % from the index)' : ''}, ${v.readings} reading${v.readings === 1 ? '' : 's'}`,
    ...(v.latest ? [`  latest ${v.latest.value} as of ${v.latest.asOf}`] : []),
  ]);
}

export async function runSignalsCommand(
  api: KeelApi,
  args: string[],
  values: { json?: boolean | undefined; 'as-of'?: string | undefined; series?: string | undefined; cadence?: string | undefined; name?: string | undefined },
  io: SignalsIo,
): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
    case 'list': {
      const view = unwrap(await api.listSignals({}));
      io.out(values.json ? JSON.stringify(signalsJson(view), null, 2) : formatSignals(view));
      return 0;
    }
    case 'set': {
      const [series, value, ...extra] = rest;
      if (!series || value === undefined || extra.length > 0) throw new SignalsUsageError('keel signals set SERIES VALUE [--as-of YYYY-MM-DD]');
      const view = unwrap(await api.setReading({ series, value: value.replace(/%$/, ''), ...(values['as-of'] ? { asOf: values['as-of'] } : {}) }));
      if (values.json) {
        io.out(JSON.stringify(signalsJson(view), null, 2));
        return 0;
      }
      const key = series.trim().toLowerCase();
      const r = view.readings.find((x) => x.series === key);
      // A newer reading may already be there: say what the series reads now.
      if (r) io.out(`${r.series}: ${r.value} as of ${r.asOf} (${r.source})${r.stale ? ', stale' : ''}`);
      for (const rule of view.rules.filter((x) => x.series === key)) io.out(`  rule #${rule.id} ${rule.series} ${rule.op} ${rule.threshold}: ${rule.status}${rule.status === 'met' ? ` → ${suggestion(rule)}` : ''}`);
      return 0;
    }
    case 'import': {
      if (rest.length === 0) throw new SignalsUsageError('keel signals import needs at least one FILE');
      const views = unwrap(await api.importReadingPaths({ paths: rest, ...(values.series ? { series: values.series } : {}) }));
      io.out(values.json ? JSON.stringify(readingFilesJson(views), null, 2) : formatReadingFiles(views));
      return views.every((v) => v.status !== 'failed') ? 0 : 1;
    }
    case 'add': {
      const [key, ...extra] = rest;
      const cadence = values.cadence ?? 'monthly';
      if (!key || extra.length > 0) throw new SignalsUsageError('keel signals add NAME [--cadence daily|monthly] [--name TEXT]');
      if (cadence !== 'daily' && cadence !== 'monthly') throw new SignalsUsageError(`--cadence must be daily or monthly, got "${cadence}"`);
      const s = unwrap(await api.saveSeries({ key, cadence, ...(values.name ? { name: values.name } : {}) }));
      io.out(values.json ? JSON.stringify(s, null, 2) : `${s.key}: your own ${s.cadence} series${s.name !== s.key ? ` (${s.name})` : ''}; keel signals set ${s.key} VALUE adds a reading`);
      return 0;
    }
    default:
      throw new SignalsUsageError(`unknown signals command '${sub}'; one of list, set, import, add`);
  }
}

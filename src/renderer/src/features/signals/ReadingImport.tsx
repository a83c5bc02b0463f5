// Readings files (FRED's CSV download, or Date,Value for a series the user names): uploaded through the import's
// upload store like price files, then importReadings writes them all or nothing.
import { useRef, useState, type ChangeEvent } from 'react';
import type { KeelError, ReadingFileView, SeriesView } from '../../../../shared/types';
import { api } from '../../api/client';
import { Field } from '../../ui/Field';
import { SeriesField } from './SeriesField';
import { ErrorAlert } from '../../ui/Status';
import { formatDate, plural } from '../../format';
import { uploadFile } from '../import/upload';
import { formatReading } from './labels';

export function ReadingImport({ series, onImported }: { series: SeriesView[]; onImported: () => void }) {
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const [views, setViews] = useState<ReadingFileView[] | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    if (files.length === 0) return;
    setBusy(true);
    setError(null);
    setViews(null);
    const uploads: { uploadId: string; series?: string }[] = [];
    for (const file of files) {
      const up = await uploadFile(api, file, { onBytes: () => undefined, isCurrent: () => true });
      if (up.ok === 'cancelled') continue;
      if (!up.ok) {
        setBusy(false);
        return setError(up.error);
      }
      uploads.push(target ? { uploadId: up.value.uploadId, series: target } : { uploadId: up.value.uploadId });
    }
    const r = await api.importReadings({ files: uploads });
    setBusy(false);
    if (input.current) input.current.value = '';
    if (!r.ok) return setError(r.error);
    setViews(r.value);
    if (r.value.every((v) => v.status === 'imported')) onImported();
  };

  const byKey = new Map(series.map((s) => [s.key, s]));
  return (
    <section className="card signals-section" aria-labelledby="signals-import-title">
      <h2 id="signals-import-title">Import readings</h2>
      <p className="card-note">
        FRED&rsquo;s CSV download (UNRATE → unemployment, CPIAUCSL or CPILFESL → cpi as year-over-year %, DGS10 → ten-year, VIXCLS → vix), or a
        Date,Value file for the series you choose. Several files go in together or not at all.
      </p>
      <div className="signals-form-fields">
        <SeriesField id="import-series" series={series} value={target} onChange={setTarget} testId="import-readings-series" none="As the FRED file says" />
        <Field label="Files" htmlFor="import-readings-file">
          <input id="import-readings-file" ref={input} type="file" accept=".csv,.txt,text/csv" multiple onChange={(e) => void pick(e)} disabled={busy} data-testid="import-readings-file" />
        </Field>
      </div>
      {busy && <p role="status">Importing…</p>}
      {error && <ErrorAlert error={error} title="The files were not imported" />}
      {views && (
        <ul className="signals-import-result" data-testid="import-readings-result">
          {views.map((v) => (
            <li key={v.source} className={v.status === 'failed' ? 'alert alert-error' : 'alert alert-ok'}>
              <strong>{v.file}</strong>{' '}
              {v.error
                ? `not imported: ${v.error.message}${v.error.line ? ` (line ${v.error.line})` : ''}`
                : v.status === 'failed'
                  ? 'not imported: another file was refused'
                  : `${plural(v.readings, 'reading')} of ${v.series ?? '?'}${v.yoy ? ' (year over year % from the index)' : ''}${v.latest ? `, the newest ${formatReading(v.latest.value, byKey.get(v.series ?? ''))} on ${formatDate(v.latest.asOf)}` : ''}`}
              {v.warnings.length > 0 && ` · ${plural(v.warnings.length, 'warning')}: ${v.warnings[0]?.message ?? ''}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// The Signals page's readings: each series with its latest reading, date and stale mark, and a reading typed in.
import { useState, type FormEvent } from 'react';
import type { KeelError, ReadingSource, SignalsView } from '../../../../shared/types';
import { api } from '../../api/client';
import { Field } from '../../ui/Field';
import { SeriesField } from './SeriesField';
import { ErrorAlert } from '../../ui/Status';
import { num, Table } from '../../ui/Table';
import { formatDate } from '../../format';
import { todayIso } from '../../staleness';
import { formatReading, seriesByKey } from './labels';

const SOURCE_LABELS: Record<ReadingSource, string> = { manual: 'Entered by you', file: 'File', prices: 'IWM closes (prices)' };

export function Readings({ view, onChanged }: { view: SignalsView; onChanged: () => void }) {
  const byKey = seriesByKey(view.series);
  const latest = new Map(view.readings.map((r) => [r.series, r]));
  return (
    <section className="card signals-section" aria-labelledby="signals-readings-title">
      <h2 id="signals-readings-title">Readings</h2>
      <Table className="signals-table" caption="Latest reading of each series" columns={['Series', num('Latest'), 'Date', 'Source']} data-testid="signals-readings">
        <tbody>
          {view.series.map((s) => {
            const r = latest.get(s.key);
            return (
              <tr key={s.key} className={r?.stale ? 'signals-stale-row' : undefined} data-testid={`reading-${s.key}`}>
                <td>
                  <span className="signals-series">{s.key}</span>
                  {s.name !== s.key && <span className="signals-series-name"> {s.name}</span>}
                </td>
                <td className="num">{r ? formatReading(r.value, byKey.get(s.key)) : '—'}</td>
                <td className="signals-date">
                  {r ? formatDate(r.asOf) : 'No reading yet'}
                  {r?.stale && <span className="signals-stale-badge"> stale</span>}
                </td>
                <td>{r ? SOURCE_LABELS[r.source] : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      <p className="card-note">A reading is stale when it is older than its series usually is: a daily one after 5 days, a monthly one 45 days after its month ended.</p>
      <ReadingForm view={view} onSaved={onChanged} />
    </section>
  );
}

function ReadingForm({ view, onSaved }: { view: SignalsView; onSaved: () => void }) {
  const [series, setSeries] = useState(view.series[0]?.key ?? '');
  const [value, setValue] = useState('');
  const [asOf, setAsOf] = useState(todayIso());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    const r = await api.setReading({ series, value: value.trim().replace(/%$/, ''), asOf });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setSaved(`${series}: ${value.trim()} on ${formatDate(asOf)} saved.`);
    setValue('');
    onSaved();
  };
  return (
    <form className="signals-form" onSubmit={(e) => void submit(e)} aria-label="Enter a reading">
      <h3>Enter a reading</h3>
      <div className="signals-form-fields">
        <SeriesField id="reading-series" series={view.series} value={series} onChange={setSeries} testId="reading-series" />
        <Field label="Value" htmlFor="reading-value">
          <input id="reading-value" className="input input-pct" value={value} onChange={(e) => setValue(e.target.value)} inputMode="decimal" autoComplete="off" required data-testid="reading-value" />
        </Field>
        <Field label="Date" htmlFor="reading-date">
          <input id="reading-date" type="date" className="input" value={asOf} max={todayIso()} onChange={(e) => setAsOf(e.target.value)} required data-testid="reading-date" />
        </Field>
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy} data-testid="reading-save">
          {busy ? 'Saving…' : 'Save reading'}
        </button>
      </div>
      {error && <ErrorAlert error={error} title="The reading was not saved" />}
      {saved && (
        <p className="alert alert-ok" role="status">
          {saved}
        </p>
      )}
    </form>
  );
}

// The Cyclicals setting: how the Cyclicals sleeve is defined.
import { useState } from 'react';
import type { CyclicalsSetting, KeelError } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { hrefFor } from '../../router';
import { useOperation } from '../../useOperation';

const getAllocation = () => api.getAllocation({});

const CYCLICALS: { value: CyclicalsSetting; label: string; detail: string }[] = [
  {
    value: 'gics',
    label: 'GICS sectors (default)',
    detail: 'Industrials, Materials, Financials, Energy, Consumer Discretionary and Real Estate — as in the rotation story, where XLI is a cyclical.',
  },
  {
    value: 'morningstar',
    label: 'Morningstar’s cyclical super-sector',
    detail: 'Basic Materials, Consumer Cyclical, Financial Services and Real Estate — no Industrials (XLI is then not a cyclical).',
  },
];

export function CyclicalsSection() {
  const allocation = useOperation(getAllocation);
  const [choice, setChoice] = useState<CyclicalsSetting | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const current = choice ?? (allocation.status === 'ok' ? allocation.value.cyclicals : null);

  const choose = async (value: CyclicalsSetting) => {
    setSaving(true);
    setError(null);
    setDone(null);
    const r = await api.setCyclicals({ cyclicals: value });
    setSaving(false);
    if (!r.ok) return setError(r.error);
    setChoice(r.value.cyclicals);
    setDone(`Cyclicals now follow ${r.value.cyclicals === 'gics' ? 'GICS sectors' : 'Morningstar’s cyclical super-sector'}; stocks are reclassified by it.`);
  };

  return (
    <section className="card" aria-labelledby="cyclicals-title" data-testid="cyclicals">
      <h2 id="cyclicals-title">What counts as cyclical</h2>
      <p className="card-note">
        Stocks (and sector funds) go into Cyclicals by their sector. Your own choices on <a href={hrefFor('classification')}>Classification</a> always win.
      </p>
      {allocation.status === 'loading' && <Loading what="the setting" />}
      {allocation.status === 'error' && <ErrorAlert error={allocation.error} title="The setting could not be loaded" onRetry={allocation.reload} />}
      {current && (
        <fieldset className="radio-group radio-group-stacked" disabled={saving}>
          <legend className="visually-hidden">Cyclicals</legend>
          {CYCLICALS.map((c) => (
            <label key={c.value} className="radio radio-detailed">
              <input type="radio" name="cyclicals" checked={current === c.value} onChange={() => void choose(c.value)} data-testid={`cyclicals-${c.value}`} />
              <span>
                <strong>{c.label}</strong>
                <span className="radio-detail muted">{c.detail}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {error && <ErrorAlert error={error} title="The setting was not saved" />}
      <div role="status" className="status-line" data-testid="cyclicals-status">
        {done}
      </div>
    </section>
  );
}

// The dashboard's summary of the user's signal rules: how many are met, not met or without data, and what each met
// one suggests. A met rule that suggests a model offers the switch in one click; Keel never switches by itself.
import { useState } from 'react';
import type { KeelError, ModelView, RuleStatus, SignalsView } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert } from '../../ui/Status';
import { formatDate } from '../../format';
import { hrefFor } from '../../router';
import { useOperation } from '../../useOperation';
import { formatReading, NO_ADVICE, ruleText, seriesByKey, STATUS_LABELS, suggestionText } from '../signals/labels';
import '../signals/signals.css';

const listSignals = () => api.listSignals({});
const listModels = () => api.listModels({});
const STATUSES: RuleStatus[] = ['met', 'not-met', 'no-data'];

export function SignalsCard({ onModelSwitched }: { onModelSwitched: () => void }) {
  const signals = useOperation(listSignals);
  const models = useOperation(listModels);
  if (signals.status !== 'ok' || models.status !== 'ok') {
    // The dashboard stays useful without this card: only a failure is said.
    const error = signals.status === 'error' ? signals.error : models.status === 'error' ? models.error : null;
    return error ? <ErrorAlert error={error} title="Your signals could not be loaded" onRetry={signals.status === 'error' ? signals.reload : models.reload} /> : null;
  }
  return <Summary view={signals.value} models={models.value} onSwitched={() => (models.reload(), onModelSwitched())} />;
}

function Summary({ view, models, onSwitched }: { view: SignalsView; models: ModelView[]; onSwitched: () => void }) {
  const [switching, setSwitching] = useState<string | null>(null);
  const [error, setError] = useState<KeelError | null>(null);
  const [switched, setSwitched] = useState<string | null>(null);
  const active = models.find((m) => m.active);
  const byKey = seriesByKey(view.series);
  const met = view.rules.filter((r) => r.status === 'met');
  const count = (s: RuleStatus) => view.rules.filter((r) => r.status === s).length;
  const switchTo = async (name: string) => {
    const model = models.find((m) => m.name === name);
    if (!model) return;
    setSwitching(name);
    setError(null);
    const r = await api.activateModel({ id: model.id });
    setSwitching(null);
    if (!r.ok) return setError(r.error);
    setSwitched(name);
    onSwitched();
  };
  return (
    <section className="card signals-card" aria-labelledby="signals-card-title" data-testid="signals-card">
      <div className="section-head">
        <h2 id="signals-card-title">Your signals</h2>
        <a href={hrefFor('signals')}>Readings and rules</a>
      </div>
      {view.rules.length === 0 ? (
        <p className="card-note">No rules yet.</p>
      ) : (
        <p className="signals-card-counts" data-testid="signals-card-counts">
          {STATUSES.map((s) => (
            <span key={s} className={`signals-status signals-status-${s}`} data-testid={`signals-count-${s}`}>
              {STATUS_LABELS[s]}: {count(s)}
            </span>
          ))}
        </p>
      )}
      {met.length > 0 && (
        <ul className="signals-card-met" aria-label="Met rules">
          {met.map((r) => {
            const target = r.suggests.kind === 'model' ? r.suggests.model : null;
            return (
              <li key={r.id} data-testid={`signals-card-rule-${r.id}`}>
                <span>
                  <strong>{ruleText(r)}</strong> ({formatReading(r.value ?? '', byKey.get(r.series))} on {formatDate(r.asOf)}{r.stale ? ', stale' : ''}): {suggestionText(r.suggests)}
                </span>
                {target !== null && target !== active?.name && (
                  <button type="button" className="button button-small" disabled={switching !== null} aria-busy={switching === target} onClick={() => void switchTo(target)} data-testid={`signals-switch-${r.id}`}>
                    {switching === target ? 'Switching…' : `Switch to ${target}`}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {error && <ErrorAlert error={error} title="The model was not switched" />}
      <p className="card-note" data-testid="signals-card-active" role={switched ? 'status' : undefined}>
        {switched ? `“${switched}” is now the active model.` : `Active model: ${active ? `“${active.name}”` : 'none'}.`} {NO_ADVICE}
      </p>
    </section>
  );
}

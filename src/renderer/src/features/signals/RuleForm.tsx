// A rule added or changed: series, comparison, threshold, and what it suggests when met (a model, staging, a flag).
import { useState, type FormEvent } from 'react';
import { RULE_OPS, SUGGESTION_KINDS, type KeelError, type ModelView, type RuleOp, type RuleView, type SeriesView, type SuggestionKind } from '../../../../shared/types';
import { api } from '../../api/client';
import { Field } from '../../ui/Field';
import { SeriesField } from './SeriesField';
import { ErrorAlert } from '../../ui/Status';

const KIND_LABELS: Record<SuggestionKind, string> = { model: 'Switch to a model', stage: 'Stage the rotation', flag: 'Only flag it' };

interface Props {
  rule?: RuleView;
  series: SeriesView[];
  models: ModelView[];
  onSaved: () => void;
  onCancel: () => void;
}

export function RuleForm({ rule, series, models, onSaved, onCancel }: Props) {
  const [key, setKey] = useState(rule?.series ?? series[0]?.key ?? '');
  const [op, setOp] = useState<RuleOp>(rule?.op ?? '>');
  const [threshold, setThreshold] = useState(rule?.threshold ?? '');
  const [kind, setKind] = useState<SuggestionKind>(rule?.suggests.kind ?? 'flag');
  const [model, setModel] = useState(rule?.suggests.model ?? models[0]?.name ?? '');
  const [note, setNote] = useState(rule?.suggests.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const idp = rule ? `rule-${rule.id}` : 'rule-new';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const suggests = kind === 'model' ? { kind, model, note } : { kind, note };
    const r = await api.saveRule({ ...(rule ? { id: rule.id } : {}), series: key, op, threshold: threshold.trim(), suggests });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onSaved();
  };
  return (
    <form className="signals-form signals-rule-form" onSubmit={(e) => void submit(e)} aria-label={rule ? 'Edit the rule' : 'Add a rule'} data-testid="rule-form">
      <div className="signals-form-fields">
        <SeriesField id={`${idp}-series`} series={series} value={key} onChange={setKey} testId="rule-series" />
        <Field label="Comparison" htmlFor={`${idp}-op`}>
          <select id={`${idp}-op`} className="select" value={op} onChange={(e) => setOp(e.target.value as RuleOp)} data-testid="rule-op">
            {RULE_OPS.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Threshold" htmlFor={`${idp}-threshold`}>
          <input id={`${idp}-threshold`} className="input input-pct" value={threshold} onChange={(e) => setThreshold(e.target.value)} inputMode="decimal" autoComplete="off" required data-testid="rule-threshold" />
        </Field>
        <Field label="When met, suggest" htmlFor={`${idp}-kind`}>
          <select id={`${idp}-kind`} className="select" value={kind} onChange={(e) => setKind(e.target.value as SuggestionKind)} data-testid="rule-kind">
            {SUGGESTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        {kind === 'model' && (
          <Field label="Model" htmlFor={`${idp}-model`}>
            <select id={`${idp}-model`} className="select" value={model} onChange={(e) => setModel(e.target.value)} required data-testid="rule-model">
              {models.map((m) => (
                <option key={m.id} value={m.name}>
                  {m.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="Your note" htmlFor={`${idp}-note`} className="signals-note-field">
          <input id={`${idp}-note`} className="input" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} autoComplete="off" data-testid="rule-note" />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy} data-testid="rule-save">
          {busy ? 'Saving…' : 'Save rule'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && <ErrorAlert error={error} title="The rule was not saved" />}
    </form>
  );
}

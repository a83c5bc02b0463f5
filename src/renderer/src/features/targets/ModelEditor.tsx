// One model's editor: name, band rule, and a target, bands and preferred buys per sleeve, with a live exact sum.
import { useId, useState } from 'react';
import type { KeelError, ModelView } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert } from '../../ui/Status';
import { SumHint } from '../../ui/SumHint';
import { isPercentInput } from '../../decimal';
import { hrefFor } from '../../router';
import { inputOf, ROTATION_PRESET, type Draft, type DraftRow } from './draft';
import { num, Table } from '../../ui/Table';
import { Field } from '../../ui/Field';

/** Examples of what to buy per sleeve, shown as placeholders (the 2026 rotation's usual ETFs). */
const PREFERRED_EXAMPLES: Record<string, string> = {
  'Small-cap': 'IWM',
  Cyclicals: 'XLI, XLF',
  Value: 'VTV',
  'Large-cap growth': 'QQQ',
  International: 'VXUS',
  Bonds: 'BND',
  Cash: 'SGOV',
};
export function ModelEditor(props: {
  draft: Draft;
  dirty: boolean;
  isNew: boolean;
  saved: string | null;
  onChange: (d: Draft) => void;
  onDiscard: () => void;
  onSaved: (m: ModelView) => void;
}) {
  const { draft, dirty, isNew, saved, onChange, onDiscard, onSaved } = props;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const uid = useId();
  const sumId = `${uid}-sum`;

  const setRow = (i: number, change: Partial<DraftRow>) =>
    onChange({ ...draft, rows: draft.rows.map((r, j) => (j === i ? { ...r, ...change } : r)) });

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const r = await api.saveModel(inputOf(draft));
      if (r.ok) onSaved(r.value);
      else setError(r.error);
    } catch (e) {
      setError({ code: 'INTERNAL', message: String(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card model-editor" aria-labelledby="editor-title" data-testid="model-editor">
      <div className="editor-head">
        <h2 id="editor-title">{isNew ? 'New model' : `Edit “${draft.name}”`}</h2>
        {dirty && <span className="badge badge-demo">Unsaved changes</span>}
      </div>
      <form
        className="editor-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="editor-top">
          <Field label="Name" htmlFor={`${uid}-name`}>
            <input
              id={`${uid}-name`}
              className="input model-name-input"
              value={draft.name}
              maxLength={120}
              onChange={(e) => onChange({ ...draft, name: e.target.value })}
              data-testid="model-name"
            />
          </Field>
          <fieldset className="radio-group">
            <legend className="field-label">When is a sleeve out of band?</legend>
            <label className="radio">
              <input type="radio" name={`${uid}-rule`} checked={draft.bandRule === 'either'} onChange={() => onChange({ ...draft, bandRule: 'either' })} data-testid="band-rule-either" />
              Out of band when either band is breached (5/25 rule)
            </label>
            <label className="radio">
              <input type="radio" name={`${uid}-rule`} checked={draft.bandRule === 'wider'} onChange={() => onChange({ ...draft, bandRule: 'wider' })} data-testid="band-rule-wider" />
              Only when the wider band is breached
            </label>
          </fieldset>
        </div>

        {draft.preset === ROTATION_PRESET && (
          <p className="preset-note" data-testid="rotation-note">
            <strong>2026 Rotation:</strong> Small-cap 30%, Cyclicals 20% and Value 20% come from the rotation story — money moving out of
            mega-cap tech into small caps and cyclicals. The remaining 30% is yours to set: the preset puts it in Large-cap growth.
          </p>
        )}

        <Table
          className="table-targets"
          caption="Target, bands and preferred buys per sleeve"
          columns={[
            'Sleeve',
            num('Target %'),
            num('Band ± pp', { title: 'Absolute band: how many percentage points either side of the target' }),
            num('Band ± % of target', { title: 'Relative band: how many percent of the target either side of it' }),
            'Preferred buys',
          ]}
        >
          <tbody>
            {draft.rows.map((r, i) => (
              <tr key={r.sleeve} data-testid={`target-row-${r.sleeve}`}>
                <th scope="row">{r.sleeve}</th>
                <td className="num">
                  <PercentInput value={r.target} label={`${r.sleeve} target %`} onChange={(v) => setRow(i, { target: v })} testId={`target-${r.sleeve}`} describedBy={sumId} />
                </td>
                <td className="num">
                  <PercentInput value={r.abs} label={`${r.sleeve} absolute band, percentage points`} onChange={(v) => setRow(i, { abs: v })} testId={`band-abs-${r.sleeve}`} />
                </td>
                <td className="num">
                  <PercentInput value={r.rel} label={`${r.sleeve} relative band, percent of target`} onChange={(v) => setRow(i, { rel: v })} testId={`band-rel-${r.sleeve}`} />
                </td>
                <td>
                  <input
                    className="input preferred-input"
                    value={r.preferred}
                    placeholder={PREFERRED_EXAMPLES[r.sleeve] ? `e.g. ${PREFERRED_EXAMPLES[r.sleeve]}` : 'Symbols'}
                    aria-label={`${r.sleeve} preferred buys, comma-separated symbols`}
                    onChange={(e) => setRow(i, { preferred: e.target.value })}
                    data-testid={`preferred-${r.sleeve}`}
                    spellCheck={false}
                    autoCapitalize="characters"
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
        <SumHint values={draft.rows.map((r) => r.target)} testId="model-sum" id={sumId} />
        <p className="muted editor-help">
          Bands: a sleeve is in band while its share stays within ± the absolute band (percentage points) and ± the relative band (percent of
          its target) of the target, combined by the rule above. Preferred buys are the symbols Rebalance suggests for a sleeve, in order.
        </p>
        {error && <ErrorAlert error={error} title="The model was not saved" />}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={saving} aria-busy={saving} data-testid="model-save">
            {saving ? 'Saving…' : isNew ? 'Create model' : 'Save model'}
          </button>
          <button type="button" className="button" onClick={onDiscard} disabled={saving || !dirty} data-testid="model-discard">
            {isNew ? 'Cancel' : 'Discard changes'}
          </button>
        </div>
        <div role="status" className="status-line" data-testid="model-status">
          {saved && (
            <>
              {saved} <a href={hrefFor('dashboard')}>See it on the Dashboard</a>
            </>
          )}
        </div>
      </form>
    </section>
  );
}

function PercentInput(props: { value: string; label: string; onChange: (v: string) => void; testId: string; describedBy?: string }) {
  const { value, label, onChange, testId, describedBy } = props;
  const invalid = value.trim() !== '' && !isPercentInput(value);
  return (
    <input
      className={`input input-pct${invalid ? ' input-invalid' : ''}`}
      inputMode="decimal"
      value={value}
      aria-label={label}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      title={invalid ? 'A percentage like 30 or 12.5' : undefined}
      onChange={(e) => onChange(e.target.value)}
      data-testid={testId}
    />
  );
}

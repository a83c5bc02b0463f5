// The Signals page's rules: each with its status, the reading it used and what it suggests; add, edit, delete.
import { useState } from 'react';
import type { KeelError, ModelView, RuleView, SignalsView } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert } from '../../ui/Status';
import { Table, unlabelled } from '../../ui/Table';
import { formatDate } from '../../format';
import { formatReading, ruleText, seriesByKey, STATUS_LABELS, suggestionText } from './labels';
import { RuleForm } from './RuleForm';

type Editing = { id: number | 'new' } | null;

export function Rules({ view, models, onChanged }: { view: SignalsView; models: ModelView[]; onChanged: () => void }) {
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [error, setError] = useState<KeelError | null>(null);
  const byKey = seriesByKey(view.series);
  const remove = async (rule: RuleView) => {
    setError(null);
    const r = await api.deleteRule({ id: rule.id });
    setConfirming(null);
    if (!r.ok) return setError(r.error);
    onChanged();
  };
  const done = () => {
    setEditing(null);
    onChanged();
  };
  return (
    <section className="card signals-section" aria-labelledby="signals-rules-title">
      <div className="section-head">
        <h2 id="signals-rules-title">Your rules</h2>
        {editing?.id !== 'new' && (
          <button type="button" className="button" onClick={() => setEditing({ id: 'new' })} data-testid="rule-add">
            Add a rule
          </button>
        )}
      </div>
      {editing?.id === 'new' && <RuleForm series={view.series} models={models} onSaved={done} onCancel={() => setEditing(null)} />}
      {error && <ErrorAlert error={error} title="The rule was not deleted" />}
      {view.rules.length === 0 ? (
        <p className="empty-lede">No rules. Add one: a series, a comparison, a threshold and what it suggests when met.</p>
      ) : (
        <Table className="signals-table signals-rules" caption="Rules" columns={['Rule', 'Status', 'Reading used', 'Suggests', unlabelled('Edit or delete')]} data-testid="signals-rules">
          <tbody>
            {view.rules.map((rule) =>
              editing?.id === rule.id ? (
                <tr key={rule.id}>
                  <td colSpan={5}>
                    <RuleForm rule={rule} series={view.series} models={models} onSaved={done} onCancel={() => setEditing(null)} />
                  </td>
                </tr>
              ) : (
                <tr key={rule.id} data-testid={`rule-${rule.id}`} data-status={rule.status}>
                  <td className="signals-rule-text">{ruleText(rule)}</td>
                  <td>
                    <span className={`signals-status signals-status-${rule.status}`}>{STATUS_LABELS[rule.status]}</span>
                  </td>
                  <td className="signals-date">
                    {rule.value === null ? '—' : `${formatReading(rule.value, byKey.get(rule.series))} on ${formatDate(rule.asOf)}`}
                    {rule.stale && <span className="signals-stale-badge"> stale</span>}
                  </td>
                  <td>{suggestionText(rule.suggests)}</td>
                  <td className="signals-actions">
                    {confirming === rule.id ? (
                      <>
                        <button type="button" className="button button-small button-danger" onClick={() => void remove(rule)} data-testid={`rule-delete-confirm-${rule.id}`}>
                          Delete
                        </button>{' '}
                        <button type="button" className="button button-small" onClick={() => setConfirming(null)} autoFocus>
                          Keep it
                        </button>
                      </>
                    ) : (
                      <>
                        <button type="button" className="button button-small" onClick={() => setEditing({ id: rule.id })} aria-label={`Edit ${ruleText(rule)}`} data-testid={`rule-edit-${rule.id}`}>
                          Edit
                        </button>{' '}
                        <button type="button" className="button button-small" onClick={() => setConfirming(rule.id)} aria-label={`Delete ${ruleText(rule)}`} data-testid={`rule-delete-${rule.id}`}>
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </Table>
      )}
    </section>
  );
}

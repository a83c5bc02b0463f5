// The sleeves themselves: rename, add, remove, reorder.
import { useEffect, useState } from 'react';
import type { KeelError, ModelView, SleeveView } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert } from '../../ui/Status';
import { same } from './draft';

interface SleeveDraft {
  id: number | undefined;
  name: string;
  original: string | null;
  /** A stable key for React while names change. */
  key: string;
}

export function SleevesSection({ sleeves, models, onSaved }: { sleeves: SleeveView[]; models: ModelView[]; onSaved: () => void }) {
  const initial = (): SleeveDraft[] => sleeves.map((s) => ({ id: s.id, name: s.name, original: s.name, key: `id-${s.id}` }));
  const [list, setList] = useState<SleeveDraft[]>(initial);
  const [adding, setAdding] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const sleevesKey = JSON.stringify(sleeves);
  useEffect(() => {
    setList(initial());
  }, [sleevesKey]);

  const removed = sleeves.filter((s) => !list.some((d) => d.id === s.id));
  const dirty = removed.length > 0 || list.length !== sleeves.length || list.some((d, i) => d.id !== sleeves[i]?.id || d.name !== sleeves[i]?.name);
  const usedBy = (name: string) => models.filter((m) => m.targets.some((t) => t.sleeve === name && !same(t.targetPct, '0')));
  const affected = removed.flatMap((s) => usedBy(s.name).map((m) => `${m.name} (${s.name})`));

  const move = (i: number, by: -1 | 1) =>
    setList((l) => {
      const next = [...l];
      const [item] = next.splice(i, 1);
      if (item) next.splice(i + by, 0, item);
      return next;
    });
  const add = () => {
    const name = adding.trim();
    if (!name) return;
    setList((l) => [...l, { id: undefined, name, original: null, key: `new-${Date.now()}-${l.length}` }]);
    setAdding('');
  };
  const save = async () => {
    setSaving(true);
    setError(null);
    setDone(null);
    const r = await api.saveSleeves({ sleeves: list.map((d) => (d.id === undefined ? { name: d.name } : { id: d.id, name: d.name })) });
    setSaving(false);
    if (!r.ok) return setError(r.error);
    setDone('Sleeves saved.');
    onSaved();
  };

  return (
    <section className="card sleeves-section" aria-labelledby="sleeves-title" data-testid="sleeves">
      <h2 id="sleeves-title">Sleeves</h2>
      <p className="card-note">
        The groups Keel sorts your holdings into. Rename, reorder, add or remove them; the order here is the order everywhere.
      </p>
      <ol className="sleeve-list">
        {list.map((d, i) => (
          <li key={d.key} className="sleeve-item" data-testid={`sleeve-${i}`}>
            <span className="sleeve-pos num" aria-hidden="true">
              {i + 1}
            </span>
            <input
              className="input sleeve-name-input"
              value={d.name}
              maxLength={60}
              aria-label={`Sleeve ${i + 1} name`}
              onChange={(e) => setList((l) => l.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
              data-testid={`sleeve-name-${i}`}
            />
            <span className="sleeve-buttons">
              <button type="button" className="button button-small button-icon" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move ${d.name} up`} data-testid={`sleeve-up-${i}`}>
                ↑
              </button>
              <button
                type="button"
                className="button button-small button-icon"
                onClick={() => move(i, 1)}
                disabled={i === list.length - 1}
                aria-label={`Move ${d.name} down`}
                data-testid={`sleeve-down-${i}`}
              >
                ↓
              </button>
              <button
                type="button"
                className="button button-small button-danger"
                onClick={() => setList((l) => l.filter((_, j) => j !== i))}
                disabled={list.length === 1}
                data-testid={`sleeve-remove-${i}`}
              >
                Remove
              </button>
            </span>
            <span className="sleeve-notes">
              {d.original !== null && d.name.trim() !== d.original && <span className="muted sleeve-was">was {d.original}</span>}
              {d.id === undefined && <span className="badge badge-new">New</span>}
            </span>
          </li>
        ))}
      </ol>
      <form
        className="sleeve-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input className="input" value={adding} maxLength={60} placeholder="New sleeve name" aria-label="New sleeve name" onChange={(e) => setAdding(e.target.value)} data-testid="sleeve-add-name" />
        <button type="submit" className="button button-small" disabled={!adding.trim()} data-testid="sleeve-add">
          Add sleeve
        </button>
      </form>
      {removed.length > 0 && (
        <div className="alert alert-warn" role="note" data-testid="sleeves-removing">
          <p>
            Removing <strong>{removed.map((s) => s.name).join(', ')}</strong>: securities classified into{' '}
            {removed.length === 1 ? 'it' : 'them'} become unclassified until you choose new sleeves.
            {affected.length > 0 && (
              <>
                {' '}
                {removed.length === 1 ? 'Its' : 'Their'} targets leave {affected.join(', ')}, which then no longer add up to 100% — fix those models
                afterwards.
              </>
            )}
          </p>
        </div>
      )}
      {error && <ErrorAlert error={error} title="The sleeves were not saved" />}
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => void save()} disabled={!dirty || saving} aria-busy={saving} data-testid="sleeves-save">
          {saving ? 'Saving…' : 'Save sleeves'}
        </button>
        <button type="button" className="button" onClick={() => setList(initial())} disabled={!dirty || saving}>
          Discard changes
        </button>
      </div>
      <div role="status" className="status-line">
        {done}
      </div>
    </section>
  );
}

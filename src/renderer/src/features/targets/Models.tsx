// The list of target models (activate, delete, edit, new) beside the editor of the selected one.
import { useEffect, useState } from 'react';
import type { KeelError, ModelView, SleeveView } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert } from '../../ui/Status';
import { formatPctExact } from '../../format';
import { ModelEditor } from './ModelEditor';
import { draftOf, resleeve, same, sameDraft, uniqueName, type Draft } from './draft';
import { escapeCloses, useReturnFocus } from '../../ui/returnFocus';

const PRESET_LABELS: Record<string, string> = {
  'rotation-2026': '2026 Rotation preset',
  'classic-60-40': 'Classic 60/40 preset',
  'three-fund': 'Three-fund preset',
};

export function ModelsAndEditor({ models, sleeves, onChanged }: { models: ModelView[]; sleeves: SleeveView[]; onChanged: () => void }) {
  const active = models.find((m) => m.active) ?? models[0] ?? null;
  const [selectedId, setSelectedId] = useState<number | 'new' | null>(active?.id ?? null);
  const [draft, setDraft] = useState<Draft | null>(active ? draftOf(active, sleeves) : null);
  const [saved, setSaved] = useState<string | null>(null);

  // When the models or sleeves change underneath (a save, a rename), rebuild the draft of the selected model.
  const selected = typeof selectedId === 'number' ? (models.find((m) => m.id === selectedId) ?? null) : null;
  const stored = selected ? draftOf(selected, sleeves) : null;
  const storedKey = stored ? JSON.stringify(stored) : '';
  const sleevesKey = JSON.stringify(sleeves);
  useEffect(() => {
    if (selectedId === 'new') setDraft((d) => d && resleeve(d, sleeves));
  }, [sleevesKey]);
  useEffect(() => {
    if (selectedId === 'new') return;
    if (stored) setDraft(stored);
    else if (active) {
      setSelectedId(active.id);
      setDraft(draftOf(active, sleeves));
    } else setDraft(null);
    // Rebuild only when what the core holds changes.
  }, [storedKey]);

  const edit = (m: ModelView) => {
    setSelectedId(m.id);
    setDraft(draftOf(m, sleeves));
    setSaved(null);
  };
  const startNew = () => {
    const from = active ?? models[0];
    if (!from) return;
    setSelectedId('new');
    setDraft({ ...draftOf(from, sleeves), id: undefined, preset: null, name: uniqueName(from.name, models) });
    setSaved(null);
  };

  return (
    <>
      <ModelList models={models} selectedId={selectedId} onEdit={edit} onNew={startNew} onChanged={onChanged} />
      {draft && (
        <ModelEditor
          key={selectedId ?? 'none'}
          draft={draft}
          dirty={selectedId === 'new' || (stored !== null && !sameDraft(draft, stored))}
          isNew={selectedId === 'new'}
          saved={saved}
          onChange={(d) => {
            setDraft(d);
            setSaved(null);
          }}
          onDiscard={() => {
            if (selected) setDraft(draftOf(selected, sleeves));
            else if (active) edit(active);
          }}
          onSaved={(m) => {
            setSelectedId(m.id);
            setDraft(draftOf(m, sleeves));
            setSaved(`Saved “${m.name}”.${m.active ? ' It is the active model: the Dashboard compares against it.' : ''}`);
            onChanged();
          }}
        />
      )}
    </>
  );
}

type RowAction = { id: number; kind: 'activate' | 'delete'; phase: 'confirm' | 'running' } | { id: number; kind: 'activate' | 'delete'; phase: 'error'; error: KeelError };

function ModelList(props: { models: ModelView[]; selectedId: number | 'new' | null; onEdit: (m: ModelView) => void; onNew: () => void; onChanged: () => void }) {
  const { models, selectedId, onEdit, onNew, onChanged } = props;
  const [action, setAction] = useState<RowAction | null>(null);
  // Back on the model's Delete after Keep it or Escape.
  useReturnFocus(action?.kind === 'delete' && action.phase === 'confirm');
  const [done, setDone] = useState<string | null>(null);

  const activate = async (m: ModelView) => {
    setAction({ id: m.id, kind: 'activate', phase: 'running' });
    const r = await api.activateModel({ id: m.id });
    if (!r.ok) return setAction({ id: m.id, kind: 'activate', phase: 'error', error: r.error });
    setAction(null);
    setDone(`“${m.name}” is now the active model.`);
    onChanged();
  };
  const remove = async (m: ModelView) => {
    setAction({ id: m.id, kind: 'delete', phase: 'running' });
    const r = await api.deleteModel({ id: m.id });
    if (!r.ok) return setAction({ id: m.id, kind: 'delete', phase: 'error', error: r.error });
    setAction(null);
    setDone(`Deleted “${m.name}”.`);
    onChanged();
  };

  return (
    <section className="card card-flush" aria-labelledby="models-title" data-testid="models">
      <div className="card-head">
        <h2 id="models-title">Target models</h2>
        <button type="button" className="button button-small" onClick={onNew} data-testid="model-new">
          New model
        </button>
      </div>
      <p className="card-note">The active model is the one the Dashboard and Rebalance compare your holdings against. A new model starts as a copy of the active one.</p>
      <ul className="model-list">
        {models.map((m) => {
          const mine = action?.id === m.id ? action : null;
          const busy = mine?.phase === 'running';
          return (
            <li key={m.id} className={`model-item${selectedId === m.id ? ' model-selected' : ''}`} data-testid={`model-${m.id}`}>
              <div className="model-identity">
                <p className="model-name">
                  {m.name}
                  {m.active && <span className="badge badge-active">Active</span>}
                  {m.preset && PRESET_LABELS[m.preset] && <span className="badge badge-soon">{PRESET_LABELS[m.preset]}</span>}
                </p>
                <p className="model-summary muted">
                  {m.targets.filter((t) => !same(t.targetPct, '0')).map((t) => `${t.sleeve} ${formatPctExact(t.targetPct)}`).join(' · ') || 'No targets'}
                </p>
              </div>
              <div className="model-buttons">
                <button type="button" className="button button-small" onClick={() => onEdit(m)} aria-pressed={selectedId === m.id} data-testid={`model-edit-${m.id}`}>
                  {selectedId === m.id ? 'Editing' : 'Edit'}
                </button>
                {!m.active && (
                  <>
                    <button type="button" className="button button-small" onClick={() => void activate(m)} disabled={busy} data-testid={`model-activate-${m.id}`}>
                      Activate
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger"
                      onClick={() => setAction({ id: m.id, kind: 'delete', phase: 'confirm' })}
                      disabled={busy || mine?.phase === 'confirm'}
                      data-testid={`model-delete-${m.id}`}
                    >
                      Delete
                    </button>
                  </>
                )}
              </div>
              {mine?.kind === 'delete' && mine.phase !== 'error' && (
                <div className="confirm model-confirm" onKeyDown={busy ? undefined : escapeCloses(() => setAction(null))}>
                  <p>
                    Delete <strong>{m.name}</strong>? Its targets, bands and preferred buys go with it.
                  </p>
                  <div className="confirm-buttons">
                    <button type="button" className="button button-danger" onClick={() => void remove(m)} disabled={busy} data-testid={`model-delete-confirm-${m.id}`}>
                      {busy ? 'Deleting…' : 'Delete model'}
                    </button>
                    <button type="button" className="button" onClick={() => setAction(null)} disabled={busy}>
                      Keep it
                    </button>
                  </div>
                </div>
              )}
              {mine?.phase === 'error' && (
                <div className="model-confirm">
                  <ErrorAlert error={mine.error} title={mine.kind === 'delete' ? 'The model could not be deleted' : 'The model could not be activated'} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <div role="status" className="status-line history-status" data-testid="models-status">
        {done}
      </div>
    </section>
  );
}

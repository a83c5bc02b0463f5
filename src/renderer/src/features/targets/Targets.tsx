// Targets: the target models (one active), a model editor (name, band rule, a target, bands and preferred buys per
// sleeve, with a live exact sum), what each account can buy (a 401(k) menu), the sleeves themselves (rename, add,
// remove, reorder) and the Cyclicals setting.
// The core validates and stores everything; its messages are shown as they come.
import { useEffect, useId, useState } from 'react';
import type { BandRule, CyclicalsSetting, KeelError, ModelView, OutputOf, SleeveView } from '../../../../shared/contract';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { SumHint } from '../../ui/SumHint';
import { compareDecimal, isPercentInput } from '../../decimal';
import { formatPctExact, plural } from '../../format';
import { hrefFor } from '../../router';
import { useOperation } from '../../useOperation';

const listModels = () => api.listModels({});
const listSleeves = () => api.listSleeves({});
const getAllocation = () => api.getAllocation({});
const listAccountMenus = () => api.listAccountMenus({});

const ROTATION_PRESET = 'rotation-2026';
const DEFAULT_ABS = '5';
const DEFAULT_REL = '25';

const PRESET_LABELS: Record<string, string> = {
  'rotation-2026': '2026 Rotation preset',
  'classic-60-40': 'Classic 60/40 preset',
  'three-fund': 'Three-fund preset',
};

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

export function Targets() {
  const models = useOperation(listModels);
  const sleeves = useOperation(listSleeves);
  const reloadAll = () => {
    models.reload();
    sleeves.reload();
  };
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Targets</h1>
        <p className="page-lede">How your household should be split across sleeves, and how far each sleeve may drift.</p>
      </header>
      {(models.status === 'loading' || sleeves.status === 'loading') && <Loading what="your target models" />}
      {models.status === 'error' && <ErrorAlert error={models.error} title="The target models could not be loaded" onRetry={models.reload} />}
      {sleeves.status === 'error' && <ErrorAlert error={sleeves.error} title="The sleeves could not be loaded" onRetry={sleeves.reload} />}
      {models.status === 'ok' && sleeves.status === 'ok' && (
        <>
          <ModelsAndEditor models={models.value} sleeves={sleeves.value} onChanged={models.reload} />
          <AccountMenusSection />
          <SleevesSection sleeves={sleeves.value} models={models.value} onSaved={reloadAll} />
          <CyclicalsSection />
        </>
      )}
    </>
  );
}

// ---- Models and the editor ----

interface DraftRow {
  /** The sleeve's id, so that a rename while a draft is open keeps its row. */
  sleeveId: number;
  sleeve: string;
  target: string;
  abs: string;
  rel: string;
  preferred: string;
}

interface Draft {
  id: number | undefined;
  name: string;
  bandRule: BandRule;
  preset: string | null;
  rows: DraftRow[];
}

function draftOf(model: ModelView, sleeves: SleeveView[]): Draft {
  return {
    id: model.id,
    name: model.name,
    bandRule: model.bandRule,
    preset: model.preset,
    rows: sleeves.map((s) => {
      const t = model.targets.find((x) => x.sleeve === s.name);
      return {
        sleeveId: s.id,
        sleeve: s.name,
        target: t?.targetPct ?? '0',
        abs: t?.absolutePp ?? DEFAULT_ABS,
        rel: t?.relativePct ?? DEFAULT_REL,
        preferred: (model.preferred[s.name] ?? []).join(', '),
      };
    }),
  };
}

/** The same draft over a changed sleeve list: renamed sleeves keep their row, removed ones drop, new ones start at 0. */
function resleeve(d: Draft, sleeves: SleeveView[]): Draft {
  return {
    ...d,
    rows: sleeves.map((s) => {
      const row = d.rows.find((r) => r.sleeveId === s.id);
      return row ? { ...row, sleeve: s.name } : { sleeveId: s.id, sleeve: s.name, target: '0', abs: DEFAULT_ABS, rel: DEFAULT_REL, preferred: '' };
    }),
  };
}

function uniqueName(base: string, models: ModelView[]): string {
  const taken = new Set(models.map((m) => m.name.toLowerCase()));
  let name = `Copy of ${base}`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `Copy of ${base} (${n})`;
  return name;
}

const same = (a: string, b: string) => isPercentInput(a) && compareDecimal(a.trim(), b) === 0;

function symbolsOf(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}

/** The saveModel input: a sleeve at 0 with the default bands is left out (the core treats it the same way). */
function inputOf(d: Draft) {
  const targets = d.rows
    .filter((r) => !(same(r.target || '0', '0') && same(r.abs || DEFAULT_ABS, DEFAULT_ABS) && same(r.rel || DEFAULT_REL, DEFAULT_REL)))
    .map((r) => ({
      sleeve: r.sleeve,
      targetPct: r.target.trim() || '0',
      ...(r.abs.trim() ? { absolutePp: r.abs.trim() } : {}),
      ...(r.rel.trim() ? { relativePct: r.rel.trim() } : {}),
    }));
  const preferred: Record<string, string[]> = {};
  for (const r of d.rows) {
    const symbols = symbolsOf(r.preferred);
    if (symbols.length > 0) preferred[r.sleeve] = symbols;
  }
  return { ...(d.id === undefined ? {} : { id: d.id }), name: d.name.trim(), bandRule: d.bandRule, targets, preferred };
}

function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(inputOf(a)) === JSON.stringify(inputOf(b)) && a.name === b.name;
}

function ModelsAndEditor({ models, sleeves, onChanged }: { models: ModelView[]; sleeves: SleeveView[]; onChanged: () => void }) {
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
                <div className="confirm model-confirm">
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

function ModelEditor(props: {
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
          <div className="field">
            <label className="field-label" htmlFor={`${uid}-name`}>
              Name
            </label>
            <input
              id={`${uid}-name`}
              className="input model-name-input"
              value={draft.name}
              maxLength={120}
              onChange={(e) => onChange({ ...draft, name: e.target.value })}
              data-testid="model-name"
            />
          </div>
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

        <div className="table-wrap">
          <table className="table table-targets">
            <caption className="visually-hidden">Target, bands and preferred buys per sleeve</caption>
            <thead>
              <tr>
                <th scope="col">Sleeve</th>
                <th scope="col" className="num">
                  Target %
                </th>
                <th scope="col" className="num" title="Absolute band: how many percentage points either side of the target">
                  Band ± pp
                </th>
                <th scope="col" className="num" title="Relative band: how many percent of the target either side of it">
                  Band ± % of target
                </th>
                <th scope="col">Preferred buys</th>
              </tr>
            </thead>
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
          </table>
        </div>
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

// ---- What each account can buy ----

type AccountMenu = OutputOf<'setAccountMenu'>;

function AccountMenusSection() {
  const menus = useOperation(listAccountMenus);
  return (
    <section className="card card-flush account-menus" aria-labelledby="menus-title" data-testid="account-menus">
      <div className="card-head">
        <h2 id="menus-title">What each account can buy</h2>
      </div>
      <p className="card-note">
        A 401(k) offers a handful of funds; list them here and Rebalance buys only those in that account. Leave an account empty and it can buy
        any security. Symbols are separated by commas.
      </p>
      {menus.status === 'loading' && (
        <div className="card-body">
          <Loading what="the accounts" />
        </div>
      )}
      {menus.status === 'error' && (
        <div className="card-body">
          <ErrorAlert error={menus.error} title="The accounts could not be loaded" onRetry={menus.reload} />
        </div>
      )}
      {menus.status === 'ok' &&
        (menus.value.length === 0 ? (
          <p className="card-body muted">No accounts yet: import one first.</p>
        ) : (
          <ul className="menu-list">
            {menus.value.map((m) => (
              <AccountMenuRow key={m.accountId} menu={m} />
            ))}
          </ul>
        ))}
    </section>
  );
}

function AccountMenuRow({ menu }: { menu: AccountMenu }) {
  const [stored, setStored] = useState<AccountMenu>(menu);
  const [text, setText] = useState(menu.symbols.join(', '));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const uid = useId();
  const dirty = symbolsOf(text).join(',') !== stored.symbols.join(',');

  const save = async () => {
    setSaving(true);
    setError(null);
    setDone(null);
    // The core normalises (upper case, no repeats, sorted); what it returns is what is shown.
    const symbols = text
      .split(/[\s,;]+/)
      .map((x) => x.trim())
      .filter(Boolean);
    const r = await api.setAccountMenu({ accountId: menu.accountId, symbols });
    setSaving(false);
    if (!r.ok) return setError(r.error);
    setStored(r.value);
    setText(r.value.symbols.join(', '));
    setDone(r.value.symbols.length === 0 ? 'Saved: it can buy any security.' : `Saved: ${plural(r.value.symbols.length, 'security', 'securities')}.`);
  };

  return (
    <li className="menu-item" data-testid={`menu-row-${menu.accountId}`}>
      <label className="menu-name" htmlFor={`${uid}-symbols`}>
        {stored.name}
      </label>
      <form
        className="menu-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <input
          id={`${uid}-symbols`}
          className="input menu-input"
          value={text}
          placeholder="Any security"
          aria-describedby={`${uid}-now`}
          onChange={(e) => {
            setText(e.target.value);
            setDone(null);
          }}
          spellCheck={false}
          autoCapitalize="characters"
          data-testid={`menu-${menu.accountId}`}
        />
        <button type="submit" className="button button-small" disabled={saving || !dirty} aria-busy={saving} data-testid={`menu-save-${menu.accountId}`}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </form>
      <p className="menu-now muted" id={`${uid}-now`} data-testid={`menu-list-${menu.accountId}`}>
        {stored.symbols.length === 0 ? (
          'Can buy any security'
        ) : (
          <>
            Can buy only <span className="menu-symbols">{stored.symbols.join(', ')}</span>
          </>
        )}
      </p>
      {error && (
        <div className="menu-error">
          <ErrorAlert error={error} title={`The list for ${stored.name} was not saved`} />
        </div>
      )}
      <div role="status" className="menu-status" data-testid={`menu-status-${menu.accountId}`}>
        {done}
      </div>
    </li>
  );
}

// ---- Sleeves ----

interface SleeveDraft {
  id: number | undefined;
  name: string;
  original: string | null;
  /** A stable key for React while names change. */
  key: string;
}

function SleevesSection({ sleeves, models, onSaved }: { sleeves: SleeveView[]; models: ModelView[]; onSaved: () => void }) {
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

// ---- Cyclicals ----

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

function CyclicalsSection() {
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

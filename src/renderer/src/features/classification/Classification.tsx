// Classification: every security the household holds, the sleeves it counts in and where that comes from (your
// own choice, Keel's reference data, or a rule). Unclassified securities come first with a prompt; any row's
// weights can be edited inline (a live exact sum), saved as your classification, or reset to the reference.
import { useId, useState, useRef } from 'react';
import type { ClassificationView, KeelError, SleeveView } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { SumHint } from '../../ui/SumHint';
import { compareDecimal, isPercentInput } from '../../decimal';
import { formatMoney, formatPctExact, plural } from '../../format';
import { hrefFor } from '../../router';
import { useOperation } from '../../useOperation';
import { num, Table, unlabelled } from '../../ui/Table';
import './classification.css';
import { Field } from '../../ui/Field';
import { escapeCloses, useReturnFocus } from '../../ui/returnFocus';

const listClassifications = () => api.listClassifications({});
const listSleeves = () => api.listSleeves({});
const listFxRates = () => api.listFxRates({});

const SOURCE_LABELS: Record<NonNullable<ClassificationView['source']>, string> = {
  override: 'Your classification',
  reference: 'Reference data',
  rule: 'Rule',
};

export function Classification() {
  const list = useOperation(listClassifications);
  const sleeves = useOperation(listSleeves);
  const rates = useOperation(listFxRates);
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Classification</h1>
        <p className="page-lede">Which sleeves each security you hold counts in. A fund can be split across sleeves, e.g. 60/40.</p>
      </header>
      {(list.status === 'loading' || sleeves.status === 'loading' || rates.status === 'loading') && <Loading what="your securities" />}
      {list.status === 'error' && <ErrorAlert error={list.error} title="The classifications could not be loaded" onRetry={list.reload} />}
      {sleeves.status === 'error' && <ErrorAlert error={sleeves.error} title="The sleeves could not be loaded" onRetry={sleeves.reload} />}
      {rates.status === 'error' && <ErrorAlert error={rates.error} title="The base currency could not be loaded" onRetry={rates.reload} />}
      {list.status === 'ok' && sleeves.status === 'ok' && rates.status === 'ok' && (
        <ClassificationList items={list.value} sleeves={sleeves.value} currency={rates.value.baseCurrency} onChanged={list.reload} />
      )}
    </>
  );
}

function ClassificationList(props: { items: ClassificationView[]; sleeves: SleeveView[]; currency: string; onChanged: () => void }) {
  const { items, sleeves, currency, onChanged } = props;
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Focus back on the row's Edit after Save, Cancel or Escape (a saved row may have moved to the other group).
  const lastEdited = useRef<string | null>(null);
  if (editing) lastEdited.current = editing;
  useReturnFocus(editing !== null, () => document.querySelector<HTMLElement>(`[data-testid="classify-edit-${CSS.escape(lastEdited.current ?? '')}"]`));

  const q = query.trim().toLowerCase();
  const shown = q ? items.filter((c) => c.symbol.toLowerCase().includes(q) || c.name.toLowerCase().includes(q)) : items;
  const unclassified = shown.filter((c) => c.sleeves === null);
  const classified = shown.filter((c) => c.sleeves !== null);
  const allUnclassified = items.filter((c) => c.sleeves === null).length;

  if (items.length === 0) {
    return (
      <section className="card">
        <p>
          No securities yet. <a href={hrefFor('import')}>Import</a> your positions, or load the demo household in <a href={hrefFor('settings')}>Settings</a>.
        </p>
      </section>
    );
  }

  const onSaved = (message: string) => {
    setEditing(null);
    setDone(message);
    onChanged();
  };

  const rows = (group: ClassificationView[]) =>
    group.map((c) => (
      <ClassificationRow
        key={c.symbol}
        item={c}
        sleeves={sleeves}
        currency={currency}
        editing={editing === c.symbol}
        onEdit={() => {
          setEditing(c.symbol);
          setDone(null);
        }}
        onClose={() => setEditing(null)}
        onSaved={onSaved}
      />
    ));

  return (
    <>
      {allUnclassified > 0 && (
        <div className="banner" role="note" data-testid="classify-prompt">
          <div className="banner-text">
            <p className="banner-title">
              Choose sleeves for {allUnclassified === 1 ? 'this security' : `these ${allUnclassified} securities`} — {allUnclassified === 1 ? 'it is' : 'they are'}{' '}
              counted in the total but in no sleeve
            </p>
            <p>They are listed first below. Choose “Choose sleeves” on a row and give each sleeve its share.</p>
          </div>
        </div>
      )}
      <section className="card card-flush" aria-labelledby="securities-title" data-testid="classifications">
        <div className="grid-toolbar">
          <h2 id="securities-title" className="visually-hidden">
            Securities
          </h2>
          <div className="grid-filters">
            <Field label="Search" htmlFor="classify-search">
              <input
                id="classify-search"
                type="search"
                className="input classify-search"
                placeholder="Symbol or name"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                data-testid="classify-search"
              />
            </Field>
            <p className="grid-count muted" aria-live="polite">
              {q ? `${plural(shown.length, 'security', 'securities')} of ${items.length}` : plural(items.length, 'security', 'securities')}
            </p>
          </div>
        </div>
        <div role="status" className="status-line history-status" data-testid="classify-status">
          {done}
        </div>
        <Table
          className="table-classify"
          caption="Securities and their sleeves, unclassified first"
          columns={[
            { label: 'Security', col: 'col-security' },
            num('Value', { col: 'col-value' }),
            { label: 'Sleeves and where they come from', col: '' },
            { ...unlabelled('Edit'), col: 'col-edit' },
          ]}
          below={shown.length === 0 && <p className="card-body muted grid-none">Nothing matches “{query}”.</p>}
        >
          {unclassified.length > 0 && (
            <tbody data-testid="classify-unclassified">
              <tr className="group-row">
                <th scope="colgroup" colSpan={4}>
                  Unclassified · {unclassified.length}
                </th>
              </tr>
              {rows(unclassified)}
            </tbody>
          )}
          {classified.length > 0 && (
            <tbody data-testid="classify-classified">
              {unclassified.length > 0 && (
                <tr className="group-row">
                  <th scope="colgroup" colSpan={4}>
                    Classified · {classified.length}
                  </th>
                </tr>
              )}
              {rows(classified)}
            </tbody>
          )}
        </Table>
      </section>
    </>
  );
}

function SleeveChips({ sleeves }: { sleeves: Record<string, string> }) {
  return (
    <span className="chips">
      {Object.entries(sleeves).map(([name, weight]) => (
        <span key={name} className="chip">
          {name} {formatPctExact(weight)}
        </span>
      ))}
    </span>
  );
}

function ClassificationRow(props: {
  item: ClassificationView;
  sleeves: SleeveView[];
  currency: string;
  editing: boolean;
  onEdit: () => void;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { item: c, sleeves, currency, editing, onEdit, onClose, onSaved } = props;
  return (
    <>
      <tr data-testid={`classify-${c.symbol}`} className={`${c.sleeves === null ? 'row-unclassified' : ''}${editing ? ' row-selected' : ''}`}>
        <th scope="row" className="classify-security">
          <span className="classify-symbol">{c.symbol}</span>
          {c.name && <span className="classify-name">{c.name}</span>}
        </th>
        <td className="num">{formatMoney(c.value, currency)}</td>
        <td className="classify-sleeves">
          {c.sleeves === null ? <span className="badge badge-demo">No sleeve</span> : <SleeveChips sleeves={c.sleeves} />}
          <p className="classify-source">
            <span className={`source source-${c.source ?? 'none'}`}>{c.source ? SOURCE_LABELS[c.source] : 'Unclassified'}</span>
            <span className="classify-basis"> · {c.basis}</span>
          </p>
        </td>
        <td className="classify-edit">
          <button
            type="button"
            className={`button button-small${c.sleeves === null ? ' button-primary' : ''}`}
            onClick={onEdit}
            disabled={editing}
            aria-expanded={editing}
            data-testid={`classify-edit-${c.symbol}`}
          >
            {c.sleeves === null ? 'Choose sleeves' : 'Edit'}
          </button>
        </td>
      </tr>
      {editing && (
        <tr className="confirm-row">
          <td colSpan={4}>
            <WeightsEditor item={c} sleeves={sleeves} onClose={onClose} onSaved={onSaved} />
          </td>
        </tr>
      )}
    </>
  );
}

function WeightsEditor(props: { item: ClassificationView; sleeves: SleeveView[]; onClose: () => void; onSaved: (message: string) => void }) {
  const { item: c, sleeves, onClose, onSaved } = props;
  const uid = useId();
  const [weights, setWeights] = useState<Record<string, string>>(() => Object.fromEntries(sleeves.map((s) => [s.name, c.sleeves?.[s.name] ?? ''])));
  const [busy, setBusy] = useState<'save' | 'reset' | null>(null);
  const [error, setError] = useState<KeelError | null>(null);

  const chosen = () =>
    Object.fromEntries(
      Object.entries(weights)
        .map(([name, w]) => [name, w.trim()] as const)
        .filter(([, w]) => w !== '' && !(isPercentInput(w) && compareDecimal(w, '0') === 0)),
    );

  const run = async (kind: 'save' | 'reset') => {
    setBusy(kind);
    setError(null);
    const r = await api.setClassification({ symbol: c.symbol, sleeves: kind === 'save' ? chosen() : null });
    setBusy(null);
    if (!r.ok) return setError(r.error);
    const v = r.value;
    const now = v.sleeves
      ? Object.entries(v.sleeves)
          .map(([n, w]) => `${n} ${formatPctExact(w)}`)
          .join(', ')
      : 'no sleeve';
    onSaved(kind === 'save' ? `${c.symbol} saved as your classification: ${now}.` : `${c.symbol} is back to ${v.source ? SOURCE_LABELS[v.source].toLowerCase() : 'unclassified'}: ${now}.`);
  };

  return (
    <form
      className="weights-editor"
      data-testid={`classify-editor-${c.symbol}`}
      aria-label={`Sleeves for ${c.symbol}`}
      onKeyDown={busy ? undefined : escapeCloses(onClose)}
      onSubmit={(e) => {
        e.preventDefault();
        void run('save');
      }}
    >
      <p className="weights-title">
        Sleeves for <strong>{c.symbol}</strong> — give each sleeve its share; the shares add up to 100%.
      </p>
      <div className="weights-grid">
        {sleeves.map((s) => {
          const value = weights[s.name] ?? '';
          const invalid = value.trim() !== '' && !isPercentInput(value);
          return (
            <Field label={s.name} htmlFor={`${uid}-${s.id}`} className="weight-field" key={s.id}>
              <span className="input-suffixed">
                <input
                  id={`${uid}-${s.id}`}
                  className={`input input-pct${invalid ? ' input-invalid' : ''}`}
                  inputMode="decimal"
                  value={value}
                  placeholder="0"
                  aria-invalid={invalid || undefined}
                  aria-describedby={`${uid}-sum`}
                  onChange={(e) => setWeights((w) => ({ ...w, [s.name]: e.target.value }))}
                  data-testid={`classify-weight-${c.symbol}-${s.name}`}
                />
                <span className="input-suffix" aria-hidden="true">
                  %
                </span>
              </span>
            </Field>
          );
        })}
      </div>
      <SumHint values={Object.values(weights)} testId={`classify-sum-${c.symbol}`} id={`${uid}-sum`} />
      {error && <ErrorAlert error={error} title={`${c.symbol} was not saved`} />}
      <div className="confirm-buttons">
        <button type="submit" className="button button-primary" disabled={busy !== null} aria-busy={busy === 'save'} data-testid={`classify-save-${c.symbol}`}>
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" onClick={onClose} disabled={busy !== null} data-testid={`classify-cancel-${c.symbol}`}>
          Cancel
        </button>
        {c.source === 'override' && (
          <button type="button" className="button" onClick={() => void run('reset')} disabled={busy !== null} aria-busy={busy === 'reset'} data-testid={`classify-reset-${c.symbol}`}>
            {busy === 'reset' ? 'Resetting…' : 'Reset to reference'}
          </button>
        )}
      </div>
    </form>
  );
}

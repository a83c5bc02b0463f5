// The Accounts page's three panels, each opened from its row: the inline editor (name, number, tax treatment,
// currency), the merge confirmation (choose the target; it names what moves) and the delete confirmation (it names
// what goes and that a backup is taken first; the answer names the backup). Escape closes any of them.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { SETTABLE_TAX_TREATMENTS, type AccountListItem, type KeelError, type TaxTreatment } from '../../../../shared/types';
import { api } from '../../api/client';
import { plural, taxTreatmentLabel } from '../../format';
import { Field } from '../../ui/Field';
import { ErrorAlert } from '../../ui/Status';

/** What a panel did, for the page's notice. gone: the row that opened it no longer exists. */
export interface Done {
  message: string;
  gone: boolean;
  at: number;
}

interface PanelProps {
  account: AccountListItem;
  onClose: (done?: Done) => void;
}

const named = (a: AccountListItem): string => `${a.name}${a.number ? ` (${a.number})` : ''}`;
const escapeCloses = (onClose: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Escape') {
    e.preventDefault();
    onClose();
  }
};

/** Runs one change; its error stays in the panel. */
function useChange() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const run = async <T,>(call: () => Promise<{ ok: true; value: T } | { ok: false; error: KeelError }>, then: (value: T) => void) => {
    setBusy(true);
    setError(null);
    const r = await call().catch((e: unknown) => ({ ok: false as const, error: { code: 'INTERNAL' as const, message: String(e) } }));
    setBusy(false);
    if (r.ok) then(r.value);
    else setError(r.error);
  };
  return { busy, error, run };
}

export function AccountEditor({ account: a, onClose }: PanelProps) {
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(a.name);
  const [number, setNumber] = useState(a.number);
  const [treatment, setTreatment] = useState<TaxTreatment>(a.taxTreatment);
  const [currency, setCurrency] = useState(a.currency);
  const change = useChange();
  useEffect(() => first.current?.focus(), []);
  const treatments: readonly TaxTreatment[] = SETTABLE_TAX_TREATMENTS.includes(a.taxTreatment as never) ? SETTABLE_TAX_TREATMENTS : [...SETTABLE_TAX_TREATMENTS, a.taxTreatment];
  const save = () => {
    const changes = {
      ...(name.trim() !== a.name ? { name: name.trim() } : {}),
      ...(number.trim() !== a.number ? { number: number.trim() } : {}),
      ...(treatment !== a.taxTreatment ? { taxTreatment: treatment } : {}),
      ...(currency.trim().toUpperCase() !== a.currency ? { currency: currency.trim().toUpperCase() } : {}),
    };
    if (Object.keys(changes).length === 0) return onClose();
    void change.run(() => api.updateAccount({ id: a.id, ...changes }), (v) => onClose({ message: `Saved ${named(v)}.`, gone: false, at: Date.now() }));
  };
  return (
    <form
      className="account-panel account-editor"
      aria-label={`Edit ${a.name}`}
      onKeyDown={escapeCloses(() => onClose())}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      data-testid="account-editor"
    >
      <div className="account-fields">
        <Field label="Name" htmlFor={`${id}-name`} className="account-field-name">
          <input id={`${id}-name`} ref={first} className="input" value={name} maxLength={120} required onChange={(e) => setName(e.target.value)} data-testid="account-name-input" />
        </Field>
        <Field label="Number" htmlFor={`${id}-number`}>
          <input id={`${id}-number`} className="input account-input-number" value={number} maxLength={40} onChange={(e) => setNumber(e.target.value)} data-testid="account-number-input" />
        </Field>
        <Field label="Tax treatment" htmlFor={`${id}-treatment`}>
          <select id={`${id}-treatment`} className="select" value={treatment} onChange={(e) => setTreatment(e.target.value as TaxTreatment)} data-testid="account-treatment-select">
            {treatments.map((t) => (
              <option key={t} value={t}>
                {taxTreatmentLabel(t)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Currency" htmlFor={`${id}-currency`}>
          <input id={`${id}-currency`} className="input account-input-currency" value={currency} maxLength={3} pattern="[A-Za-z]{3}" required onChange={(e) => setCurrency(e.target.value)} data-testid="account-currency-input" />
        </Field>
      </div>
      {currency.trim().toUpperCase() !== a.currency && <p className="field-hint">A new currency relabels the account: Keel converts no amount.</p>}
      {change.error && <ErrorAlert error={change.error} title="Not saved" />}
      <div className="actions">
        <button type="submit" className="button button-primary button-small" disabled={change.busy} aria-busy={change.busy} data-testid="save-account">
          {change.busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button-small" onClick={() => onClose()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** What a merge or delete takes with it, in words. */
function contents(a: AccountListItem): string {
  const parts = [...(a.empty ? [] : [`its statements (now ${plural(a.positions, 'position')})`]), plural(a.transactions, 'history row'), plural(a.lots, 'tax lot')];
  return parts.join(', ');
}

export function MergePanel({ account: a, accounts, suggested, onClose }: PanelProps & { accounts: AccountListItem[]; suggested: AccountListItem | null }) {
  const id = useId();
  const targets = accounts.filter((t) => t.id !== a.id && t.currency === a.currency && t.isDemo === a.isDemo);
  const [into, setInto] = useState<number | null>(suggested?.id ?? targets[0]?.id ?? null);
  const select = useRef<HTMLSelectElement>(null);
  const change = useChange();
  useEffect(() => select.current?.focus(), []);
  const target = targets.find((t) => t.id === into) ?? null;
  return (
    <div className="account-panel" role="group" aria-labelledby={`${id}-title`} onKeyDown={escapeCloses(() => onClose())} data-testid="merge-panel">
      <p id={`${id}-title`} className="account-panel-title">
        Merge {named(a)} into another account
      </p>
      {targets.length === 0 ? (
        <p>No other {a.currency} account to merge it into (Keel merges accounts of one currency only; it converts nothing).</p>
      ) : (
        <>
          <Field label="Into" htmlFor={`${id}-into`}>
            <select id={`${id}-into`} ref={select} className="select" value={into ?? ''} onChange={(e) => setInto(Number(e.target.value))} data-testid="merge-target">
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {named(t)}
                  {t.id === suggested?.id ? ' — suggested' : ''}
                </option>
              ))}
            </select>
          </Field>
          {target && (
            <p className="account-panel-text" data-testid="merge-summary">
              Moves {contents(a)}, its menu and the plans naming it into <strong>{named(target)}</strong>; {a.name} then disappears. The newer statement of
              the two becomes {target.name}’s holdings.
            </p>
          )}
        </>
      )}
      {change.error && <ErrorAlert error={change.error} title="Not merged" />}
      <div className="actions">
        {target && (
          <button
            type="button"
            className="button button-primary button-small"
            disabled={change.busy}
            aria-busy={change.busy}
            onClick={() => void change.run(() => api.mergeAccounts({ from: a.id, into: target.id }), (v) => onClose({ message: `Merged ${v.removed.name} into ${named(v.account)}.`, gone: true, at: Date.now() }))}
            data-testid="confirm-merge"
          >
            {change.busy ? 'Merging…' : `Merge into ${target.name}`}
          </button>
        )}
        <button type="button" className="button button-small" onClick={() => onClose()} ref={targets.length === 0 ? (el) => el?.focus() : undefined}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function DeletePanel({ account: a, onClose }: PanelProps) {
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  const change = useChange();
  // Focus the safe choice first.
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="account-panel account-panel-danger" role="group" aria-labelledby={`${id}-title`} onKeyDown={escapeCloses(() => onClose())} data-testid="delete-panel">
      <p id={`${id}-title`} className="account-panel-title">
        Delete {named(a)}?
      </p>
      <p className="account-panel-text" data-testid="delete-summary">
        Deletes the account and everything imported into it: {contents(a)}, and its menu. Keel takes a backup of your data first; restoring it (Settings → Backups)
        brings the account back.
      </p>
      {change.error && <ErrorAlert error={change.error} title="Not deleted" />}
      <div className="actions">
        <button
          type="button"
          className="button button-danger button-small"
          disabled={change.busy}
          aria-busy={change.busy}
          onClick={() =>
            void change.run(
              () => api.deleteAccount({ id: a.id }),
              (v) => onClose({ message: `Deleted ${v.removed.name}. Backup taken first: ${v.backup.name} (Settings → Backups restores it).`, gone: true, at: Date.now() }),
            )
          }
          data-testid="confirm-delete"
        >
          {change.busy ? 'Backing up and deleting…' : 'Back up and delete'}
        </button>
        <button type="button" ref={cancel} className="button button-small" onClick={() => onClose()}>
          Cancel
        </button>
      </div>
    </div>
  );
}

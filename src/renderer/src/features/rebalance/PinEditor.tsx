// Pinned trades on the Rebalance form: the list (edit, remove) and, in pinned mode, a row to add one directly —
// account, symbol, and sell % / shares / $ or buy $ / shares. Editing a pin fills the row; Escape cancels the edit
// and puts focus back on the Edit button that opened it.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { AccountView } from '../../../../shared/types';
import { Field } from '../../ui/Field';
import { describePin, type Pin } from './request';
import { entryFromPin, PIN_KIND_LABELS, pinFromEntry, putPin, type PinEntry, type PinKind } from './pins';

interface Props {
  pins: Pin[];
  onChange: (pins: Pin[]) => void;
  accounts: AccountView[];
  /** Pinned mode: the add row is shown. */
  adding: boolean;
}

export function PinEditor({ pins, onChange, accounts, adding }: Props) {
  const uid = useId();
  const first = accounts[0] ? String(accounts[0].id) : '';
  const blank: PinEntry = { account: first, symbol: '', kind: 'sell-percent', value: '' };
  const [entry, setEntry] = useState<PinEntry>(blank);
  const [editing, setEditing] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const symbolInput = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const name = (id: string) => accounts.find((a) => String(a.id) === id)?.name ?? `account ${id}`;
  const held = accounts.find((a) => String(a.id) === entry.account)?.positions.map((p) => p.symbol) ?? [];

  const reset = () => {
    setEntry({ ...blank, account: entry.account || first });
    setEditing(null);
    setProblem(null);
  };
  const save = () => {
    const r = pinFromEntry(entry);
    if (!r.ok) return setProblem(r.message);
    onChange(putPin(pins, r.pin, editing));
    const back = editing !== null ? opener.current : null;
    reset();
    if (back?.isConnected) back.focus();
    else symbolInput.current?.focus();
  };
  const cancel = () => {
    const back = opener.current;
    reset();
    back?.focus();
  };
  const startEdit = (i: number, button: HTMLButtonElement) => {
    const p = pins[i];
    if (!p) return;
    opener.current = button;
    setEntry(entryFromPin(p));
    setEditing(i);
    setProblem(null);
    requestAnimationFrame(() => symbolInput.current?.focus());
  };
  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape' && editing !== null) {
      e.preventDefault();
      cancel();
    }
  };

  if (pins.length === 0 && !adding) return null;
  return (
    <div className="plan-pins" data-testid="plan-pins">
      <p className="field-label">Pinned trades (the planner keeps these exactly)</p>
      {pins.length === 0 ? (
        <p className="muted">None yet: add the trades you mean to make below, and the planner does the rest around them.</p>
      ) : (
        <ul className="chip-list">
          {pins.map((p, i) => (
            <li key={`${p.account}-${p.symbol}`} className={`chip${editing === i ? ' chip-editing' : ''}`} data-testid={`plan-pin-${i}`}>
              <span>
                {describePin(p)} <span className="muted">in {name(p.account)}</span>
              </span>
              <button type="button" className="chip-edit" aria-label={`Edit pin: ${describePin(p)} in ${name(p.account)}`} onClick={(e) => startEdit(i, e.currentTarget)}>
                Edit
              </button>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove pin: ${describePin(p)} in ${name(p.account)}`}
                onClick={() => {
                  onChange(pins.filter((_, j) => j !== i));
                  if (editing !== null) reset();
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {(adding || editing !== null) && (
        <div className="plan-pin-add" role="group" aria-label={editing !== null ? 'Edit the pinned trade' : 'Add a pinned trade'} data-testid="plan-pin-add">
          <Field label="Account" htmlFor={`${uid}-account`}>
            <select id={`${uid}-account`} className="select" value={entry.account} onChange={(e) => setEntry({ ...entry, account: e.target.value })} onKeyDown={keys} data-testid="pin-account">
              {accounts.map((a) => (
                <option key={a.id} value={String(a.id)}>
                  {a.name} {a.numberMasked}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Symbol" htmlFor={`${uid}-symbol`}>
            <input
              ref={symbolInput}
              id={`${uid}-symbol`}
              className="input input-symbol"
              list={`${uid}-held`}
              autoComplete="off"
              value={entry.symbol}
              onChange={(e) => setEntry({ ...entry, symbol: e.target.value })}
              onKeyDown={keys}
              data-testid="pin-symbol"
            />
            <datalist id={`${uid}-held`}>
              {held.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </Field>
          <Field label="Trade" htmlFor={`${uid}-kind`}>
            <select id={`${uid}-kind`} className="select" value={entry.kind} onChange={(e) => setEntry({ ...entry, kind: e.target.value as PinKind })} onKeyDown={keys} data-testid="pin-kind">
              {(Object.keys(PIN_KIND_LABELS) as PinKind[]).map((k) => (
                <option key={k} value={k}>
                  {PIN_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </Field>
          <Field label={entry.kind === 'sell-percent' ? 'Percent' : entry.kind.endsWith('shares') ? 'Shares' : 'Amount'} htmlFor={`${uid}-value`}>
            <input
              id={`${uid}-value`}
              className={`input input-money${problem ? ' input-invalid' : ''}`}
              inputMode="decimal"
              placeholder={entry.kind === 'sell-percent' ? '20' : entry.kind.endsWith('shares') ? '10' : '5000'}
              value={entry.value}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${uid}-problem` : undefined}
              onChange={(e) => setEntry({ ...entry, value: e.target.value })}
              onKeyDown={keys}
              data-testid="pin-value"
            />
          </Field>
          <button type="button" className="button" onClick={save} data-testid="pin-add">
            {editing !== null ? 'Update pin' : 'Add pin'}
          </button>
          {editing !== null && (
            <button type="button" className="button" onClick={cancel}>
              Cancel
            </button>
          )}
          {problem && (
            <p className="field-problem" id={`${uid}-problem`} role="alert">
              {problem}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

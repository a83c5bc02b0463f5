// Accounts: every account with its broker, number, tax treatment, currency, positions and total; rename it, set its
// number, treatment and currency inline; merge it into another (the same account imported twice); delete it
// (Keel backs up first and names the backup). Focus returns to the button that opened an edit or a confirmation.
import { useEffect, useRef, useState } from 'react';
import type { AccountListItem, AccountsView } from '../../../../shared/types';
import { api } from '../../api/client';
import { formatDate, formatMoney, plural, taxTreatmentLabel } from '../../format';
import { ErrorAlert, Loading } from '../../ui/Status';
import { num, Table, unlabelled } from '../../ui/Table';
import { useOperation } from '../../useOperation';
import { AccountEditor, DeletePanel, MergePanel, type Done } from './AccountForms';
import './accounts.css';

const getAccounts = () => api.listAccounts({});

export function Accounts() {
  const list = useOperation(getAccounts);
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Accounts</h1>
        <p className="page-lede">
          Rename an account, set its number, tax treatment and currency, merge an account imported twice into the other, or delete one.
        </p>
      </header>
      {list.status === 'loading' && <Loading what="accounts" />}
      {list.status === 'error' && <ErrorAlert error={list.error} title="Accounts could not be loaded" onRetry={list.reload} />}
      {list.status === 'ok' && <AccountsTable view={list.value} reload={list.reload} />}
    </>
  );
}

/** What is open: one account's editor, merge or delete confirmation (one at a time). */
type Open = { kind: 'edit' | 'merge' | 'delete'; id: number } | null;

function AccountsTable({ view, reload }: { view: AccountsView; reload: () => void }) {
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<Done | null>(null);
  const openers = useRef(new Map<string, HTMLButtonElement | null>());
  const opener = (kind: string, id: number) => (el: HTMLButtonElement | null) => void openers.current.set(`${kind}:${id}`, el);
  /** Closes what is open; focus goes back to the button that opened it (when it is still there). */
  const close = (result?: Done) => {
    const was = open;
    setOpen(null);
    if (result) {
      setDone(result);
      reload();
    }
    if (was && !result?.gone) requestAnimationFrame(() => openers.current.get(`${was.kind}:${was.id}`)?.focus());
  };
  const accounts = view.accounts;
  if (accounts.length === 0) {
    return (
      <section className="card">
        <p className="card-note">No accounts yet: import a broker file and its accounts appear here.</p>
      </section>
    );
  }
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return (
    <>
      {done && <DoneNotice key={done.at} done={done} />}
      <section className="card card-flush">
        <Table
          className="table-accounts"
          data-testid="accounts-table"
          caption="Accounts"
          columns={[
            { label: 'Account', col: 'col-account' },
            { label: 'Number', col: 'col-number' },
            { label: 'Tax treatment', col: 'col-treatment' },
            { label: 'Currency', col: 'col-currency' },
            num('Positions', { col: 'col-positions' }),
            num('Total', { col: 'col-total' }),
            { ...unlabelled('Actions'), col: 'col-actions' },
          ]}
        >
          <tbody>
            {accounts.map((a) => (
              <AccountRows
                key={a.id}
                account={a}
                accounts={accounts}
                suggested={a.suggestedMerge === null ? null : (byId.get(a.suggestedMerge) ?? null)}
                open={open?.id === a.id ? open.kind : null}
                onOpen={(kind) => {
                  setDone(null);
                  setOpen({ kind, id: a.id });
                }}
                onClose={close}
                opener={opener}
              />
            ))}
          </tbody>
        </Table>
      </section>
    </>
  );
}

interface RowProps {
  account: AccountListItem;
  accounts: AccountListItem[];
  suggested: AccountListItem | null;
  open: 'edit' | 'merge' | 'delete' | null;
  onOpen: (kind: 'edit' | 'merge' | 'delete') => void;
  onClose: (done?: Done) => void;
  opener: (kind: string, id: number) => (el: HTMLButtonElement | null) => void;
}

function AccountRows({ account: a, accounts, suggested, open, onOpen, onClose, opener }: RowProps) {
  const label = `${a.name}${a.number ? ` ${a.number}` : ''}`;
  return (
    <>
      <tr data-testid="account-row" data-id={a.id} data-number={a.number}>
        <th scope="row" className="account-cell">
          <span className="account-cell-name" data-testid="account-name">{a.name}</span>
          {a.isDemo && <span className="badge badge-demo">Demo</span>}
          <span className="account-cell-meta">
            {a.broker || 'No broker'}
            {a.empty ? ` · no statement: ${plural(a.transactions, 'history row')}${a.lots ? `, ${plural(a.lots, 'lot')}` : ''}` : ` · as of ${formatDate(a.asOf)}`}
          </span>
          {a.empty && !a.isDemo && (
            <span className="account-cell-hint" data-testid="merge-hint">
              Not on the Dashboard or in plans: merge it into its account{suggested ? ` (probably ${suggested.name})` : ''}.
            </span>
          )}
        </th>
        <td className="nowrap" data-testid="account-number">{a.number || '—'}</td>
        <td>
          <span className={`badge badge-${a.taxTreatment}`} data-testid="account-treatment">{taxTreatmentLabel(a.taxTreatment)}</span>
        </td>
        <td>{a.currency}</td>
        <td className="num">{a.positions}</td>
        <td className="num nowrap" data-testid="account-total">{formatMoney(a.total, a.currency)}</td>
        <td className="account-actions">
          <div className="account-actions-inner">
            <button type="button" className="button button-small" ref={opener('edit', a.id)} aria-expanded={open === 'edit'} aria-label={`Edit ${label}`} onClick={() => onOpen('edit')} data-testid="edit-account">
              Edit
            </button>
            <button type="button" className="button button-small" ref={opener('merge', a.id)} aria-expanded={open === 'merge'} aria-label={`Merge ${label} into another account`} onClick={() => onOpen('merge')} data-testid="merge-account">
              Merge…
            </button>
            <button type="button" className="button button-small" ref={opener('delete', a.id)} aria-expanded={open === 'delete'} aria-label={`Delete ${label}`} onClick={() => onOpen('delete')} data-testid="delete-account">
              Delete…
            </button>
          </div>
        </td>
      </tr>
      {open && (
        <tr className="account-panel-row">
          <td colSpan={7}>
            {open === 'edit' && <AccountEditor account={a} onClose={onClose} />}
            {open === 'merge' && <MergePanel account={a} accounts={accounts} suggested={suggested} onClose={onClose} />}
            {open === 'delete' && <DeletePanel account={a} onClose={onClose} />}
          </td>
        </tr>
      )}
    </>
  );
}

/** What the last change did. After a merge or delete the row that opened it is gone: the notice takes focus. */
function DoneNotice({ done }: { done: Done }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done.gone) ref.current?.focus();
  }, [done]);
  return (
    <div className="alert alert-ok accounts-notice" role="status" data-testid="account-notice" tabIndex={-1} ref={ref}>
      {done.message}
    </div>
  );
}

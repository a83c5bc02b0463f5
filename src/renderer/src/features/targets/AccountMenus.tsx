// What each account can buy: a 401(k)'s fund menu, or any symbol.
import { useId, useState } from 'react';
import type { KeelError, OutputOf } from '../../../../shared/contract';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { plural } from '../../format';
import { useOperation } from '../../useOperation';
import { symbolsOf } from './draft';

const listAccountMenus = () => api.listAccountMenus({});

type AccountMenu = OutputOf<'setAccountMenu'>;

export function AccountMenusSection() {
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

// Prices: every symbol Keel has a price for, with its date, age and source, the ones older than the price-age
// setting marked; a manual price (with its date) for any symbol, new or listed.
import { useState, type FormEvent } from 'react';
import type { KeelError, PriceSource, PriceView } from '../../../../shared/types';
import { api } from '../../api/client';
import { Field } from '../../ui/Field';
import { ErrorAlert, Loading } from '../../ui/Status';
import { StaleDaysField } from '../../ui/StaleDaysField';
import { num, Table, unlabelled } from '../../ui/Table';
import { formatDate, formatPrice, plural } from '../../format';
import { hrefFor } from '../../router';
import { todayIso, useStaleDays } from '../../staleness';
import { useOperation } from '../../useOperation';
import './prices.css';

const listPrices = () => api.listPrices({});

export const SOURCE_LABELS: Record<PriceSource, string> = {
  positions: 'Positions file',
  history: 'Last trade (history)',
  file: 'Price file',
  manual: 'Entered by you',
};

/** "today", "1 day", "12 days". */
export function ageLabel(days: number | undefined): string {
  if (days === undefined) return '—';
  return days === 0 ? 'today' : plural(days, 'day');
}

export function Prices() {
  const prices = useOperation(listPrices);
  const [staleDays, setStaleDays] = useStaleDays();
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Prices</h1>
        <p className="page-lede">
          The latest price of every symbol Keel knows, where it came from and how old it is. Holdings are valued at quantity × this price, and plans
          trade at it. Bring newer ones with a positions import or a <a href={hrefFor('import')}>price file</a>, or enter one here.
        </p>
      </header>
      <PriceForm onSaved={prices.reload} />
      {prices.status === 'loading' && <Loading what="prices" />}
      {prices.status === 'error' && <ErrorAlert error={prices.error} title="The prices could not be loaded" onRetry={prices.reload} />}
      {prices.status === 'ok' && <PriceList prices={prices.value.prices} staleDays={staleDays} onSaved={prices.reload} />}
      <section className="card prices-settings" aria-label="Price age">
        <StaleDaysField days={staleDays} onChange={setStaleDays} testId="prices-stale-days" />
      </section>
    </>
  );
}

function PriceList({ prices, staleDays, onSaved }: { prices: PriceView[]; staleDays: number; onSaved: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  if (prices.length === 0) {
    return (
      <section className="card empty" data-testid="prices-empty">
        <h2>No prices yet</h2>
        <p className="empty-lede">
          <a href={hrefFor('import')}>Import</a> a positions file or a price file, or enter a price above.
        </p>
      </section>
    );
  }
  const stale = prices.filter((p) => (p.ageDays ?? 0) > staleDays);
  return (
    <section className="card" aria-labelledby="prices-title">
      <h2 id="prices-title">{plural(prices.length, 'price')}</h2>
      {stale.length > 0 && (
        <p className="alert alert-warn" data-testid="prices-stale">
          {plural(stale.length, 'price')} older than {plural(staleDays, 'day')}: {stale.map((p) => `${p.symbol} (${formatDate(p.asOf)})`).join(', ')}.
        </p>
      )}
      <Table
        className="prices-table"
        caption="Latest prices"
        columns={['Symbol', 'Name', num('Price'), 'Currency', 'Date', num('Age'), 'Source', unlabelled('Edit')]}
        data-testid="prices-table"
      >
        <tbody>
          {prices.map((p) => {
            const old = (p.ageDays ?? 0) > staleDays;
            const key = `${p.symbol} ${p.currency}`;
            return editing === key ? (
              <tr key={key} className="prices-editing">
                <td colSpan={8}>
                  <PriceForm symbol={p.symbol} current={p} onSaved={onSaved} onDone={() => setEditing(null)} />
                </td>
              </tr>
            ) : (
              <tr key={key} className={old ? 'prices-stale-row' : undefined} data-testid={`price-${p.symbol}`}>
                <td className="symbol">{p.symbol}</td>
                <td className="prices-name">{p.name}</td>
                <td className="num">{formatPrice(p.price, p.currency)}</td>
                <td>{p.currency}</td>
                <td className="prices-date">{formatDate(p.asOf)}</td>
                <td className="num prices-age">
                  {ageLabel(p.ageDays)}
                  {old && <span className="prices-stale-badge"> stale</span>}
                </td>
                <td>{SOURCE_LABELS[p.source]}</td>
                <td className="prices-edit">
                  <button type="button" className="button button-small" onClick={() => setEditing(key)} aria-label={`Enter a price for ${p.symbol}`}>
                    Edit
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </section>
  );
}

/** A manual price: for a listed symbol (symbol given) or any symbol typed. */
function PriceForm({ symbol, current, onSaved, onDone }: { symbol?: string; current?: PriceView; onSaved: () => void; onDone?: () => void }) {
  const [sym, setSym] = useState(symbol ?? '');
  const [price, setPrice] = useState(current?.price ?? '');
  const [asOf, setAsOf] = useState(todayIso());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const [saved, setSaved] = useState<PriceView | null>(null);
  const idp = symbol ? `edit-${symbol}` : 'new';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await api.setPrice({ symbol: sym.trim(), price: price.trim().replace(/^\$/, '').replace(/,/g, ''), asOf });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setSaved(r.value);
    if (!symbol) {
      setSym('');
      setPrice('');
    }
    onSaved();
    onDone?.();
  };
  return (
    <form className={symbol ? 'price-form price-form-inline' : 'card price-form'} onSubmit={(e) => void submit(e)} aria-label={symbol ? `Price for ${symbol}` : 'Enter a price'}>
      {!symbol && <h2>Enter a price</h2>}
      <div className="price-form-fields">
        {!symbol && (
          <Field label="Symbol" htmlFor={`${idp}-symbol`}>
            <input id={`${idp}-symbol`} className="input input-symbol" value={sym} onChange={(e) => setSym(e.target.value.toUpperCase())} autoComplete="off" spellCheck={false} required data-testid="price-new-symbol" />
          </Field>
        )}
        <Field label={symbol ? `${symbol} price` : 'Price'} htmlFor={`${idp}-price`}>
          <input id={`${idp}-price`} className="input input-money" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} required data-testid="price-input" />
        </Field>
        <Field label="As of" htmlFor={`${idp}-date`}>
          <input id={`${idp}-date`} className="input" type="date" value={asOf} max={todayIso()} onChange={(e) => setAsOf(e.target.value)} required data-testid="price-date" />
        </Field>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="price-save">
          {busy ? 'Saving…' : 'Save price'}
        </button>
        {onDone && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
      {error && <ErrorAlert error={error} title="Keel could not save this price" />}
      {saved && !symbol && (
        <p className="muted" role="status">
          Saved: {saved.symbol} {formatPrice(saved.price, saved.currency)} as of {formatDate(saved.asOf)}
          {saved.source !== 'manual' && ` (a newer ${SOURCE_LABELS[saved.source].toLowerCase()} price stays the latest)`}.
        </p>
      )}
    </form>
  );
}

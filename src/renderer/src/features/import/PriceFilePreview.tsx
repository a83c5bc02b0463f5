// The Import page's preview of price files (priceFiles.ts): per file its layout, each symbol's newest close with its
// date and how many rows were read; a daily-history file without a symbol asks for one. Nothing is written until
// Import prices.
import type { PriceFileView } from '../../../../shared/types';
import { Field } from '../../ui/Field';
import { ErrorAlert } from '../../ui/Status';
import { num, Table } from '../../ui/Table';
import { formatDate, formatDecimal, plural } from '../../format';
import { hrefFor } from '../../router';
import { discardPriceFiles, importPrices, previewWithSymbols, typeSymbol, usePriceFiles } from './priceFiles';
import './price-files.css';

const LAYOUTS: Record<NonNullable<PriceFileView['layout']>, string> = {
  generic: 'Symbol and price list',
  yahoo: 'Daily history (Yahoo Finance layout)',
  stooq: 'Daily history (Stooq layout)',
};

export function PriceFilePreview() {
  const { files, busy, error, imported } = usePriceFiles();
  if (imported) {
    const count = imported.reduce((n, v) => n + v.prices.length, 0);
    return (
      <section className="card price-files" role="status" data-testid="price-files-imported">
        <h2>Prices imported</h2>
        <p>
          {plural(count, 'price')} from {plural(imported.length, 'file')}: {imported.flatMap((v) => v.prices.map((p) => `${p.symbol} ${formatDecimal(p.price)} (${formatDate(p.asOf)})`)).join(', ')}.{' '}
          <a href={hrefFor('prices')}>See every price</a>.
        </p>
        <button type="button" className="button" onClick={discardPriceFiles}>
          OK
        </button>
      </section>
    );
  }
  if (files.length === 0) return null;
  const asking = files.some((f) => f.view.needsSymbol);
  const failed = files.some((f) => f.view.status === 'failed' || f.view.error);
  return (
    <section className="card price-files" aria-labelledby="price-files-title" data-testid="price-files">
      <h2 id="price-files-title">{files.length === 1 ? 'A price file' : `${files.length} price files`}</h2>
      <p className="muted">Prices only: no account changes. Nothing is saved until you choose Import prices; if any file is refused, none is imported.</p>
      {files.map((f) => (
        <div key={f.uploadId} className="price-file" data-testid="price-file">
          <h3>
            {f.name} <span className="muted">· {f.view.layout ? LAYOUTS[f.view.layout] : 'price file'} · {plural(f.view.rows, 'row')}</span>
          </h3>
          {f.view.error && <p className="alert alert-error" role="alert">{f.view.error.message}</p>}
          {f.view.needsSymbol ? (
            <form
              className="price-file-symbol"
              onSubmit={(e) => {
                e.preventDefault();
                void previewWithSymbols();
              }}
            >
              <p className="price-file-ask">{f.name} does not say which symbol these daily prices are for.</p>
              <Field label="Symbol" htmlFor={`sym-${f.uploadId}`}>
                <input
                  id={`sym-${f.uploadId}`}
                  className="input input-symbol"
                  value={f.symbol}
                  onChange={(e) => typeSymbol(f.uploadId, e.target.value.toUpperCase())}
                  placeholder="XLB"
                  autoComplete="off"
                  spellCheck={false}
                  data-testid="price-file-symbol"
                />
              </Field>
              <button type="submit" className="button" disabled={busy || !f.symbol.trim()}>
                Read again
              </button>
            </form>
          ) : (
            f.view.prices.length > 0 && (
              <Table className="price-file-table" caption={`Prices in ${f.name}`} columns={['Symbol', num('Newest close'), 'Date', num('Closes')]}>
                <tbody>
                  {f.view.prices.map((p) => (
                    <tr key={p.symbol}>
                      <td className="symbol">
                        {p.symbol}
                        {!p.known && <span className="muted"> (new)</span>}
                      </td>
                      <td className="num">{formatDecimal(p.price)}</td>
                      <td>{formatDate(p.asOf)}</td>
                      <td className="num">{p.closes}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )
          )}
          {f.view.warnings.map((w, i) => (
            <p key={i} className="muted">
              Line {w.line}: {w.message}
            </p>
          ))}
        </div>
      ))}
      {error && <ErrorAlert error={error} title="Keel could not read the price files" />}
      <div className="price-files-actions">
        <button type="button" className="button button-primary" disabled={busy || asking || failed} onClick={() => void importPrices()} data-testid="price-files-import">
          {busy ? 'Importing…' : 'Import prices'}
        </button>
        <button type="button" className="button" disabled={busy} onClick={discardPriceFiles}>
          Discard
        </button>
      </div>
    </section>
  );
}

// One account of a previewed file: its tax treatment choice, its positions and its totals against the file's own.
import { TAX_TREATMENTS, type ImportAccountView, type ImportFileView, type TaxTreatment } from '../../../../shared/types';
import { decimalSign } from '../../decimal';
import { formatMoney, formatPrice, formatQuantity, formatSignedMoney, maskedNumberLabel, plural, taxTreatmentLabel } from '../../format';
import { num, Table } from '../../ui/Table';
import { acceptMismatch, chooseTaxTreatment } from './session';

/** Rows shown per account in the preview before "and N more"; positions files rarely come near it. */
const PREVIEW_ROWS = 500;

export function AccountPreview(props: {
  file: ImportFileView;
  fileIndex: number;
  accountIndex: number;
  account: ImportAccountView;
  taxTreatment: TaxTreatment;
  /** The user confirmed importing this file although its total misses the file's own by more than 1%. */
  mismatchAccepted: boolean;
  disabled: boolean;
}) {
  const { file: f, fileIndex, accountIndex, account: a, taxTreatment, mismatchAccepted, disabled } = props;
  const id = `import-${fileIndex}-${accountIndex}`;
  // Holdings, then the rows that make up the cash (the core keeps them apart: positions plus cash is the total).
  const rows = [...a.positions, ...a.cashLines];
  const shown = rows.slice(0, PREVIEW_ROWS);
  return (
    <section className="import-account" aria-labelledby={`${id}-name`} data-testid={`import-account-${fileIndex}-${accountIndex}`}>
      <header className="import-account-header">
        <div className="account-identity">
          <h4 id={`${id}-name`} className="account-name">
            {a.name || 'Unnamed account'}
            {a.number && a.number !== a.name && (
              <span className="account-number" aria-label={`Account ${maskedNumberLabel(a.number)}`}>
                {a.number}
              </span>
            )}
          </h4>
          <p className="account-meta">
            {a.match ? (
              <span>
                Into existing account <strong>{a.match.name}</strong>
              </span>
            ) : a.sameAsIn ? (
              <span>
                <span className="badge badge-new">New account</span> — the one <strong>{a.sameAsIn}</strong> opens
              </span>
            ) : (
              <span className="badge badge-new">New account</span>
            )}
            {a.currency && <span>{a.currency}</span>}
          </p>
        </div>
        <div className="tax-choice">
          <div className="tax-choice-row">
            <label htmlFor={`${id}-tax`}>Tax treatment</label>
            <select
              id={`${id}-tax`}
              className="select"
              value={taxTreatment}
              onChange={(e) => chooseTaxTreatment(fileIndex, a.key, e.target.value as TaxTreatment)}
              disabled={disabled}
              data-testid={`import-tax-${fileIndex}-${accountIndex}`}
              aria-describedby={a.taxTreatmentGuessed ? `${id}-tax-note` : undefined}
            >
              {TAX_TREATMENTS.map((t) => (
                <option key={t} value={t}>
                  {taxTreatmentLabel(t)}
                </option>
              ))}
            </select>
          </div>
          {a.taxTreatmentGuessed && (
            <span id={`${id}-tax-note`} className="tax-guess">
              Guessed from the name — please check
            </span>
          )}
        </div>
      </header>

      {shown.length > 0 && (
        <Table
          className="table-preview"
          caption={`Positions read for ${a.name} ${a.number}`}
          columns={['Symbol', 'Description', num('Quantity'), num('Price'), num('Market value'), num('Cost basis'), num('Line')]}
          below={
            rows.length > shown.length && (
              <p className="table-more muted">
                The first {PREVIEW_ROWS} of {plural(rows.length, 'row')}; all of them will be imported.
              </p>
            )
          }
        >
          <tbody>
            {shown.map((p, k) => (
              <tr key={`${k}:${p.line}`} className={p.isCash ? 'cash-row' : undefined}>
                <th scope="row" className="symbol">
                  {p.symbol || '—'}
                  {p.isCash && <span className="badge badge-cash">Cash</span>}
                </th>
                <td className="name">{p.description}</td>
                <td className="num">{p.quantity === null ? '' : formatQuantity(p.quantity)}</td>
                <td className="num">{p.price === null ? '' : formatPrice(p.price, p.currency)}</td>
                <td className="num">{formatMoney(p.marketValue, p.currency)}</td>
                <td className="num">{p.costBasis === null ? '—' : formatMoney(p.costBasis, p.currency)}</td>
                <td className="num muted">{p.line}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      {f.kind === 'positions' && <Reconciliation account={a} testId={`reconcile-${fileIndex}-${accountIndex}`} />}
      {a.mismatch && f.status === 'previewed' && (
        <label className="mismatch-accept" data-testid={`import-accept-mismatch-${fileIndex}-${accountIndex}`}>
          <input type="checkbox" checked={mismatchAccepted} disabled={disabled} onChange={(e) => acceptMismatch(f.file, e.target.checked)} />{' '}
          Import anyway: the file&apos;s total is {a.fileTotal === null ? '' : formatMoney(a.fileTotal, a.currency)}, Keel&apos;s is {formatMoney(a.total, a.currency)}
        </label>
      )}
      {f.kind === 'transactions' && (
        <p className="import-account-foot muted">{plural(a.transactions, 'new transaction')} for this account.</p>
      )}
      {f.kind === 'lots' && <p className="import-account-foot muted">{plural(a.lots, 'tax lot')} for this account.</p>}
    </section>
  );
}

/** The account's total against the file's own total, as the core compared them. No arithmetic here. */
function Reconciliation({ account: a, testId }: { account: ImportAccountView; testId: string }) {
  const c = a.currency;
  const cash = decimalSign(a.cash) !== 0 ? <> (cash <span className="num">{formatMoney(a.cash, c)}</span>)</> : null;
  if (a.fileTotal === null) {
    return (
      <p className="reconcile reconcile-none" data-testid={testId}>
        Total <strong className="num">{formatMoney(a.total, c)}</strong>
        {cash} · the file states no total for this account, so there is nothing to check it against
      </p>
    );
  }
  if (a.reconciled) {
    return (
      <p className="reconcile reconcile-ok" data-testid={testId}>
        Total <strong className="num">{formatMoney(a.total, c)}</strong>
        {cash} · file says <span className="num">{formatMoney(a.fileTotal, c)}</span> ·{' '}
        <span className="reconcile-mark" aria-hidden="true">
          ✓
        </span>{' '}
        reconciled
      </p>
    );
  }
  return (
    <p className="reconcile reconcile-warn" data-testid={testId} role="note">
      Total <strong className="num">{formatMoney(a.total, c)}</strong>
      {cash} · file says <span className="num">{formatMoney(a.fileTotal, c)}</span> ·{' '}
      <span className="reconcile-mark" aria-hidden="true">
        ⚠
      </span>{' '}
      <strong>
        differs by <span className="num">{a.difference === null ? '?' : formatSignedMoney(a.difference, c)}</span>
      </strong>
      {a.difference !== null && decimalSign(a.difference) !== 0 && (
        <> — the rows add up to {decimalSign(a.difference) > 0 ? 'more' : 'less'} than the file’s total. Check the file before importing.</>
      )}
    </p>
  );
}

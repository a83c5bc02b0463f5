// The Import page: choose or drop broker CSVs, watch them upload and parse, check the preview (detected layout,
// positions, totals against the file's own totals, warnings and errors with line numbers), choose tax
// treatments, import, and undo any past import from the history below.
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type {
  ImportAccountView,
  ImportBatchView,
  ImportFileView,
  ImportJobView,
  KeelError,
  TaxTreatment,
} from '../../../../shared/contract';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { decimalSign } from '../../decimal';
import {
  formatBytes,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPrice,
  formatQuantity,
  formatSignedMoney,
  maskedNumberLabel,
  plural,
  taxTreatmentLabel,
  TAX_TREATMENT_LABELS,
} from '../../format';
import { detectedLabel, kindLabel } from './labels';
import {
  accountChoiceKey,
  chooseAsOf,
  chooseTaxTreatment,
  commit,
  dismissNotice,
  historyChanged,
  importableFiles,
  importFiles,
  previewAgain,
  startOver,
  useImportSession,
  type Choices,
  type ImportStep,
} from './session';
import { hrefFor } from '../../router';
import { useOperation } from '../../useOperation';

/** Rows shown per account in the preview before "and N more"; positions files rarely come near it. */
const PREVIEW_ROWS = 500;
// From the labels, not the contract's TAX_TREATMENTS: importing a value from contract.ts would pull zod into the bundle.
const TAX_TREATMENTS = Object.keys(TAX_TREATMENT_LABELS) as TaxTreatment[];
/** Warnings or errors listed per file before "and N more". */
const ISSUES_SHOWN = 100;

export function ImportPage() {
  const { state, notice } = useImportSession();
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Import</h1>
        <p className="page-lede">
          Bring your accounts in from the CSV exports your brokers give you. Keel shows what it read before saving
          anything, and every import can be undone.
        </p>
      </header>
      {notice && (
        <div className="banner" role="status" data-testid="import-notice">
          <p className="banner-text">{notice}</p>
          <button type="button" className="button" onClick={dismissNotice}>
            OK
          </button>
        </div>
      )}
      <StepAnnouncer state={state} />
      <ImportBody state={state} />
      <ImportHistory />
    </>
  );
}

function ImportBody({ state }: { state: ImportStep }) {
  switch (state.step) {
    case 'idle':
      return <DropZone />;
    case 'uploading':
      return (
        <ProgressCard
          title={`Sending ${state.files.length === 1 ? state.current : `${plural(state.files.length, 'file')} to Keel`}…`}
          detail={state.files.length > 1 ? `Now: ${state.current}` : null}
          done={state.bytesDone}
          total={state.bytesTotal}
          cancellable
        />
      );
    case 'reading':
      return (
        <ProgressCard
          title={`Reading ${state.files.length === 1 ? state.files[0] : plural(state.files.length, 'file')}…`}
          detail="Nothing is saved until you choose Import."
          done={state.bytesRead}
          total={state.totalBytes}
          cancellable
        />
      );
    case 'preview':
      return <Preview job={state.job} choices={state.choices} committing={state.committing} commitError={state.commitError} />;
    case 'importing':
      return (
        <ProgressCard
          title={`Importing ${plural(importableFiles(state.preview), 'file')}…`}
          detail="Each file is written in one step: a file that fails leaves nothing behind."
          done={state.bytesRead}
          total={state.totalBytes}
          cancellable={false}
        />
      );
    case 'imported':
      return <Imported preview={state.preview} job={state.job} />;
    case 'error':
      return (
        <>
          <ErrorAlert error={state.error} title={state.title} />
          <DropZone />
        </>
      );
  }
}

/** Tells screen-reader users when the import moves on (the page changes under them otherwise). */
function StepAnnouncer({ state }: { state: ImportStep }) {
  let text = '';
  if (state.step === 'preview') text = `Preview ready: ${plural(state.job.files.length, 'file')}.`;
  else if (state.step === 'imported') text = 'Import finished.';
  else if (state.step === 'error') text = state.title;
  return (
    <div className="visually-hidden" role="status">
      {text}
    </div>
  );
}

// ---- Choosing files ----

function DropZone() {
  const input = useRef<HTMLInputElement>(null);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    // Clear the input so that choosing the same file again (after Start over) fires a change again.
    e.target.value = '';
    void importFiles(files);
  };
  return (
    <section className="card dropzone" aria-labelledby="dropzone-title" data-testid="import-dropzone">
      <svg className="dropzone-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M12 15V4M7.5 8.5 12 4l4.5 4.5" />
        <path d="M4 14v4.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V14" />
      </svg>
      <h2 id="dropzone-title">Drop broker CSV files anywhere on this window</h2>
      <p className="muted">
        Positions, history or lot files from Schwab, Fidelity, Vanguard, E*TRADE, Interactive Brokers, DEGIRO and
        others. Several files at once are fine.
      </p>
      <button type="button" className="button button-primary" onClick={() => input.current?.click()}>
        Choose files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept=".csv,text/csv"
        hidden
        data-testid="import-file-input"
        onChange={onChange}
      />
    </section>
  );
}

// ---- Progress ----

function ProgressCard(props: { title: string; detail: string | null; done: number; total: number; cancellable: boolean }) {
  const { title, detail, done, total, cancellable } = props;
  const known = total > 0;
  const percent = known ? Math.min(100, Math.floor((done / total) * 100)) : null;
  return (
    <section className="card import-progress" aria-labelledby="import-progress-title">
      <h2 id="import-progress-title">{title}</h2>
      {known ? (
        <progress
          className="progress"
          data-testid="import-progress"
          max={total}
          value={Math.min(done, total)}
          aria-labelledby="import-progress-title"
          aria-valuetext={`${percent}%`}
        />
      ) : (
        <progress className="progress" data-testid="import-progress" aria-labelledby="import-progress-title" />
      )}
      <p className="progress-figures muted">
        {known ? (
          <>
            <span className="num">{percent}%</span> · <span className="num">{formatBytes(Math.min(done, total))}</span> of{' '}
            <span className="num">{formatBytes(total)}</span>
          </>
        ) : (
          'Starting…'
        )}
        {detail && <> · {detail}</>}
      </p>
      {cancellable && (
        <div>
          <button type="button" className="button" onClick={startOver}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}

// ---- Preview ----

function Preview({ job, choices, committing, commitError }: { job: ImportJobView; choices: Choices; committing: boolean; commitError: KeelError | null }) {
  const importable = importableFiles(job);
  const undated = job.files.filter((f) => needsDate(f)).length;
  return (
    <section className="import-preview" aria-labelledby="preview-title" data-testid="import-preview">
      <div className="section-head">
        <h2 id="preview-title" className="section-title">
          Preview
        </h2>
        <p className="muted">
          {importable === 0
            ? 'Nothing here can be imported.'
            : `Check what Keel read. Nothing is saved until you choose Import.`}
        </p>
      </div>
      {job.files.map((f, i) => (
        <FilePreview key={`${i}:${f.file}`} file={f} index={i} choices={choices} disabled={committing} sharedDate={undated > 1} />
      ))}
      {commitError && <ErrorAlert error={commitError} title="The import could not start" />}
      <div className="import-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="import-commit"
          onClick={() => void commit()}
          disabled={importable === 0 || committing}
          aria-busy={committing}
        >
          {committing ? 'Starting import…' : importable === 0 ? 'Nothing to import' : `Import ${plural(importable, 'file')}`}
        </button>
        <button type="button" className="button" onClick={startOver} disabled={committing} data-testid="import-start-over">
          Start over
        </button>
        {importable > 0 && importable < job.files.length && (
          <p className="muted">
            {plural(job.files.length - importable, 'file')} will be left out: see {job.files.length - importable === 1 ? 'its' : 'their'} status above.
          </p>
        )}
      </div>
    </section>
  );
}

/** A positions (or lots) file that states no date: Keel uses today's unless the user gives one. */
function needsDate(f: ImportFileView): boolean {
  return f.status === 'previewed' && !f.asOfFromFile && f.kind !== 'transactions';
}

const STATUS_LABELS: Record<ImportFileView['status'], string> = {
  previewed: 'Ready to import',
  imported: 'Imported',
  'already-imported': 'Already imported',
  failed: 'Cannot be imported',
};

function FileStatus({ status }: { status: ImportFileView['status'] }) {
  return <span className={`badge badge-status badge-status-${status}`}>{STATUS_LABELS[status]}</span>;
}

function FilePreview(props: { file: ImportFileView; index: number; choices: Choices; disabled: boolean; sharedDate: boolean }) {
  const { file: f, index, choices, disabled, sharedDate } = props;
  const titleId = `import-file-${index}-title`;
  const open = f.status === 'previewed';
  return (
    <section className="card import-file" data-testid={`import-file-${index}`} aria-labelledby={titleId}>
      <header className="import-file-header">
        <div className="import-file-identity">
          <h3 id={titleId} className="import-file-name">
            {f.file}
          </h3>
          <p className="import-detected" data-testid={`import-file-${index}-detected`}>
            {f.broker || f.layout ? detectedLabel(f.broker, f.layout) : 'Broker and layout not determined'}
          </p>
        </div>
        <FileStatus status={f.status} />
      </header>

      {f.kind !== null && (
        <dl className="import-file-facts">
          <div>
            <dt>Kind</dt>
            <dd>{kindLabel(f.kind)}</dd>
          </div>
          {f.kind !== 'transactions' && (
            <div>
              <dt>As of</dt>
              <dd>
                {formatDate(choices.asOf && !f.asOfFromFile ? choices.asOf : f.asOf)}
                {f.asOf && f.asOfFromFile && <span className="muted"> (from the file)</span>}
              </dd>
            </div>
          )}
          {f.accounts.length > 0 && (
            <div>
              <dt>Accounts</dt>
              <dd className="num">{f.accounts.length}</dd>
            </div>
          )}
          {f.kind === 'transactions' && (
            <div>
              <dt>Transactions</dt>
              <dd data-testid={`import-file-${index}-transactions`}>
                <span className="num">{plural(f.transactionCount, 'new transaction')}</span>
                {f.duplicateCount > 0 && (
                  <span className="muted"> · {plural(f.duplicateCount, 'duplicate')} already in Keel, skipped</span>
                )}
              </dd>
            </div>
          )}
          {f.lotCount > 0 && (
            <div>
              <dt>Tax lots</dt>
              <dd className="num">{f.lotCount}</dd>
            </div>
          )}
        </dl>
      )}

      {needsDate(f) && (
        <div className="import-date-note">
          <label htmlFor={`import-as-of-${index}`}>
            The file gives no date; using <strong>{formatDate(choices.asOf ?? f.asOf)}</strong>. The positions are as of:
          </label>
          <input
            id={`import-as-of-${index}`}
            type="date"
            className="input"
            value={choices.asOf ?? f.asOf ?? ''}
            max={f.asOf ?? undefined}
            onChange={(e) => chooseAsOf(e.target.value || null)}
            disabled={disabled}
            data-testid={`import-as-of-${index}`}
          />
          {sharedDate && <span className="muted">This date applies to every file here that gives none.</span>}
        </div>
      )}

      {f.status === 'already-imported' && (
        <p className="import-already" data-testid={`import-file-${index}-already`}>
          Already imported
          {f.alreadyImported ? ` on ${formatDateTime(f.alreadyImported.importedAt)}` : ''} — nothing to do.
        </p>
      )}

      {f.errors.length > 0 && <FileErrors file={f} />}
      {f.status === 'failed' && f.header && <ColumnMapping file={f} header={f.header} index={index} disabled={disabled} />}
      {f.warnings.length > 0 && <FileWarnings file={f} index={index} />}

      {open &&
        f.accounts.map((a, j) => (
          <AccountPreview
            key={`${j}:${a.key}`}
            file={f}
            fileIndex={index}
            accountIndex={j}
            account={a}
            taxTreatment={choices.tax[accountChoiceKey(index, a.key)] ?? a.taxTreatment}
            disabled={disabled}
          />
        ))}
    </section>
  );
}

// ---- Column mapping for a layout Keel does not know ----

type MapField = 'symbol' | 'account' | 'description' | 'quantity' | 'price' | 'value' | 'cost' | 'currency';

/** The columns a mapping can name, with a guess from the header's wording (the user confirms every choice). */
const MAP_FIELDS: { field: MapField; label: string; guess: RegExp }[] = [
  { field: 'symbol', label: 'Symbol', guess: /\b(symbol|ticker)\b/i },
  { field: 'account', label: 'Account', guess: /\baccount\b/i },
  { field: 'description', label: 'Description', guess: /\b(description|security name|name)\b/i },
  { field: 'quantity', label: 'Quantity', guess: /\b(quantity|qty|units|shares)\b/i },
  { field: 'price', label: 'Price', guess: /\bprice\b/i },
  { field: 'value', label: 'Market value', guess: /\b(market value|mkt val|value)\b/i },
  { field: 'cost', label: 'Cost basis', guess: /\b(cost|book)\b/i },
  { field: 'currency', label: 'Currency', guess: /\b(currency|ccy)\b/i },
];

function guessMapping(cells: string[]): Partial<Record<MapField, string>> {
  const taken = new Set<string>();
  const out: Partial<Record<MapField, string>> = {};
  for (const { field, guess } of MAP_FIELDS) {
    const cell = cells.find((c) => !taken.has(c) && guess.test(c));
    if (cell !== undefined) {
      out[field] = cell;
      taken.add(cell);
    }
  }
  return out;
}

function ColumnMapping(props: { file: ImportFileView; header: NonNullable<ImportFileView['header']>; index: number; disabled: boolean }) {
  const { file: f, header, index, disabled } = props;
  const cells = [...new Set(header.cells.map((c) => c.trim()).filter(Boolean))];
  const [map, setMap] = useState<Partial<Record<MapField, string>>>(() => guessMapping(cells));
  const [decimal, setDecimal] = useState<'point' | 'comma'>('point');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const id = `import-map-${index}`;
  const hasValue = Boolean(map.value) || (Boolean(map.quantity) && Boolean(map.price));
  const ready = Boolean(map.symbol) && hasValue;

  const save = async () => {
    if (!map.symbol) return;
    setBusy(true);
    setError(null);
    const chosen = Object.fromEntries(Object.entries(map).filter(([, v]) => Boolean(v))) as Partial<Record<MapField, string>>;
    const r = await api.saveColumnMap({ signature: header.signature, map: { ...chosen, symbol: map.symbol, decimal } });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    await previewAgain(
      `Column mapping saved. Keel read ${f.file} again with it, and will use it for every file with the same header — no need to map it again.`,
    );
  };

  return (
    <section className="column-map" aria-labelledby={`${id}-title`} data-testid={id}>
      <h4 id={`${id}-title`} className="column-map-title">
        Tell Keel which column is which
      </h4>
      <p className="muted">
        Keel does not know this layout. The header is on line {header.line}; choose the column for each item (Symbol is required, and
        Market value — or Quantity and Price — to value the positions). Keel remembers the mapping for files with the same header.
      </p>
      <div className="column-map-grid">
        {MAP_FIELDS.map(({ field, label }) => (
          <div className="field" key={field}>
            <label className="field-label" htmlFor={`${id}-${field}`}>
              {label}
              {field === 'symbol' && <span className="required"> (required)</span>}
            </label>
            <select
              id={`${id}-${field}`}
              className="select"
              value={map[field] ?? ''}
              disabled={disabled || busy}
              onChange={(e) => setMap((m) => ({ ...m, [field]: e.target.value || undefined }))}
              data-testid={`map-${index}-${field}`}
            >
              <option value="">{field === 'symbol' ? 'Choose a column…' : 'Not in this file'}</option>
              {cells.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="field">
          <label className="field-label" htmlFor={`${id}-decimal`}>
            Numbers are written
          </label>
          <select
            id={`${id}-decimal`}
            className="select"
            value={decimal}
            disabled={disabled || busy}
            onChange={(e) => setDecimal(e.target.value === 'comma' ? 'comma' : 'point')}
            data-testid={`map-${index}-decimal`}
          >
            <option value="point">1,234.56 (decimal point)</option>
            <option value="comma">1.234,56 (decimal comma)</option>
          </select>
        </div>
      </div>
      {!ready && (
        <p className="column-map-need" data-testid={`map-${index}-need`}>
          {!map.symbol ? 'Choose the Symbol column.' : 'Choose Market value, or both Quantity and Price.'}
        </p>
      )}
      {error && <ErrorAlert error={error} title="The mapping was not saved" />}
      <div>
        <button type="button" className="button button-primary" onClick={() => void save()} disabled={!ready || busy || disabled} aria-busy={busy} data-testid={`map-save-${index}`}>
          {busy ? 'Saving…' : 'Save mapping and read the file again'}
        </button>
      </div>
    </section>
  );
}

function FileErrors({ file: f }: { file: ImportFileView }) {
  const shown = f.errors.slice(0, ISSUES_SHOWN);
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{f.errors.length === 1 ? 'Keel could not read this file' : `Keel could not read this file (${f.errors.length} problems)`}</p>
      <ul className="issues">
        {shown.map((e, k) => (
          <li key={k}>
            {e.line > 0 && (
              <span className="issue-where">
                line {e.line}
                {e.column ? `, column ${e.column}` : ''}:
              </span>
            )}{' '}
            {e.message} <code className="error-code">{e.code}</code>
          </li>
        ))}
      </ul>
      {f.errors.length > shown.length && <p>…and {plural(f.errors.length - shown.length, 'more problem')}.</p>}
      <p className="muted">Nothing from this file will be saved.</p>
    </div>
  );
}

function FileWarnings({ file: f, index }: { file: ImportFileView; index: number }) {
  const shown = f.warnings.slice(0, ISSUES_SHOWN);
  return (
    <div className="import-warnings" data-testid={`import-file-${index}-warnings`}>
      <p className="import-warnings-title">{plural(f.warnings.length, 'warning')}</p>
      <ul className="issues">
        {shown.map((w, k) => (
          <li key={k}>
            {w.line > 0 && <span className="issue-where">line {w.line}:</span>} {w.message}
          </li>
        ))}
      </ul>
      {f.warnings.length > shown.length && <p>…and {plural(f.warnings.length - shown.length, 'more warning')}.</p>}
    </div>
  );
}

function AccountPreview(props: {
  file: ImportFileView;
  fileIndex: number;
  accountIndex: number;
  account: ImportAccountView;
  taxTreatment: TaxTreatment;
  disabled: boolean;
}) {
  const { file: f, fileIndex, accountIndex, account: a, taxTreatment, disabled } = props;
  const id = `import-${fileIndex}-${accountIndex}`;
  const shown = a.positions.slice(0, PREVIEW_ROWS);
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
        <div className="table-wrap">
          <table className="table table-preview">
            <caption className="visually-hidden">
              Positions read for {a.name} {a.number}
            </caption>
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col" className="num">
                  Market value
                </th>
                <th scope="col" className="num">
                  Cost basis
                </th>
                <th scope="col" className="num">
                  Line
                </th>
              </tr>
            </thead>
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
          </table>
          {a.positions.length > shown.length && (
            <p className="table-more muted">
              The first {PREVIEW_ROWS} of {plural(a.positions.length, 'row')}; all of them will be imported.
            </p>
          )}
        </div>
      )}

      {f.kind === 'positions' && <Reconciliation account={a} testId={`reconcile-${fileIndex}-${accountIndex}`} />}
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

// ---- After the import ----

function Imported({ preview, job }: { preview: ImportJobView; job: ImportJobView }) {
  const imported = job.files.filter((f) => f.status === 'imported');
  return (
    <section className="card import-done" aria-labelledby="import-done-title" data-testid="import-done">
      <h2 id="import-done-title">
        {job.state === 'failed' ? 'The import failed' : imported.length === 0 ? 'Nothing was imported' : `Imported ${plural(imported.length, 'file')}`}
      </h2>
      <ul className="import-done-list">
        {job.files.map((f, i) => {
          // The commit job lists files in its own order; match each to its preview by content hash.
          const before = preview.files.find((p) => p.sha256 === f.sha256);
          return (
            <li key={`${i}:${f.file}`} data-testid={`import-done-${i}`}>
              <div className="import-done-file">
                <strong>{f.file}</strong>
                <FileStatus status={f.status} />
              </div>
              <p className="muted">
                {detectedLabel(f.broker, f.layout)}
                {before && f.status === 'imported' && <> · {describeContents(before)}</>}
                {f.status === 'already-imported' && f.alreadyImported && <> · already imported on {formatDateTime(f.alreadyImported.importedAt)}</>}
              </p>
              {f.errors.length > 0 && <FileErrors file={f} />}
            </li>
          );
        })}
      </ul>
      <div className="actions">
        {imported.some((f) => f.kind !== 'transactions') && (
          <a className="button button-primary" href={hrefFor('holdings')} data-testid="import-go-holdings">
            See them in Holdings
          </a>
        )}
        <button type="button" className="button" onClick={startOver} data-testid="import-more">
          Import more files
        </button>
      </div>
    </section>
  );
}

function describeContents(f: ImportFileView): string {
  const parts: string[] = [plural(f.accounts.length, 'account')];
  if (f.kind === 'positions') parts.push(`${plural(f.accounts.reduce((n, a) => n + a.positions.length, 0), 'line')} read`);
  if (f.transactionCount > 0) parts.push(plural(f.transactionCount, 'transaction'));
  if (f.lotCount > 0) parts.push(plural(f.lotCount, 'tax lot'));
  return parts.join(', ');
}

// ---- History ----

const listBatches = () => api.listImportBatches({});

function ImportHistory() {
  const { historyVersion } = useImportSession();
  const batches = useOperation(listBatches);
  const { reload } = batches;
  const seen = useRef(historyVersion);
  useEffect(() => {
    if (seen.current !== historyVersion) {
      seen.current = historyVersion;
      reload();
    }
  }, [historyVersion, reload]);

  return (
    <section className="card card-flush import-history" aria-labelledby="history-title" data-testid="import-history">
      <div className="card-head">
        <h2 id="history-title">Import history</h2>
        <p className="muted">Undo removes everything an import added, and nothing else.</p>
      </div>
      {batches.status === 'loading' && (
        <div className="card-body">
          <Loading what="import history" />
        </div>
      )}
      {batches.status === 'error' && (
        <div className="card-body">
          <ErrorAlert error={batches.error} title="The import history could not be loaded" onRetry={reload} />
        </div>
      )}
      {batches.status === 'ok' && <HistoryTable batches={batches.value} onChanged={historyChanged} />}
    </section>
  );
}

function batchContents(b: ImportBatchView): string {
  const c = b.counts;
  const parts: string[] = [];
  if (c.accounts > 0) parts.push(plural(c.accounts, 'account'));
  if (b.kind === 'positions' || c.positions > 0) parts.push(plural(c.positions, 'position'));
  if (b.kind === 'transactions' || c.transactions > 0) parts.push(plural(c.transactions, 'transaction'));
  if (c.duplicates > 0) parts.push(`${plural(c.duplicates, 'duplicate')} skipped`);
  if (b.kind === 'lots' || c.lots > 0) parts.push(plural(c.lots, 'lot'));
  return parts.join(', ');
}

type UndoState =
  | { batchId: number; phase: 'confirm' | 'running' }
  | { batchId: number; phase: 'error'; error: KeelError };

function HistoryTable({ batches, onChanged }: { batches: ImportBatchView[]; onChanged: () => void }) {
  const [undo, setUndo] = useState<UndoState | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const run = async (b: ImportBatchView) => {
    setUndo({ batchId: b.id, phase: 'running' });
    const r = await api.undoImportBatch({ batchId: b.id });
    if (!r.ok) {
      setUndo({ batchId: b.id, phase: 'error', error: r.error });
      return;
    }
    const x = r.value.removed;
    const removed = [
      plural(x.positions, 'position'),
      ...(x.transactions ? [plural(x.transactions, 'transaction')] : []),
      ...(x.lots ? [plural(x.lots, 'lot')] : []),
      ...(x.accounts ? [plural(x.accounts, 'account')] : []),
    ];
    setUndo(null);
    setDone(`Undid the import of ${b.fileName}: removed ${removed.join(', ')}.`);
    onChanged();
  };

  return (
    <>
      <div role="status" className="status-line history-status" data-testid="undo-status">
        {done}
      </div>
      {batches.length === 0 ? (
        <p className="card-body muted" data-testid="import-history-empty">
          Nothing imported yet.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table-history" data-testid="import-history-table">
            <caption className="visually-hidden">Past imports, newest first</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">As of</th>
                <th scope="col">Imported</th>
                <th scope="col">Contents</th>
                <th scope="col" className="num">
                  Warnings
                </th>
                <th scope="col">
                  <span className="visually-hidden">Undo</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => {
                const mine = undo?.batchId === b.id ? undo : null;
                return (
                  <HistoryRow key={b.id} batch={b} undo={mine} onAsk={() => setUndo({ batchId: b.id, phase: 'confirm' })} onCancel={() => setUndo(null)} onConfirm={() => void run(b)} />
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function HistoryRow(props: { batch: ImportBatchView; undo: UndoState | null; onAsk: () => void; onCancel: () => void; onConfirm: () => void }) {
  const { batch: b, undo, onAsk, onCancel, onConfirm } = props;
  const confirmRef = useRef<HTMLButtonElement>(null);
  const asking = undo !== null;
  useEffect(() => {
    if (undo?.phase === 'confirm') confirmRef.current?.focus();
  }, [undo?.phase]);
  return (
    <>
      <tr data-testid={`batch-${b.id}`} className={asking ? 'row-selected' : undefined}>
        <th scope="row" className="history-file">
          {b.fileName}
          <span className="history-detected">{detectedLabel(b.broker, b.layout)}</span>
        </th>
        <td className="nowrap">{formatDate(b.asOf)}</td>
        <td className="nowrap">{formatDateTime(b.importedAt)}</td>
        <td>{batchContents(b)}</td>
        <td className={`num ${b.warnings > 0 ? 'warn-text' : 'muted'}`}>{b.warnings}</td>
        <td className="history-undo">
          <button type="button" className="button button-small" data-testid={`undo-${b.id}`} onClick={onAsk} disabled={asking} aria-expanded={asking}>
            Undo
          </button>
        </td>
      </tr>
      {undo && (
        <tr className="confirm-row">
          <td colSpan={6}>
            <div className="confirm" data-testid={`undo-confirm-box-${b.id}`}>
              <p>
                Undo the import of <strong>{b.fileName}</strong>? This removes what it added: {batchContents(b)}.
              </p>
              <div className="confirm-buttons">
                <button
                  ref={confirmRef}
                  type="button"
                  className="button button-danger"
                  data-testid={`undo-confirm-${b.id}`}
                  onClick={onConfirm}
                  disabled={undo.phase === 'running'}
                  aria-busy={undo.phase === 'running'}
                >
                  {undo.phase === 'running' ? 'Undoing…' : 'Undo import'}
                </button>
                <button type="button" className="button" onClick={onCancel} disabled={undo.phase === 'running'} data-testid={`undo-cancel-${b.id}`}>
                  Keep it
                </button>
              </div>
              {undo.phase === 'error' && <ErrorAlert error={undo.error} title="The import could not be undone" />}
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

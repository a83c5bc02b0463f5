// The preview of one file read but not yet imported: detected layout, facts, the date it is as of, its errors
// and warnings with line numbers, then one AccountPreview per account.
import type { ImportFileView, ImportJobView, KeelError } from '../../../../shared/types';
import { ErrorAlert } from '../../ui/Status';
import { formatDate, formatDateTime, plural } from '../../format';
import { detectedLabel, kindLabel } from './labels';
import { accountChoiceKey, chooseAsOf, commit, importableFiles, startOver, type Choices } from './session';
import { AccountPreview } from './AccountPreview';
import { ColumnMapping } from './ColumnMapping';

/** Warnings or errors listed per file before "and N more". */
const ISSUES_SHOWN = 100;

export function Preview({ job, choices, committing, commitError }: { job: ImportJobView; choices: Choices; committing: boolean; commitError: KeelError | null }) {
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

/** A previewed file the core says states no date (it uses today's unless the user gives one). */
function needsDate(f: ImportFileView): boolean {
  return f.status === 'previewed' && f.needsDate;
}

const STATUS_LABELS: Record<ImportFileView['status'], string> = {
  previewed: 'Ready to import',
  imported: 'Imported',
  'already-imported': 'Already imported',
  failed: 'Cannot be imported',
};

export function FileStatus({ status }: { status: ImportFileView['status'] }) {
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
            mismatchAccepted={choices.acceptMismatch[f.file] ?? false}
            disabled={disabled}
          />
        ))}
    </section>
  );
}
export function FileErrors({ file: f }: { file: ImportFileView }) {
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

// The Import page: choose or drop broker CSVs, watch them upload and parse, check the preview, import, and undo
// any past import from the history below. The steps come from the import session (session.ts).
import { useEffect, useRef, type ChangeEvent } from 'react';
import type { ImportFileView, ImportJobView } from '../../../../shared/types';
import { ErrorAlert } from '../../ui/Status';
import { formatBytes, formatDateTime, plural } from '../../format';
import { detectedLabel } from './labels';
import { dismissNotice, importableFiles, importFiles, restorePreview, startOver, useImportSession, type ImportStep } from './session';
import { hrefFor } from '../../router';
import { FileErrors, FileStatus, Preview } from './FilePreview';
import { ImportHistory } from './ImportHistory';
import { PriceFilePreview } from './PriceFilePreview';
import './import.css';

export function ImportPage() {
  const { state, notice } = useImportSession();
  // A preview open before a reload comes back with its choices.
  useEffect(() => void restorePreview(), []);
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
      <PriceFilePreview />
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
      <h2 id="dropzone-title">Drop broker or price CSV files anywhere on this window</h2>
      <p className="muted">
        Positions, history or lot files from Schwab, Fidelity, Vanguard, E*TRADE, Interactive Brokers, DEGIRO and
        others; or price files (Symbol,Price lists, Yahoo Finance or Stooq daily history). Several files at once are fine.
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
// ---- After the import ----

export function Imported({ preview, job }: { preview: ImportJobView; job: ImportJobView }) {
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
  if (f.kind === 'positions') parts.push(`${plural(f.accounts.reduce((n, a) => n + a.positions.length + a.cashLines.length, 0), 'line')} read`);
  if (f.transactionCount > 0) parts.push(plural(f.transactionCount, 'transaction'));
  if (f.lotCount > 0) parts.push(plural(f.lotCount, 'tax lot'));
  return parts.join(', ');
}

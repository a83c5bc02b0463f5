// Pieces shared by the Recovery screen and Settings → Backups: the list of backups with a Restore button per row,
// importing a dataset file, and the notice shown after a restore (which reloads the app into its new data).
import { useEffect, useId, useRef, useState } from 'react';
import type { BackupView, KeelError, RestoreView } from '../../../../shared/types';
import { api } from '../../api/client';
import { BACKUP_KIND_LABELS, importDatasetFile } from './backups';
import { formatBytes, formatDateTime } from '../../format';
import { ErrorAlert } from '../../ui/Status';
import { num, Table, unlabelled } from '../../ui/Table';
import './backups.css';
import { Field } from '../../ui/Field';

interface TableProps {
  backups: BackupView[];
  caption: string;
  onRestore: (backup: BackupView) => void;
  /** The backup being restored: its button says so, and every button waits. */
  busy: string | null;
  restoreLabel?: string;
  testId?: string;
}

export function BackupTable({ backups, caption, onRestore, busy, restoreLabel = 'Restore…', testId = 'backup-list' }: TableProps) {
  return (
    <Table className="table-backups" data-testid={testId} caption={caption} columns={['Taken', 'Kind', num('Size'), unlabelled('Action')]}>
      <tbody>
        {backups.map((b) => (
          <tr key={b.name} data-testid="backup-row" data-name={b.name}>
            <th scope="row" className="backup-when">
              {formatDateTime(b.date)}
              <span className="backup-name">{b.name}</span>
            </th>
            <td>
              <span className={`badge backup-kind backup-kind-${b.kind}`}>{BACKUP_KIND_LABELS[b.kind] ?? b.kind}</span>
            </td>
            <td className="num nowrap">{formatBytes(b.size)}</td>
            <td className="backup-action">
              <button
                type="button"
                className="button button-small"
                onClick={() => onRestore(b)}
                disabled={busy !== null}
                aria-busy={busy === b.name}
                aria-label={`${restoreLabel.replace('…', '')} the backup taken ${formatDateTime(b.date)}`}
                data-testid="restore-backup"
              >
                {busy === b.name ? 'Restoring…' : restoreLabel}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** After a restore or a dataset import: what happened, then the app reloads into the restored data. */
export function RestoredNotice({ view, reloadAfterMs = 1500 }: { view: RestoreView; reloadAfterMs?: number }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    button.current?.focus();
    const timer = setTimeout(() => window.location.reload(), reloadAfterMs);
    return () => clearTimeout(timer);
  }, [reloadAfterMs]);
  return (
    <div className="alert alert-ok restored-notice" role="status" data-testid="restored">
      <p className="alert-title">Restored {view.restored}.</p>
      {view.safetyBackup && <p>Your data as it was just before is in the backups list ({view.safetyBackup}).</p>}
      {view.replaced && (
        <p>
          The replaced database file is kept at <code className="path">{view.replaced}</code>.
        </p>
      )}
      <p>Keel is reloading with the restored data…</p>
      <button type="button" ref={button} className="button button-primary" onClick={() => window.location.reload()}>
        Open Keel now
      </button>
    </div>
  );
}

interface ImportProps {
  /** Asked before anything is sent; none: import on the first click (the recovery screen, where nothing healthy is replaced). */
  confirmText?: string;
  onDone: (view: RestoreView) => void;
  disabled?: boolean;
}

/** Choose a .keel file, (confirm,) upload it in chunks and import it. */
export function DatasetImport({ confirmText, onDone, disabled = false }: ImportProps) {
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<KeelError | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const busy = sent !== null;

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const run = async () => {
    if (!file) return;
    setConfirming(false);
    setError(null);
    setSent(0);
    const r = await importDatasetFile(api, file, setSent);
    setSent(null);
    if (r.ok) onDone(r.value);
    else setError(r.error);
  };

  return (
    <div className="dataset-import">
      <div className="dataset-import-row">
        <Field label="Dataset file (.keel)" htmlFor={inputId}>
          <input
            id={inputId}
            className="input input-file"
            type="file"
            accept=".keel"
            disabled={busy || disabled}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setConfirming(false);
              setError(null);
            }}
            data-testid="dataset-file"
          />
        </Field>
        <button
          type="button"
          className="button"
          disabled={!file || busy || disabled || confirming}
          aria-busy={busy}
          onClick={() => (confirmText ? setConfirming(true) : void run())}
          data-testid="import-dataset"
        >
          {busy ? 'Importing…' : 'Import dataset…'}
        </button>
      </div>
      {confirming && file && (
        <div className="confirm-panel" role="group" aria-labelledby={`${inputId}-confirm`} data-testid="confirm-import">
          <p id={`${inputId}-confirm`} className="confirm-text">
            Replace your data with <strong>{file.name}</strong>? {confirmText}
          </p>
          <div className="actions">
            <button type="button" ref={confirmButton} className="button button-danger" onClick={() => void run()} data-testid="confirm-import-yes">
              Replace my data
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <div role="status" className="status-line">
        {busy && file && `Sending ${file.name}: ${formatBytes(sent ?? 0)} of ${formatBytes(file.size)}…`}
      </div>
      {error && <ErrorAlert error={error} title="The dataset was not imported; nothing changed" />}
    </div>
  );
}

// Settings → Backups: the list (size, date), Back up now, restore with a confirmation, and the dataset file for
// moving to another computer (export; import with a confirmation). Every replacement of the data is undoable:
// the core backs up the current database first (kind 'pre-restore') and keeps the replaced file.
import { useEffect, useRef, useState } from 'react';
import type { BackupView, DatasetExportView, Door, KeelError, RestoreView } from '../../../../shared/types';
import { api, downloadFromDoor } from '../../api/client';
import { BACKUP_KIND_LABELS } from '../backups/backups';
import { BackupTable, DatasetImport, RestoredNotice } from '../backups/Backups';
import { ErrorAlert, Loading } from '../../ui/Status';
import { formatBytes, formatDateTime } from '../../format';
import { useOperation } from '../../useOperation';
import { escapeCloses, useReturnFocus } from '../../ui/returnFocus';

const listBackups = () => api.listBackups({});
const getAppInfo = () => api.getAppInfo({});

export function BackupsSection() {
  const backups = useOperation(listBackups);
  const info = useOperation(getAppInfo);
  const [backingUp, setBackingUp] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<{ error: KeelError; title: string } | null>(null);
  const [confirming, setConfirming] = useState<BackupView | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [restored, setRestored] = useState<RestoreView | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useReturnFocus(confirming !== null);

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const backUpNow = async () => {
    setBackingUp(true);
    setError(null);
    setDone(null);
    const r = await api.backupNow({});
    setBackingUp(false);
    if (!r.ok) return setError({ error: r.error, title: 'The backup was not taken' });
    setDone(`Backed up: ${r.value.name} (${formatBytes(r.value.size)}), verified.`);
    backups.reload();
  };

  const restore = async (b: BackupView) => {
    setConfirming(null);
    setRestoring(b.name);
    setError(null);
    setDone(null);
    const r = await api.restoreBackup({ name: b.name });
    setRestoring(null);
    if (r.ok) setRestored(r.value);
    else setError({ error: r.error, title: 'The backup was not restored; nothing changed' });
  };

  return (
    <section className="card settings-section backups-section" aria-labelledby="backups-title" data-testid="backups">
      <h2 id="backups-title">Backups</h2>
      <p className="muted">
        Keel backs up your data by itself: once a day when it starts (keeping the last 7 days and one a week for 4 weeks) and before every
        update of its data format. Each backup is a complete, verified copy{backups.status === 'ok' ? ' in ' : '.'}
        {backups.status === 'ok' && (
          <>
            <code className="path" data-testid="backups-folder">
              {backups.value.folder}
            </code>
            .
          </>
        )}
      </p>
      {restored ? (
        <RestoredNotice view={restored} />
      ) : (
        <>
          <div className="actions">
            <button type="button" className="button button-primary" onClick={() => void backUpNow()} disabled={backingUp || restoring !== null} aria-busy={backingUp} data-testid="backup-now">
              {backingUp ? 'Backing up…' : 'Back up now'}
            </button>
          </div>
          <div role="status" className="status-line" data-testid="backup-status">
            {done}
          </div>
          {error && <ErrorAlert error={error.error} title={error.title} />}
          {backups.status === 'loading' && <Loading what="backups" />}
          {backups.status === 'error' && <ErrorAlert error={backups.error} title="The backups could not be listed" onRetry={backups.reload} />}
          {backups.status === 'ok' &&
            (backups.value.backups.length === 0 ? (
              <p data-testid="no-backups">No backups yet. The first daily backup is taken the next time Keel starts; or back up now.</p>
            ) : (
              <BackupTable backups={backups.value.backups} caption="Backups, newest first" onRestore={setConfirming} busy={restoring} />
            ))}
          {confirming && (
            <div className="confirm-panel" role="group" aria-labelledby="confirm-restore-text" data-testid="confirm-restore" onKeyDown={escapeCloses(() => setConfirming(null))}>
              <p id="confirm-restore-text" className="confirm-text">
                Replace your current data with the {BACKUP_KIND_LABELS[confirming.kind].toLowerCase()} backup taken{' '}
                <strong>{formatDateTime(confirming.date)}</strong>? Anything you changed since then is set aside: Keel backs up your current
                data first, so you can restore it again from this list.
              </p>
              <div className="actions">
                <button type="button" ref={confirmButton} className="button button-danger" onClick={() => void restore(confirming)} data-testid="confirm-restore-yes">
                  Restore this backup
                </button>
                <button type="button" className="button" onClick={() => setConfirming(null)} data-testid="confirm-restore-cancel">
                  Cancel
                </button>
              </div>
            </div>
          )}

          <h3 className="backups-subtitle" id="move-title">
            Move to another computer
          </h3>
          <p className="muted">
            Export writes your whole dataset to one .keel file, checked before it is offered. On the other computer, import it here (or run{' '}
            <code>keel import-dataset FILE</code>).
          </p>
          <ExportDataset door={info.status === 'ok' ? info.value.door : null} />
          <DatasetImport
            onDone={setRestored}
            disabled={restoring !== null}
            confirmText="Keel backs up your current data first, so you can restore it again from the list above."
          />
        </>
      )}
    </section>
  );
}

function ExportDataset({ door }: { door: Door | null }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DatasetExportView | null>(null);
  const [error, setError] = useState<KeelError | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<KeelError | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    setDownloadError(null);
    setResult(null);
    const r = await api.exportDataset({});
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(r.error);
  };
  // The web door wants its secret in a header, which a plain link cannot send: the page fetches the file.
  const download = async (name: string) => {
    setDownloading(true);
    setDownloadError(null);
    const r = await downloadFromDoor(`/exports/${encodeURIComponent(name)}`, name);
    setDownloading(false);
    if (!r.ok) setDownloadError(r.error);
  };
  return (
    <div className="dataset-export">
      <button type="button" className="button" onClick={() => void run()} disabled={busy} aria-busy={busy} data-testid="export-dataset">
        {busy ? 'Exporting…' : 'Export dataset'}
      </button>
      <div role="status" className="status-line" data-testid="export-status">
        {result &&
          (door === 'web' ? (
            <>
              Ready:{' '}
              <button
                type="button"
                className="button"
                onClick={() => void download(result.name)}
                disabled={downloading}
                aria-busy={downloading}
                data-testid="export-download"
              >
                {downloading ? `Downloading ${result.name}…` : `Download ${result.name}`}
              </button>{' '}
              ({formatBytes(result.size)}).
            </>
          ) : (
            <>
              Saved {formatBytes(result.size)} to <code className="path">{result.file}</code>. Copy this file to the other computer
              (File › Export Dataset… saves a copy where you choose).
            </>
          ))}
      </div>
      {error && <ErrorAlert error={error} title="The dataset was not exported" />}
      {downloadError && <ErrorAlert error={downloadError} title="The exported file was not downloaded" />}
    </div>
  );
}

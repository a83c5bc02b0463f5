// The Recovery screen: shown instead of the app when the core reports a damaged database (AppInfo.health).
// It says what is wrong, where the damaged file is (kept, unchanged), offers the newest good backup first and
// the others after it, or a dataset file; after a restore the app reloads into its normal mode.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { AppInfo, BackupView, KeelError, RestoreView } from '../../../../shared/types';
import { api } from '../../api/client';
import { BACKUP_KIND_LABELS, HEALTH_LABELS } from '../backups/backups';
import { BackupTable, DatasetImport, RestoredNotice } from '../backups/Backups';
import { ErrorAlert, Loading } from '../../ui/Status';
import { formatBytes, formatDateTime } from '../../format';
import { useOperation } from '../../useOperation';

const getAppInfo = () => api.getAppInfo({});
const listBackups = () => api.listBackups({});

/** Renders the app, or the Recovery screen when the database is damaged. */
export function RecoveryGate({ children }: { children: ReactNode }) {
  const info = useOperation(getAppInfo);
  if (info.status === 'loading') return null; // a local call: a blank moment rather than a flash of the app
  if (info.status === 'ok' && info.value.health && info.value.health.state !== 'ok') return <Recovery info={info.value} />;
  return <>{children}</>;
}

export function Recovery({ info }: { info: AppInfo }) {
  const backups = useOperation(listBackups);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<KeelError | null>(null);
  const [restored, setRestored] = useState<RestoreView | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const health = info.health;
  const label = health.state === 'ok' ? null : HEALTH_LABELS[health.state];

  useEffect(() => {
    document.title = 'Recovery · Keel';
    heading.current?.focus();
  }, []);

  const restore = async (b: BackupView) => {
    setBusy(b.name);
    setError(null);
    const r = await api.restoreBackup({ name: b.name });
    setBusy(null);
    if (r.ok) setRestored(r.value);
    else setError(r.error);
  };

  const list = backups.status === 'ok' ? backups.value.backups : [];
  const best = list.find((b) => b.name === health.newestGoodBackup) ?? null;
  const others = list.filter((b) => b !== best);

  return (
    <div className="recovery" data-testid="recovery">
      <main id="main" className="recovery-main">
        <p className="recovery-brand">
          <svg className="wordmark-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M3 13h18l-3.5 6h-11z" />
            <path d="M12 3v9M12 4l5 6h-5" />
          </svg>
          Keel · Recovery
        </p>
        <h1 tabIndex={-1} ref={heading}>
          Keel could not open your data
        </h1>
        <p className="page-lede">Nothing has been deleted. Restore a backup to carry on where it was taken.</p>

        <section className="card recovery-diagnosis" aria-labelledby="diagnosis-title" data-testid="diagnosis">
          <h2 id="diagnosis-title">{label?.title ?? 'The database needs attention'}</h2>
          {label && <p>{label.explain}</p>}
          <dl className="facts">
            <dt>Diagnosis</dt>
            <dd data-testid="health-state">
              <code className="error-code">{health.state}</code> {health.detail}
            </dd>
            <dt>Damaged file</dt>
            <dd>
              <code className="path" data-testid="damaged-path">
                {info.databasePath}
              </code>
              <span className="recovery-kept">Kept as it is: Keel has not changed or deleted it.</span>
            </dd>
          </dl>
          <p className="muted">
            Restoring puts a copy of the backup in its place and moves the damaged file aside, beside it (keel.db.replaced-…), so you or a
            data-recovery tool can still look at it.
          </p>
        </section>

        {restored ? (
          <RestoredNotice view={restored} />
        ) : (
          <>
            <section className="card recovery-best" aria-labelledby="best-title">
              <h2 id="best-title">Restore the newest good backup</h2>
              {backups.status === 'loading' && <Loading what="backups" />}
              {backups.status === 'error' && <ErrorAlert error={backups.error} title="The backups could not be listed" onRetry={backups.reload} />}
              {backups.status === 'ok' &&
                (best ? (
                  <div className="recovery-offer" data-testid="best-backup">
                    <div className="recovery-offer-facts">
                      <p className="recovery-offer-when">{formatDateTime(best.date)}</p>
                      <p className="muted">
                        {BACKUP_KIND_LABELS[best.kind]} backup · {formatBytes(best.size)} · passes Keel’s integrity check
                      </p>
                      <p className="backup-name">{best.name}</p>
                    </div>
                    <button
                      type="button"
                      className="button button-primary"
                      onClick={() => void restore(best)}
                      disabled={busy !== null}
                      aria-busy={busy === best.name}
                      data-testid="restore-best"
                    >
                      {busy === best.name ? 'Restoring…' : 'Restore this backup'}
                    </button>
                  </div>
                ) : (
                  <p data-testid="no-good-backup">
                    No backup that passes Keel’s checks was found in <code className="path">{backups.value.folder}</code>. If you have a dataset
                    file (.keel) from <strong>Export dataset</strong>, import it below.
                  </p>
                ))}
              {error && <ErrorAlert error={error} title="The backup was not restored; nothing changed" />}
            </section>

            {others.length > 0 && (
              <section className="card" aria-labelledby="other-backups-title">
                <h2 id="other-backups-title">Other backups</h2>
                <p className="muted">Newest first. Each is checked again before it is restored; a damaged one is refused.</p>
                <BackupTable backups={others} caption="Other backups, newest first" onRestore={(b) => void restore(b)} busy={busy} restoreLabel="Restore" />
              </section>
            )}

            <section className="card" aria-labelledby="recovery-import-title">
              <h2 id="recovery-import-title">Or import a dataset file</h2>
              <p className="muted">A .keel file made with Export dataset (Settings → Backups) or keel export, for example on another computer.</p>
              <DatasetImport onDone={setRestored} disabled={busy !== null} />
            </section>
          </>
        )}
      </main>
    </div>
  );
}

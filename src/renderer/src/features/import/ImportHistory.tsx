// The history of past imports, each one undoable (with a confirmation step).
import { useEffect, useRef, useState } from 'react';
import type { ImportBatchView, KeelError } from '../../../../shared/types';
import { api } from '../../api/client';
import { ErrorAlert, Loading } from '../../ui/Status';
import { formatDate, formatDateTime, plural } from '../../format';
import { detectedLabel } from './labels';
import { historyChanged, useImportSession } from './session';
import { useOperation } from '../../useOperation';
import { num, Table, unlabelled } from '../../ui/Table';
import { escapeCloses, useReturnFocus } from '../../ui/returnFocus';

const listBatches = () => api.listImportBatches({});

export function ImportHistory() {
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

/** What undo removes: the rows, and only the accounts the import created that nothing else wrote to since. */
function undoContents(b: ImportBatchView): string {
  return batchContents({ ...b, counts: { ...b.counts, accounts: b.undoRemovesAccounts } });
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
        <Table
          className="table-history"
          data-testid="import-history-table"
          caption="Past imports, newest first"
          columns={['File', 'As of', 'Imported', 'Contents', num('Warnings'), unlabelled('Undo')]}
        >
          <tbody>
            {batches.map((b) => {
              const mine = undo?.batchId === b.id ? undo : null;
              return (
                <HistoryRow key={b.id} batch={b} undo={mine} onAsk={() => setUndo({ batchId: b.id, phase: 'confirm' })} onCancel={() => setUndo(null)} onConfirm={() => void run(b)} />
              );
            })}
          </tbody>
        </Table>
      )}
    </>
  );
}

function HistoryRow(props: { batch: ImportBatchView; undo: UndoState | null; onAsk: () => void; onCancel: () => void; onConfirm: () => void }) {
  const { batch: b, undo, onAsk, onCancel, onConfirm } = props;
  const confirmRef = useRef<HTMLButtonElement>(null);
  const asking = undo !== null;
  // Back on this row's Undo after Keep it or Escape (an undone row is gone: focus stays where the page puts it).
  useReturnFocus(asking);
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
            <div className="confirm" data-testid={`undo-confirm-box-${b.id}`} onKeyDown={undo.phase === 'running' ? undefined : escapeCloses(onCancel)}>
              <p>
                Undo the import of <strong>{b.fileName}</strong>? This removes what it added: {undoContents(b)}.
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

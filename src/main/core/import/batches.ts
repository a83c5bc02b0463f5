// Import history and undo. Undo deletes the batch in one transaction; foreign keys cascade to its snapshots,
// positions, transactions and lots. Accounts the batch created go too, unless a later batch also wrote to them.
import type { ImportBatchView, ImportKindName } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';

interface BatchRow {
  id: number;
  file_name: string;
  broker: string;
  layout: string;
  kind: ImportKindName;
  as_of: string | null;
  imported_at: string;
  counts: string;
  warnings: string;
}

export function listBatches(db: Db): ImportBatchView[] {
  // The accounts an undo would remove: the batch created them and no other batch wrote to them (undoBatch).
  const rows = db
    .prepare(
      `SELECT b.*, (SELECT COUNT(*) FROM accounts a WHERE a.created_by_batch = b.id
           AND NOT EXISTS (SELECT 1 FROM snapshots WHERE account_id = a.id AND batch_id IS NOT b.id)
           AND NOT EXISTS (SELECT 1 FROM transactions WHERE account_id = a.id AND batch_id IS NOT b.id)
           AND NOT EXISTS (SELECT 1 FROM lots WHERE account_id = a.id AND batch_id IS NOT b.id)) AS undo_accounts
       FROM import_batches b ORDER BY b.id DESC`,
    )
    .all() as (BatchRow & { undo_accounts: number })[];
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    broker: r.broker,
    layout: r.layout,
    kind: r.kind,
    asOf: r.as_of,
    importedAt: r.imported_at,
    counts: { accounts: 0, positions: 0, transactions: 0, duplicates: 0, lots: 0, ...JSON.parse(r.counts) },
    undoRemovesAccounts: r.undo_accounts,
    warnings: (JSON.parse(r.warnings) as unknown[]).length,
  }));
}

export function undoBatch(db: Db, batchId: number) {
  return db.transaction(() => {
    const exists = db.prepare('SELECT 1 FROM import_batches WHERE id = ?').get(batchId);
    if (!exists) throw new CoreError('NOT_FOUND', `There is no import batch ${batchId}.`, { batchId });
    const count = (sql: string) => (db.prepare(sql).get(batchId) as { n: number }).n;
    const removed = {
      positions: count('SELECT COUNT(*) AS n FROM positions WHERE snapshot_id IN (SELECT id FROM snapshots WHERE batch_id = ?)'),
      transactions: count('SELECT COUNT(*) AS n FROM transactions WHERE batch_id = ?'),
      lots: count('SELECT COUNT(*) AS n FROM lots WHERE batch_id = ?'),
      accounts: 0,
    };
    const created = (db.prepare('SELECT id FROM accounts WHERE created_by_batch = ?').all(batchId) as { id: number }[]).map(
      (r) => r.id,
    );
    db.prepare('DELETE FROM import_batches WHERE id = ?').run(batchId);
    const removeIfEmpty = db.prepare(
      `DELETE FROM accounts WHERE id = ?
         AND NOT EXISTS (SELECT 1 FROM snapshots WHERE account_id = accounts.id)
         AND NOT EXISTS (SELECT 1 FROM transactions WHERE account_id = accounts.id)
         AND NOT EXISTS (SELECT 1 FROM lots WHERE account_id = accounts.id)`,
    );
    for (const id of created) removed.accounts += removeIfEmpty.run(id).changes;
    db.prepare(
      `DELETE FROM securities WHERE id NOT IN (SELECT security_id FROM positions)
         AND id NOT IN (SELECT security_id FROM lots) AND symbol NOT IN (SELECT symbol FROM prices)`,
    ).run();
    return { batchId, removed };
  })();
}

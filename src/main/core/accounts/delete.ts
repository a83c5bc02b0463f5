// Deleting an account and everything imported into it, after an automatic backup (restoring that backup undoes
// the delete). The backup is taken first, outside the write transaction (VACUUM INTO cannot run inside one); the
// rows then go in one transaction: the account, its snapshots and positions, history rows, tax lots and menu (ON
// DELETE CASCADE), and every import batch that wrote nothing else (so the same file can be imported again).
// Stored plans that name the account are kept as they were: they are the record of what was planned.
import type { DeleteAccountView } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { accountItem } from './list.ts';

export interface DeleteDeps {
  /** Takes the backup; returns its name and file. */
  backup: () => { name: string; file: string };
  /** Runs `fn` as one write transaction (awaiting the write lock). */
  write: <T>(fn: () => T) => Promise<T>;
}

export async function deleteAccount(db: Db, id: number, deps: DeleteDeps): Promise<DeleteAccountView> {
  const account = accountItem(db, id); // NOT_FOUND before any backup is taken
  const taken = deps.backup();
  const deleted = await deps.write(() => deleteAccountRows(db, id));
  return { removed: { id: account.id, name: account.name }, backup: { name: taken.name, file: taken.file }, deleted };
}

/** The delete itself, inside a write transaction. */
export function deleteAccountRows(db: Db, id: number): DeleteAccountView['deleted'] {
  accountItem(db, id); // deleted meanwhile: NOT_FOUND
  const n = (sql: string): number => (db.prepare(sql).get(id) as { n: number }).n;
  const counts = {
    snapshots: n('SELECT COUNT(*) AS n FROM snapshots WHERE account_id = ?'),
    positions: n('SELECT COUNT(*) AS n FROM positions WHERE snapshot_id IN (SELECT id FROM snapshots WHERE account_id = ?)'),
    transactions: n('SELECT COUNT(*) AS n FROM transactions WHERE account_id = ?'),
    lots: n('SELECT COUNT(*) AS n FROM lots WHERE account_id = ?'),
    menuSymbols: n('SELECT COUNT(*) AS n FROM account_menus WHERE account_id = ?'),
  };
  const batches = (
    db
      .prepare(
        `SELECT batch_id AS id FROM snapshots WHERE account_id = @id AND batch_id IS NOT NULL
         UNION SELECT batch_id FROM transactions WHERE account_id = @id
         UNION SELECT batch_id FROM lots WHERE account_id = @id AND batch_id IS NOT NULL`,
      )
      .all({ id }) as { id: number }[]
  ).map((b) => b.id);
  db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  const dropBatch = db.prepare(
    `DELETE FROM import_batches WHERE id = ?
       AND NOT EXISTS (SELECT 1 FROM snapshots WHERE batch_id = import_batches.id)
       AND NOT EXISTS (SELECT 1 FROM transactions WHERE batch_id = import_batches.id)
       AND NOT EXISTS (SELECT 1 FROM lots WHERE batch_id = import_batches.id)`,
  );
  let importBatches = 0;
  for (const b of batches) importBatches += dropBatch.run(b).changes;
  return { ...counts, importBatches };
}

// Merging one account into another: the same account imported twice (a history file without the account number
// makes a "<Broker> account" of its own). Everything that names `from` moves to `into` in one transaction and
// `from` is deleted:
// - snapshots (with their positions): the newest statement of either becomes the account's holdings;
// - history rows and tax lots;
// - the account menu (what it can buy): from's symbols are added to into's;
// - stored plans' requests and results (planRefs.ts).
// Refused: accounts of different currencies (Keel converts nothing: correct the wrong one's currency first, then
// merge) and a demo account with a real one.
import type { MergeAccountsView } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { accountItem } from './list.ts';
import { movePlanReferences } from './planRefs.ts';

export function mergeAccounts(db: Db, fromId: number, intoId: number): MergeAccountsView {
  if (fromId === intoId) throw new CoreError('VALIDATION', 'An account cannot be merged into itself.', { field: 'into' });
  const from = accountItem(db, fromId);
  const into = accountItem(db, intoId);
  if (from.currency !== into.currency) {
    throw new CoreError(
      'VALIDATION',
      `${from.name} is in ${from.currency} and ${into.name} in ${into.currency}: Keel merges accounts of one currency only (it converts nothing). If one currency is wrong, correct it first.`,
      { field: 'into' },
    );
  }
  if (from.isDemo !== into.isDemo) throw new CoreError('VALIDATION', 'A demo account cannot be merged with a real one.', { field: 'into' });

  const count = (sql: string): number => (db.prepare(sql).get(fromId) as { n: number }).n;
  const positions = count('SELECT COUNT(*) AS n FROM positions WHERE snapshot_id IN (SELECT id FROM snapshots WHERE account_id = ?)');
  const move = (table: string): number => db.prepare(`UPDATE ${table} SET account_id = ? WHERE account_id = ?`).run(intoId, fromId).changes;
  const run = db.transaction((): MergeAccountsView['moved'] => {
    const snapshots = move('snapshots');
    const transactions = move('transactions');
    const lots = move('lots');
    const menuSymbols = db.prepare('INSERT OR IGNORE INTO account_menus (account_id, symbol) SELECT ?, symbol FROM account_menus WHERE account_id = ?').run(intoId, fromId).changes;
    const plans = movePlanReferences(db, { id: from.id, name: from.name, number: from.number }, { id: into.id, name: into.name, number: into.number });
    db.prepare('DELETE FROM accounts WHERE id = ?').run(fromId); // its menu rows go with it (ON DELETE CASCADE)
    return { snapshots, positions, transactions, lots, menuSymbols, plans };
  });
  const moved = run();
  return { account: accountItem(db, intoId), moved, removed: { id: from.id, name: from.name } };
}

// The accounts as the Accounts page and `keel accounts` list them: every account with its newest statement's
// positions count and total (valued by householdSummary, the one rule of valuation), what history and lots it
// holds, and — for an account with no statement at all — the account it most likely belongs in.
import type { AccountListItem, AccountsView, TaxTreatment } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { CoreError } from '../errors.ts';
import { householdSummary } from '../household/summary.ts';
import { numberTail } from '../import/accounts.ts';

interface Row {
  id: number;
  name: string;
  broker: string;
  number_masked: string;
  tax_treatment: TaxTreatment;
  currency: string;
  is_demo: number;
  snapshots: number;
  transactions: number;
  lots: number;
}

const ROWS_SQL = `
  SELECT a.id, a.name, a.broker, a.number_masked, a.tax_treatment, a.currency, a.is_demo,
         (SELECT COUNT(*) FROM snapshots s WHERE s.account_id = a.id) AS snapshots,
         (SELECT COUNT(*) FROM transactions t WHERE t.account_id = a.id) AS transactions,
         (SELECT COUNT(*) FROM lots l WHERE l.account_id = a.id) AS lots
  FROM accounts a ORDER BY a.is_demo DESC, a.id`;

/**
 * Where an account without a statement most likely belongs: the one same-broker, same-currency account with a
 * statement whose number ends like its own, else the only such account of that broker. null when unclear.
 */
function suggestMerge(row: Row, rows: readonly Row[]): number | null {
  if (row.snapshots > 0 || row.is_demo === 1) return null;
  const candidates = rows.filter((r) => r.id !== row.id && r.snapshots > 0 && r.is_demo === 0 && r.broker.toLowerCase() === row.broker.toLowerCase() && r.currency === row.currency);
  const tail = numberTail(row.number_masked);
  const byNumber = tail ? candidates.filter((r) => numberTail(r.number_masked) === tail) : [];
  if (byNumber.length === 1) return byNumber[0]!.id;
  return candidates.length === 1 ? candidates[0]!.id : null;
}

export function listAccounts(db: Db): AccountsView {
  const rows = db.prepare(ROWS_SQL).all() as Row[];
  const valued = new Map(householdSummary(db).accounts.map((a) => [a.id, a]));
  return {
    accounts: rows.map((r): AccountListItem => {
      const v = valued.get(r.id);
      return {
        id: r.id,
        name: r.name,
        number: r.number_masked,
        broker: r.broker,
        taxTreatment: r.tax_treatment,
        currency: r.currency,
        isDemo: r.is_demo === 1,
        positions: v?.positions.length ?? 0,
        total: v?.total ?? '0.00',
        asOf: v?.asOf ?? null,
        transactions: r.transactions,
        lots: r.lots,
        empty: r.snapshots === 0,
        suggestedMerge: suggestMerge(r, rows),
      };
    }),
  };
}

/** One account as listAccounts shows it; NOT_FOUND when there is none with that id. */
export function accountItem(db: Db, id: number): AccountListItem {
  const item = listAccounts(db).accounts.find((a) => a.id === id);
  if (!item) throw new CoreError('NOT_FOUND', `There is no account ${id}.`, { field: 'id', id });
  return item;
}

// Renaming an account, and setting its number, tax treatment and currency after import.
import type { AccountListItem, TaxTreatment } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { accountItem } from './list.ts';

export interface AccountChanges {
  name?: string | undefined;
  number?: string | undefined;
  taxTreatment?: TaxTreatment | undefined;
  currency?: string | undefined;
}

/**
 * Changes what is given. The number is what later imports match the account by (import/accounts.ts findAccount:
 * broker and the number's last 4 characters). A new currency relabels the account: no amount is converted.
 */
export function updateAccount(db: Db, id: number, changes: AccountChanges): AccountListItem {
  accountItem(db, id); // NOT_FOUND first
  const columns: [string, string | undefined][] = [
    ['name', changes.name],
    ['number_masked', changes.number],
    ['tax_treatment', changes.taxTreatment],
    ['currency', changes.currency],
  ];
  for (const [column, value] of columns) {
    if (value !== undefined) db.prepare(`UPDATE accounts SET ${column} = ? WHERE id = ?`).run(value, id);
  }
  return accountItem(db, id);
}

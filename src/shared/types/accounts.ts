// Accounts as the user manages them after import: the list (listAccounts), and what a rename, merge or delete did.
import type { DecimalString } from './app.ts';
import type { TaxTreatment } from './household.ts';

/** The tax treatments a user sets (the contract's and the CLI's `--tax-treatment` words). */
export const SETTABLE_TAX_TREATMENTS = ['taxable', 'tax-deferred', 'tax-free', 'hsa'] as const;

export interface AccountListItem {
  id: number;
  name: string;
  /** The account number as the file gave it ("...777", "XXXX-1234"); "" when none. */
  number: string;
  broker: string;
  taxTreatment: TaxTreatment;
  currency: string;
  isDemo: boolean;
  /** How many positions its newest statement holds (cash not counted). */
  positions: number;
  /** Positions plus cash as of its newest statement, in the account's currency; "0.00" with no statement. */
  total: DecimalString;
  /** The newest statement's date; null when no positions file was imported into it. */
  asOf: string | null;
  /** History rows (transactions) and tax lots imported into it. */
  transactions: number;
  lots: number;
  /**
   * No positions statement at all (a history or lots file only): left out of the Dashboard, plans and the printed
   * list; its history still counts for wash sales. Usually it belongs merged into `suggestedMerge`.
   */
  empty: boolean;
  /** The account this one most likely belongs in (an empty account's same-broker account with a statement). */
  suggestedMerge: number | null;
}

export interface AccountsView {
  accounts: AccountListItem[];
}

export interface MergeAccountsView {
  /** The account that remains, as it stands after the merge. */
  account: AccountListItem;
  /** What moved from the merged (now deleted) account. */
  moved: { snapshots: number; positions: number; transactions: number; lots: number; menuSymbols: number; plans: number };
  removed: { id: number; name: string };
}

export interface DeleteAccountView {
  removed: { id: number; name: string };
  /** The backup taken before anything was deleted (restore it from Backups to undo). */
  backup: { name: string; file: string };
  deleted: { snapshots: number; positions: number; transactions: number; lots: number; menuSymbols: number; importBatches: number };
}

// Importing broker files: the preview of each file (accounts, positions, issues), the job that parses them,
// and the batches an import leaves (each one can be undone).
import type { DecimalString } from './app.ts';
import type { TaxTreatment } from './household.ts';

export type ImportKindName = 'positions' | 'transactions' | 'lots';

export interface ImportPositionView {
  /** Without the export's marks (`SPAXX**` → SPAXX); an ISIN when the file gives only that. */
  symbol: string;
  /** The symbol as the file wrote it, when that differs. */
  rawSymbol?: string;
  description: string;
  quantity: DecimalString | null;
  price: DecimalString | null;
  marketValue: DecimalString;
  costBasis: DecimalString | null;
  /** True only in cashLines. */
  isCash: boolean;
  /** The currency of price and marketValue. */
  currency: string;
  /** The value in the account's currency as the file states it (DEGIRO's `Value in EUR`), when it does. */
  baseValue?: DecimalString;
  line: number;
}

export interface ImportAccountView {
  /** Identifies the account within its file (its number, else its name). */
  key: string;
  name: string;
  number: string;
  currency: string;
  /** The holdings, cash excluded: positions plus cash is the total. */
  positions: ImportPositionView[];
  /** The rows the broker marks as the account's cash or core position (import/view.ts); they sum to `cash`. */
  cashLines: ImportPositionView[];
  cash: DecimalString;
  total: DecimalString;
  fileTotal: DecimalString | null;
  reconciled: boolean;
  difference: DecimalString | null;
  /** The total misses the file's own by more than 1%: importing it needs acceptMismatch. */
  mismatch: boolean;
  transactions: number;
  lots: number;
  /** The existing Keel account this file's account goes into; null when Keel will create one. */
  match: { id: number; name: string } | null;
  /** In a preview of several files: the earlier file of this import that creates the same new account (both go into it). */
  sameAsIn?: string;
  taxTreatment: TaxTreatment;
  /** True when the tax treatment was guessed from the account's name (the user should confirm it). */
  taxTreatmentGuessed: boolean;
}

export interface ImportIssue {
  line: number;
  column?: number;
  message: string;
}

export interface ImportFileView {
  file: string;
  sha256: string;
  broker: string | null;
  layout: string | null;
  kind: ImportKindName | null;
  asOf: string | null;
  /** False when the file states no date and Keel used the import date (or the one the user gave). */
  asOfFromFile: boolean;
  /** A positions or lots file that states no date: valued as of the import date unless the user gives one. */
  needsDate: boolean;
  status: 'previewed' | 'imported' | 'already-imported' | 'failed';
  alreadyImported: { batchId: number; importedAt: string } | null;
  batchId: number | null;
  accounts: ImportAccountView[];
  transactionCount: number;
  /** History rows skipped because an earlier import already holds them. */
  duplicateCount: number;
  lotCount: number;
  warnings: ImportIssue[];
  errors: (ImportIssue & { code: string })[];
  /** For a layout Keel does not know: the header row, so the user can map its columns (saveColumnMap). */
  header: { cells: string[]; line: number; signature: string } | null;
}

export interface ImportJobView {
  jobId: string;
  phase: 'preview' | 'import';
  state: 'running' | 'done' | 'failed';
  progress: { bytesRead: number; totalBytes: number };
  files: ImportFileView[];
}

export interface ImportBatchView {
  id: number;
  fileName: string;
  broker: string;
  layout: string;
  kind: ImportKindName;
  asOf: string | null;
  importedAt: string;
  /** `accounts`: the accounts the import wrote to (found or created). */
  counts: { accounts: number; positions: number; transactions: number; duplicates: number; lots: number };
  /** The accounts undoing it would remove now: ones it created that no later import wrote to. */
  undoRemovesAccounts: number;
  warnings: number;
}

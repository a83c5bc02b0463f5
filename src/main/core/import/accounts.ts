// Which Keel account a file's account goes into, and what to call and tax-treat a new one.
import { brokerLabel } from '../../../shared/brokers.ts';
import type { TaxTreatment } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';

/** How a file's account is told apart within an import: its number, else (a file without numbers) its name. */
export function accountKey(a: { name: string; number: string }): string {
  return a.number || a.name;
}

/** Tax treatment from an account's name, or null when the name says nothing (then: taxable, and ask). */
export function guessTaxTreatment(name: string): TaxTreatment | null {
  const n = name.toLowerCase();
  if (/\broth\b/.test(n)) return 'tax-free';
  if (/\bhsa\b|health savings/.test(n)) return 'hsa';
  if (/\b529\b|\bcoverdell\b|\besa\b/.test(n)) return 'other';
  if (/\bira\b|\b401\s?\(?k\)?|\b403\s?\(?b\)?|\b457\b|rollover|\bsep\b|\bsimple\b|keogh|\btsp\b|pension|retirement/.test(n)) {
    return 'tax-deferred';
  }
  if (/individual|brokerage|joint|taxable|trust|general investing|\bcma\b/.test(n)) return 'taxable';
  return null;
}

/** The identifying tail of a masked account number: `XXXX-4321`, `...4321` and `Z12344321` all give "4321". */
export function numberTail(masked: string): string {
  const alnum = masked.replace(/[^A-Za-z0-9]/g, '').replace(/^X+/i, '');
  return alnum.slice(-4).toUpperCase();
}

export interface FileAccount {
  name: string;
  number: string;
  currency: string;
}

export interface AccountMatch {
  id: number;
  name: string;
  taxTreatment: TaxTreatment;
}

interface AccountRow {
  id: number;
  name: string;
  number_masked: string;
  tax_treatment: TaxTreatment;
  source_name: string;
}

/** An existing (non-demo) account of the same broker with the same number tail, else the same name. */
export function findAccount(db: Db, broker: string, fa: FileAccount): AccountMatch | null {
  const rows = db
    .prepare(
      `SELECT id, name, number_masked, tax_treatment, name AS source_name
       FROM accounts WHERE is_demo = 0 AND lower(broker) = lower(?) ORDER BY id`,
    )
    .all(brokerLabel(broker)) as AccountRow[];
  const tail = numberTail(fa.number);
  const byNumber = tail ? rows.find((r) => numberTail(r.number_masked) === tail) : undefined;
  const wanted = displayName(broker, fa).toLowerCase();
  const hit = byNumber ?? (tail ? undefined : rows.find((r) => r.name.toLowerCase() === wanted));
  return hit ? { id: hit.id, name: hit.name, taxTreatment: hit.tax_treatment } : null;
}

export function displayName(broker: string, fa: FileAccount): string {
  const label = brokerLabel(broker);
  const base = fa.name || fa.number || 'account';
  return base.toLowerCase().includes(label.toLowerCase()) ? base : `${label} ${base}`;
}

export function createAccount(
  db: Db,
  broker: string,
  fa: FileAccount,
  taxTreatment: TaxTreatment,
  batchId: number | bigint,
  name: string | undefined,
  now: string,
): number {
  const r = db
    .prepare(
      `INSERT INTO accounts (name, broker, number_masked, tax_treatment, currency, is_demo, created_at, created_by_batch)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
    )
    .run(name ?? displayName(broker, fa), brokerLabel(broker), fa.number, taxTreatment, fa.currency || 'USD', now, batchId);
  return Number(r.lastInsertRowid);
}

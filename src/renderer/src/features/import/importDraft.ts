// What the Import page keeps across a reload: the preview job and the uploads it read (the core keeps both while it
// runs), and the choices made on it (tax treatments, the as-of date, mismatch confirmations). Pure parser: a
// stored value of any other shape is refused (null) and the page starts empty.
import { TAX_TREATMENTS, type TaxTreatment } from '../../../../shared/types';
import { arrayOf, isRecord, isString } from '../../drafts';
import { MAP_FIELDS, type MappedColumns } from '../../../../shared/column-map';

export const IMPORT_DRAFT = 'import-preview';

export interface StoredChoices {
  asOf: string | null;
  tax: Record<string, TaxTreatment>;
  acceptMismatch: Record<string, boolean>;
}

export interface ImportDraft {
  jobId: string;
  uploadIds: string[];
  files: string[];
  totalBytes: number;
  choices: StoredChoices;
}

function parseChoices(v: unknown): StoredChoices | null {
  if (!isRecord(v) || !isRecord(v.tax) || !isRecord(v.acceptMismatch)) return null;
  if (v.asOf !== null && !(isString(v.asOf) && /^\d{4}-\d{2}-\d{2}$/.test(v.asOf))) return null;
  const tax: Record<string, TaxTreatment> = {};
  for (const [k, t] of Object.entries(v.tax)) {
    if (!(TAX_TREATMENTS as readonly unknown[]).includes(t)) return null;
    tax[k] = t as TaxTreatment;
  }
  const acceptMismatch: Record<string, boolean> = {};
  for (const [k, b] of Object.entries(v.acceptMismatch)) {
    if (typeof b !== 'boolean') return null;
    acceptMismatch[k] = b;
  }
  return { asOf: v.asOf, tax, acceptMismatch };
}

export function parseImportDraft(v: unknown): ImportDraft | null {
  if (!isRecord(v) || !isString(v.jobId) || v.jobId === '') return null;
  const uploadIds = arrayOf(v.uploadIds, (x) => (isString(x) ? x : null));
  const files = arrayOf(v.files, (x) => (isString(x) ? x : null));
  const choices = parseChoices(v.choices);
  const totalBytes = v.totalBytes;
  if (!uploadIds || uploadIds.length === 0 || !files || !choices || typeof totalBytes !== 'number' || !Number.isSafeInteger(totalBytes) || totalBytes < 0) return null;
  return { jobId: v.jobId, uploadIds, files, totalBytes, choices };
}

/**
 * The stored choices laid over a fresh preview's: only for accounts and files the preview still has, so that a
 * choice never lands on something it was not made for.
 */
export function mergeChoices(fresh: StoredChoices, stored: StoredChoices, files: readonly string[]): StoredChoices {
  const tax = { ...fresh.tax };
  for (const [k, t] of Object.entries(stored.tax)) if (k in tax) tax[k] = t;
  const acceptMismatch: Record<string, boolean> = {};
  for (const [f, b] of Object.entries(stored.acceptMismatch)) if (files.includes(f)) acceptMismatch[f] = b;
  return { asOf: stored.asOf ?? fresh.asOf, tax, acceptMismatch };
}

/** A column mapping being chosen (not yet saved), kept per header signature. */
export const columnMapDraft = (signature: string) => `column-map:${signature}`;

export interface ColumnMapDraft {
  map: MappedColumns;
  decimal: 'point' | 'comma';
}

/** A stored mapping, only with columns the header still has. */
export function parseColumnMapDraft(v: unknown, cells: readonly string[]): ColumnMapDraft | null {
  if (!isRecord(v) || !isRecord(v.map) || (v.decimal !== 'point' && v.decimal !== 'comma')) return null;
  const map: MappedColumns = {};
  for (const { field } of MAP_FIELDS) {
    const c = v.map[field];
    if (c === undefined) continue;
    if (!isString(c) || !cells.includes(c)) return null;
    map[field] = c;
  }
  return { map, decimal: v.decimal };
}

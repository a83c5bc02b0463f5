// Importing broker files and undoing an import.
import { z } from 'zod';
import { TAX_TREATMENTS, type ImportBatchView, type ImportJobView } from '../types.ts';
import { id, isoDate, noInput, op, rowId } from './op.ts';

/** A column mapping for a CSV layout Keel does not know: header names as they appear in the file. */
export const columnMapInput = z.strictObject({
  symbol: z.string().min(1).max(200),
  account: z.string().min(1).max(200).optional(),
  description: z.string().min(1).max(200).optional(),
  quantity: z.string().min(1).max(200).optional(),
  price: z.string().min(1).max(200).optional(),
  value: z.string().min(1).max(200).optional(),
  cost: z.string().min(1).max(200).optional(),
  currency: z.string().min(1).max(200).optional(),
  cashSymbols: z.array(z.string().min(1).max(40)).max(50).optional(),
  decimal: z.enum(['point', 'comma']).optional(),
  defaultCurrency: z.string().regex(/^[A-Z]{3}$/).optional(),
});

export const importOperations = {
  // Import: the renderer uploads each file in text chunks, asks for a preview (parsed in the background;
  // poll getImportJob for progress), then commits the previewed files in one go. Every batch can be undone.
  startImportUpload: op<{ uploadId: string }>()(
    z.strictObject({
      name: z.string().min(1).max(255),
      /** The file's size in bytes; the text that arrives may not decode from more (see encoding). */
      size: z.number().int().min(0).max(4 * 1024 ** 3),
      /** What the page decodes the file from (default UTF-8): bounds how much the text may grow. */
      encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
    }),
  ),
  appendImportUpload: op<{ received: number }>()(
    z.strictObject({ uploadId: id, chunk: z.string().max(16 * 1024 * 1024) }),
  ),
  previewImport: op<{ jobId: string }>()(
    z.strictObject({ uploadIds: z.array(id).min(1).max(50), asOf: isoDate.optional() }),
  ),
  getImportJob: op<ImportJobView>()(z.strictObject({ jobId: id })),
  commitImport: op<{ jobId: string }>()(
    z.strictObject({
      jobId: id,
      asOf: isoDate.optional(),
      accounts: z
        .array(
          z.strictObject({
            file: z.string().min(1).max(255),
            key: z.string().max(255),
            taxTreatment: z.enum(TAX_TREATMENTS).optional(),
            name: z.string().min(1).max(120).optional(),
          }),
        )
        .max(500)
        .optional(),
      /** Files (by their preview name) the user confirmed to import although they miss their own total by > 1%. */
      acceptMismatch: z.array(z.string().min(1).max(255)).max(50).optional(),
    }),
  ),
  listImportBatches: op<ImportBatchView[]>()(noInput),
  /** Which column of an unknown layout is which; re-applied to every file with the same header. */
  saveColumnMap: op<{ signature: string }>()(
    z.strictObject({
      signature: z.string().regex(/^[0-9a-f]{32}$/, 'expected a header signature'),
      map: columnMapInput,
    }),
  ),
  undoImportBatch: op<{ batchId: number; removed: { positions: number; transactions: number; lots: number; accounts: number } }>()(
    z.strictObject({ batchId: rowId }),
  ),
} as const;

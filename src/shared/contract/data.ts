// Data safety: backups, restoring one, and the whole dataset as one file (export, upload, import).
import { z } from 'zod';
import type { BackupListView, BackupView, DatasetExportView, RestoreView } from '../types.ts';
import { id, noInput, op } from './op.ts';

const backupName = z.string().regex(/^keel-\d{8}-\d{6}-[a-z0-9-]{1,80}\.db$/, 'expected a backup name from listBackups');
/** Up to 12 MiB of binary per call, base64-encoded (16 Mi characters). */
const base64Chunk = z
  .string()
  .min(4)
  .max(16 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64')
  .refine((s) => s.length % 4 === 0, 'expected base64 (length a multiple of 4)');

export const dataOperations = {
  // Backups in <dataDir>/backups (works in recovery too), a verified backup now, and restoring one by its name
  // from listBackups (never a path). The whole dataset as one file: exportDataset writes it to <dataDir>/exports
  // (the web door serves it at GET /exports/<name>); importing uploads it in base64 chunks (works in recovery
  // too), vets it, and restores it, keeping the replaced database. While the database is damaged (AppInfo.health)
  // every other operation answers DB_CORRUPT.
  listBackups: op<BackupListView>()(noInput),
  backupNow: op<BackupView>()(noInput),
  restoreBackup: op<RestoreView>()(z.strictObject({ name: backupName })),
  exportDataset: op<DatasetExportView>()(noInput),
  startDatasetUpload: op<{ uploadId: string }>()(
    z.strictObject({ name: z.string().min(1).max(255), size: z.number().int().min(1).max(4 * 1024 ** 3) }),
  ),
  appendDatasetUpload: op<{ received: number }>()(z.strictObject({ uploadId: id, chunk: base64Chunk })),
  importDataset: op<RestoreView>()(z.strictObject({ uploadId: id })),
} as const;

// Operations that take paths on this machine: what the `keel` CLI does with files it is given. Only a local door
// may call them: the web door and the renderer's IPC refuse them as unknown operations (LOCAL_OPERATIONS), so a
// page can never name a file to read, overwrite or restore from.
import { z } from 'zod';
import type { DatabaseCheckView, ImportFileView, LocalFileView, LocalRestoreView, PlanResultView, PriceFileView, ReadingFileView } from '../types.ts';
import { isoDate, noInput, op } from './op.ts';
import { symbolText } from './prices.ts';
import { seriesName } from './signals.ts';

/** A path as the user typed it (relative to the process's working folder). */
const localPath = z.string().min(1).max(4096);

export const localOperations = {
  /** Broker files straight from disk, one batch each (dryRun: parse only); the allocation is recorded per import. */
  importFiles: op<ImportFileView[]>()(
    z.strictObject({
      paths: z.array(localPath).min(1).max(10_000),
      dryRun: z.boolean().optional(),
      asOf: isoDate.optional(),
      /** Import a positions file even when it misses its own total by more than 1% (else refused, nothing written). */
      acceptMismatch: z.boolean().optional(),
    }),
  ),
  /** Price files straight from disk (`keel prices import`): all or nothing, like importPriceFiles (contract/prices.ts). */
  importPriceFilePaths: op<PriceFileView[]>()(z.strictObject({ paths: z.array(localPath).min(1).max(1000), symbol: symbolText.optional() })),
  /** Readings files straight from disk (`keel signals import`): all or nothing, like importReadings (contract/signals.ts). */
  importReadingPaths: op<ReadingFileView[]>()(z.strictObject({ paths: z.array(localPath).min(1).max(1000), series: seriesName.optional() })),
  /** A verified backup to `file` (never overwritten), or without one a manual backup into the backups folder. */
  backupToFile: op<LocalFileView>()(z.strictObject({ file: localPath.optional() })),
  /** Replaces the database with a backup file; the replaced one is kept beside it. Works while it is damaged. */
  restoreFromFile: op<LocalRestoreView>()(z.strictObject({ file: localPath })),
  /** The whole dataset to `file` (never overwritten). */
  exportDatasetTo: op<LocalFileView>()(z.strictObject({ file: localPath })),
  /** Replaces the database with a dataset file from exportDatasetTo, backing the current one up first. */
  importDatasetFrom: op<LocalRestoreView>()(z.strictObject({ file: localPath })),
  /** The database's diagnosis as the core found it when it opened (or after the last restore); never changes it. */
  checkDatabase: op<DatabaseCheckView>()(noInput),
  /** Plans the household a JSON file describes (the planner's input format); touches no database. */
  planFromInput: op<PlanResultView>()(z.strictObject({ file: localPath })),
} as const;

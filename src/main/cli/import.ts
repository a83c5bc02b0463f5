// `keel import`: files straight from disk through the same pipeline the app uses, one batch per file.
import fs from 'node:fs';
import path from 'node:path';
import type { ImportFileView } from '../../shared/contract.ts';
import { failedFileView, processFile } from '../core/import/pipeline.ts';

export async function importFromPaths(
  files: string[],
  opts: {
    dbPath: string;
    dryRun: boolean;
    asOf?: string | undefined;
    onImported?: (batchId: number) => void;
    /** Told once when an import has waited 2 s for another writer (db/lock.ts). */
    onWaiting?: (message: string) => void;
  },
): Promise<ImportFileView[]> {
  const views: ImportFileView[] = [];
  for (const file of files) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      views.push(failedFileView(path.basename(file), '', { message: `${file}: no such file`, code: 'NOT_FOUND' }));
      continue;
    }
    const view = await processFile(
      { name: path.basename(file), path: file },
      { dbPath: opts.dbPath, dryRun: opts.dryRun, ...(opts.asOf ? { asOf: opts.asOf } : {}), onWaiting: opts.onWaiting },
    );
    if (view.status === 'imported' && view.batchId !== null) opts.onImported?.(view.batchId);
    views.push(view);
  }
  return views;
}


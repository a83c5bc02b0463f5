// The local operations (shared/contract/local.ts) that need no data-safety machinery: broker files imported
// straight from disk, and a plan for a household described in a JSON file. Paths are the user's own, as typed at
// a local door; the web door and the renderer never reach these (LOCAL_OPERATIONS).
import fs from 'node:fs';
import path from 'node:path';
import type { ImportFileView, PlanResultView } from '../../shared/contract.ts';
import { CoreError } from './errors.ts';
import { failedFileView, processFile } from './import/pipeline.ts';
import { planFromJson } from './rebalance/plan.ts';
import { PlanInputError } from './rebalance/types.ts';

export interface ImportFromPathsOptions {
  dbPath: string;
  dryRun: boolean;
  asOf?: string | undefined;
  /** Import a positions file that misses its own total by more than 1% (else it is refused, nothing written). */
  acceptMismatch?: boolean | undefined;
  /** After each imported file (the allocation history takes a snapshot; it may wait for the write lock). */
  onImported?: (batchId: number) => void | Promise<void>;
  /** Told once when an import has waited 2 s for another writer (db/lock.ts). */
  onWaiting?: ((message: string) => void) | undefined;
}

/** Each file through the pipeline the app uses, one batch per file; a missing file fails alone. */
export async function importFromPaths(files: readonly string[], opts: ImportFromPathsOptions): Promise<ImportFileView[]> {
  const views: ImportFileView[] = [];
  for (const file of files) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      views.push(failedFileView(path.basename(file), '', { message: `${file}: no such file`, code: 'NOT_FOUND' }));
      continue;
    }
    const view = await processFile(
      { name: path.basename(file), path: file },
      { dbPath: opts.dbPath, dryRun: opts.dryRun, ...(opts.asOf ? { asOf: opts.asOf } : {}), acceptMismatch: opts.acceptMismatch ?? false, onWaiting: opts.onWaiting },
    );
    if (view.status === 'imported' && view.batchId !== null) await opts.onImported?.(view.batchId);
    views.push(view);
  }
  return views;
}

/** The planner's JSON input read from `file`; errors name the file (and the field). Needs no database. */
export function planFromFile(file: string): PlanResultView {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CoreError('VALIDATION', `${file}: ${(e as Error).message}`, { file });
  }
  try {
    return planFromJson(raw);
  } catch (e) {
    if (e instanceof PlanInputError) throw new CoreError('VALIDATION', `${file}: ${e.message}`, { file, field: e.path });
    throw e;
  }
}

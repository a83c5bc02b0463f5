// Imports driven from a UI: files arrive as text chunks (written to a private temp folder, never held whole),
// are previewed in the background while the UI polls progress, then committed file by file.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ImportFileView, ImportJobView } from '../../../shared/contract.ts';
import { CoreError } from '../errors.ts';
import { importUploads, type Upload, type UploadEncoding, type UploadStore } from '../uploads.ts';
import { accountKey } from './accounts.ts';
import { failedFileView, processFile, type AccountChoice } from './pipeline.ts';

interface Job extends ImportJobView {
  uploadIds: string[];
  asOf: string | undefined;
}

const newId = () => randomBytes(12).toString('base64url');
const MAX_JOBS = 20;

export class ImportJobs {
  private readonly uploads: UploadStore;
  private readonly jobs = new Map<string, Job>();

  constructor(
    dataDir: string,
    private readonly dbPath: string,
    /** Called after each file is imported (the allocation history takes a snapshot; it may wait for the write lock). */
    private readonly onImported: (batchId: number) => void | Promise<void> = () => {},
  ) {
    this.uploads = importUploads(dataDir);
  }

  /** Text decoded from another encoding may grow as UTF-8, never beyond that encoding's factor (uploads.ts). */
  startUpload(name: string, size: number, encoding: UploadEncoding = 'utf-8'): { uploadId: string } {
    return this.uploads.start(name, size, encoding);
  }

  append(uploadId: string, chunk: string): { received: number } {
    return this.uploads.append(uploadId, chunk);
  }

  /** An upload, for the price files that share this drop zone and store (prices/files.ts); NOT_FOUND when unknown. */
  upload(uploadId: string): Upload {
    return this.uploads.get(uploadId);
  }

  /** Removes uploads once used (a price import). */
  discard(uploadIds: readonly string[]): void {
    for (const id of uploadIds) this.uploads.discard(id);
  }

  preview(uploadIds: string[], asOf: string | undefined): { jobId: string } {
    const uploads = uploadIds.map((id) => {
      const u = this.uploads.find(id);
      if (!u) throw new CoreError('NOT_FOUND', `No upload ${id}.`);
      return u;
    });
    // A file's name is how the preview lists it and how the user's account choices find it at commit, so two
    // files of one preview never share one: a second "Positions.csv" becomes "Positions (2).csv".
    const taken = new Set<string>();
    for (const u of uploads) {
      const ext = path.extname(u.name);
      const stem = u.name.slice(0, u.name.length - ext.length);
      for (let n = 2; taken.has(u.name); n++) u.name = `${stem} (${n})${ext}`;
      taken.add(u.name);
    }
    const job: Job = {
      jobId: newId(),
      phase: 'preview',
      state: 'running',
      progress: { bytesRead: 0, totalBytes: uploads.reduce((n, u) => n + u.received, 0) },
      files: [],
      uploadIds,
      asOf,
    };
    this.remember(job);
    void this.run(job, uploads, { dryRun: true, asOf });
    return { jobId: job.jobId };
  }

  /** acceptMismatch: the files whose miss of their own total the user confirmed (pipeline.ts refuses the rest). */
  commit(jobId: string, asOf: string | undefined, accounts: AccountChoice[], acceptMismatch: readonly string[] = []): { jobId: string } {
    const job = this.jobs.get(jobId);
    if (!job) throw new CoreError('NOT_FOUND', `No import job ${jobId}.`);
    if (job.phase !== 'preview' || job.state !== 'done') {
      throw new CoreError('CONFLICT', 'Only a finished preview can be imported.', { phase: job.phase, state: job.state });
    }
    const previewed = new Set(job.files.filter((f) => f.status === 'previewed').map((f) => f.file));
    const uploads = job.uploadIds.map((id) => this.uploads.find(id)).filter((u): u is Upload => !!u && previewed.has(u.name));
    const skipped = job.files.filter((f) => f.status !== 'previewed');
    job.phase = 'import';
    job.state = 'running';
    job.progress = { bytesRead: 0, totalBytes: uploads.reduce((n, u) => n + u.received, 0) };
    job.files = skipped;
    void this.run(job, uploads, { dryRun: false, asOf: asOf ?? job.asOf, accounts, acceptMismatch }).then(() => {
      for (const u of uploads) this.uploads.discard(u.id);
    });
    return { jobId };
  }

  get(jobId: string): ImportJobView {
    const job = this.jobs.get(jobId);
    if (!job) throw new CoreError('NOT_FOUND', `No import job ${jobId}.`);
    const { uploadIds: _u, asOf: _a, ...view } = job;
    return structuredClone(view);
  }

  private async run(
    job: Job,
    uploads: Upload[],
    opts: { dryRun: boolean; asOf: string | undefined; accounts?: AccountChoice[]; acceptMismatch?: readonly string[] },
  ): Promise<void> {
    let before = 0;
    let current: Upload | undefined;
    try {
      for (const u of uploads) {
        current = u;
        const view: ImportFileView = await processFile(
          { name: u.name, path: u.file },
          {
            dbPath: this.dbPath,
            dryRun: opts.dryRun,
            ...(opts.asOf ? { asOf: opts.asOf } : {}),
            ...(opts.accounts ? { accounts: opts.accounts } : {}),
            acceptMismatch: opts.acceptMismatch?.includes(u.name) ?? false,
            onProgress: (n) => (job.progress.bytesRead = before + n),
          },
        );
        before += u.received;
        job.progress.bytesRead = before;
        if (opts.dryRun) markSameNewAccounts(job.files, view);
        job.files.push(view);
        if (view.status === 'imported' && view.batchId !== null) await this.onImported(view.batchId);
      }
      job.state = 'done';
    } catch (e) {
      job.state = 'failed';
      job.files.push(failedFileView(current?.name ?? '(unknown file)', '', { message: (e as Error).message, code: 'INTERNAL' }));
    }
  }

  private remember(job: Job): void {
    this.jobs.set(job.jobId, job);
    while (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
  }

  dispose(): void {
    this.uploads.dispose();
  }
}

/**
 * A preview runs each file on its own, so a new account that an earlier file of the same import creates looks new
 * again in a later file (a lots file previewed with the positions file that opens the account). The import itself
 * puts both into one account (same broker and number, else name, as store.ts matches): say so.
 */
export function markSameNewAccounts(earlier: readonly ImportFileView[], view: ImportFileView): void {
  for (const a of view.accounts) {
    if (a.match) continue;
    const id = accountKey(a);
    const first = earlier.find((f) => f.broker === view.broker && f.accounts.some((b) => !b.match && accountKey(b) === id));
    if (first) a.sameAsIn = first.file;
  }
}

// Imports driven from a UI: files arrive as text chunks (written to a private temp folder, never held whole),
// are previewed in the background while the UI polls progress, then committed file by file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportFileView, ImportJobView } from '../../../shared/contract.ts';
import { CoreError } from '../errors.ts';
import { failedFileView, processFile, type AccountChoice } from './pipeline.ts';

interface Upload {
  id: string;
  name: string;
  path: string;
  size: number;
  /** The most UTF-8 bytes the declared file can decode to. */
  most: number;
  received: number;
}

interface Job extends ImportJobView {
  uploadIds: string[];
  asOf: string | undefined;
}

const newId = () => randomBytes(12).toString('base64url');
const MAX_JOBS = 20;
const STALE_MS = 24 * 60 * 60 * 1000;
/** The encodings the page decodes files from (it sends the text, stored here as UTF-8). */
export type UploadEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * How much a file's text can grow when stored as UTF-8, by the encoding it was decoded from: UTF-8 not at all;
 * a UTF-16 code unit (2 bytes) becomes at most 3 bytes; one Windows-1252 byte (€, “) at most 3 bytes. More text
 * than that was never the declared file.
 */
const TEXT_GROWTH: Record<UploadEncoding, number> = { 'utf-8': 1, 'utf-16le': 1.5, 'utf-16be': 1.5, 'windows-1252': 3 };

export class ImportJobs {
  private readonly uploads = new Map<string, Upload>();
  private readonly jobs = new Map<string, Job>();
  private readonly dir: string;

  constructor(
    dataDir: string,
    private readonly dbPath: string,
    /** Called after each file is imported (the allocation history takes a snapshot; it may wait for the write lock). */
    private readonly onImported: (batchId: number) => void | Promise<void> = () => {},
  ) {
    // Each running Keel (app, web door, CLI) has its own folder, so one never deletes another's uploads.
    // Folders left by a crash are removed once they are a day old.
    const root = path.join(dataDir, 'tmp', 'uploads');
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    for (const entry of fs.readdirSync(root)) {
      const stale = path.join(root, entry);
      if (Date.now() - fs.statSync(stale).mtimeMs > STALE_MS) fs.rmSync(stale, { recursive: true, force: true });
    }
    this.dir = fs.mkdtempSync(path.join(root, `session-${process.pid}-`)); // the pid: removed at start once this process is gone (temp-files.ts)
  }

  startUpload(name: string, size: number, encoding: UploadEncoding = 'utf-8'): { uploadId: string } {
    const id = newId();
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, id);
    fs.writeFileSync(file, '', { mode: 0o600 });
    this.uploads.set(id, { id, name: path.basename(name), path: file, size, most: Math.floor(size * TEXT_GROWTH[encoding]), received: 0 });
    return { uploadId: id };
  }

  append(uploadId: string, chunk: string): { received: number } {
    const u = this.uploads.get(uploadId);
    if (!u) throw new CoreError('NOT_FOUND', `No upload ${uploadId} (it may have been used or expired).`);
    const received = u.received + Buffer.byteLength(chunk, 'utf8');
    const most = u.most;
    if (received > most) {
      this.discard(uploadId);
      throw new CoreError(
        'VALIDATION',
        `${u.name}: more text arrived (${received} bytes) than a file of ${u.size} byte${u.size === 1 ? '' : 's'} can hold (at most ${most} once decoded); the upload was discarded.`,
        { file: u.name, declared: u.size, received },
      );
    }
    fs.appendFileSync(u.path, chunk, 'utf8');
    u.received = received;
    return { received: u.received };
  }

  preview(uploadIds: string[], asOf: string | undefined): { jobId: string } {
    const uploads = uploadIds.map((id) => {
      const u = this.uploads.get(id);
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

  commit(jobId: string, asOf: string | undefined, accounts: AccountChoice[]): { jobId: string } {
    const job = this.jobs.get(jobId);
    if (!job) throw new CoreError('NOT_FOUND', `No import job ${jobId}.`);
    if (job.phase !== 'preview' || job.state !== 'done') {
      throw new CoreError('CONFLICT', 'Only a finished preview can be imported.', { phase: job.phase, state: job.state });
    }
    const previewed = new Set(job.files.filter((f) => f.status === 'previewed').map((f) => f.file));
    const uploads = job.uploadIds.map((id) => this.uploads.get(id)).filter((u): u is Upload => !!u && previewed.has(u.name));
    const skipped = job.files.filter((f) => f.status !== 'previewed');
    job.phase = 'import';
    job.state = 'running';
    job.progress = { bytesRead: 0, totalBytes: uploads.reduce((n, u) => n + u.received, 0) };
    job.files = skipped;
    void this.run(job, uploads, { dryRun: false, asOf: asOf ?? job.asOf, accounts }).then(() => {
      for (const u of uploads) this.discard(u.id);
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
    opts: { dryRun: boolean; asOf: string | undefined; accounts?: AccountChoice[] },
  ): Promise<void> {
    let before = 0;
    let current: Upload | undefined;
    try {
      for (const u of uploads) {
        current = u;
        const view: ImportFileView = await processFile(
          { name: u.name, path: u.path },
          {
            dbPath: this.dbPath,
            dryRun: opts.dryRun,
            ...(opts.asOf ? { asOf: opts.asOf } : {}),
            ...(opts.accounts ? { accounts: opts.accounts } : {}),
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

  private discard(uploadId: string): void {
    const u = this.uploads.get(uploadId);
    if (!u) return;
    fs.rmSync(u.path, { force: true });
    this.uploads.delete(uploadId);
  }

  private remember(job: Job): void {
    this.jobs.set(job.jobId, job);
    while (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
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
    const id = a.number || a.name;
    const first = earlier.find((f) => f.broker === view.broker && f.accounts.some((b) => !b.match && (b.number || b.name) === id));
    if (first) a.sameAsIn = first.file;
  }
}

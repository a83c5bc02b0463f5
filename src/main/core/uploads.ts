// Files arriving in chunks from a door (broker files for an import, Keel datasets for a restore), written to a
// private folder as they come and never held whole. Each running Keel (app, web door, CLI) has its own
// tmp/<folder>/session-<pid>-… folder, so one never deletes another's uploads; the pid lets the next start remove
// the folder once this process is gone (db/temp-files.ts), and folders a crash left behind are removed here once
// they are a day old.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from './errors.ts';

export interface Upload {
  id: string;
  /** The name the user's file had (its base name only). */
  name: string;
  /** The private copy. */
  file: string;
  /** The size the door declared. */
  size: number;
  /** The most bytes the upload may grow to (the declared size times the text growth). */
  most: number;
  received: number;
}

/** The encodings the page decodes broker files from (it sends the text, stored here as UTF-8). */
export type UploadEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * How much a file's text can grow when stored as UTF-8, by the encoding it was decoded from: UTF-8 not at all;
 * a UTF-16 code unit (2 bytes) becomes at most 3 bytes; one Windows-1252 byte (€, “) at most 3 bytes. More text
 * than that was never the declared file.
 */
const TEXT_GROWTH: Record<UploadEncoding, number> = { 'utf-8': 1, 'utf-16le': 1.5, 'utf-16be': 1.5, 'windows-1252': 3 };

const STALE_MS = 24 * 60 * 60 * 1000;

export interface UploadStoreOptions {
  /** The folder under tmp/ ('uploads', 'datasets'). */
  folder: string;
  /** How chunks arrive: decoded text (stored as UTF-8) or base64 of the file's bytes. */
  chunks: 'text' | 'base64';
  /** What an unknown id is called in the NOT_FOUND message ("upload", "dataset upload"). */
  what: string;
}

export class UploadStore {
  private readonly uploads = new Map<string, Upload>();
  private dir: string | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly options: UploadStoreOptions,
  ) {}

  /** A text upload declared in another encoding may grow by that encoding's factor (base64 uploads never do). */
  start(name: string, size: number, encoding: UploadEncoding = 'utf-8'): { uploadId: string } {
    const dir = this.folder();
    const id = randomBytes(12).toString('base64url');
    const file = path.join(dir, id);
    fs.writeFileSync(file, new Uint8Array(0), { mode: 0o600 });
    const growth = this.options.chunks === 'text' ? TEXT_GROWTH[encoding] : 1;
    this.uploads.set(id, { id, name: path.basename(name), file, size, most: Math.floor(size * growth), received: 0 });
    return { uploadId: id };
  }

  /** Appends a chunk; one that takes the upload past its limit discards the whole upload (VALIDATION). */
  append(uploadId: string, chunk: string): { received: number } {
    const u = this.get(uploadId);
    const bytes = this.options.chunks === 'base64' ? Buffer.from(chunk, 'base64') : Buffer.from(chunk, 'utf8');
    const received = u.received + bytes.length;
    if (received > u.most) {
      this.discard(uploadId);
      throw this.options.chunks === 'text'
        ? new CoreError(
            'VALIDATION',
            `${u.name}: more text arrived (${received} bytes) than a file of ${u.size} byte${u.size === 1 ? '' : 's'} can hold (at most ${u.most} once decoded); the upload was discarded.`,
            { file: u.name, declared: u.size, received },
          )
        : new CoreError('VALIDATION', `${u.name}: more bytes arrived than the ${u.size} announced; the upload was discarded.`, { file: u.name });
    }
    fs.appendFileSync(u.file, bytes);
    u.received = received;
    return { received };
  }

  /** The upload, or undefined when the id is unknown (used, discarded or from another run). */
  find(uploadId: string): Upload | undefined {
    return this.uploads.get(uploadId);
  }

  get(uploadId: string): Upload {
    const u = this.uploads.get(uploadId);
    if (!u) throw new CoreError('NOT_FOUND', `No ${this.options.what} ${uploadId} (it may have been used or expired).`);
    return u;
  }

  /** A byte upload that has all its declared bytes; VALIDATION while some are missing. */
  complete(uploadId: string): Upload {
    const u = this.get(uploadId);
    if (u.received !== u.size) {
      throw new CoreError('VALIDATION', `${u.name}: only ${u.received} of ${u.size} bytes arrived; send the rest first.`, { file: u.name });
    }
    return u;
  }

  discard(uploadId: string): void {
    const u = this.uploads.get(uploadId);
    if (!u) return;
    fs.rmSync(u.file, { force: true });
    this.uploads.delete(uploadId);
  }

  dispose(): void {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.uploads.clear();
  }

  /** This run's folder, made on the first upload (after removing day-old folders a crash left behind). */
  private folder(): string {
    if (this.dir) {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      return this.dir;
    }
    const root = path.join(this.dataDir, 'tmp', this.options.folder);
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    for (const entry of fs.readdirSync(root)) {
      const stale = path.join(root, entry);
      if (Date.now() - fs.statSync(stale).mtimeMs > STALE_MS) fs.rmSync(stale, { recursive: true, force: true });
    }
    this.dir = fs.mkdtempSync(path.join(root, `session-${process.pid}-`));
    return this.dir;
  }
}

/** Broker files for an import: text the page decoded, stored as UTF-8. */
export const importUploads = (dataDir: string): UploadStore => new UploadStore(dataDir, { folder: 'uploads', chunks: 'text', what: 'upload' });

/** Keel dataset files for a restore: their bytes in base64. */
export const datasetUploads = (dataDir: string): UploadStore =>
  new UploadStore(dataDir, { folder: 'datasets', chunks: 'base64', what: 'dataset upload' });

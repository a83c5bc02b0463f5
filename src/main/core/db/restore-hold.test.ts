// Issue 12 item 3 and the last part of item 9 (criteria 23, 27), in one process:
// - while a restore runs, keel.db is held exclusively from the "nobody else has it open" check through the swap;
// - a connection that opened the file a restore then moved aside cannot write into it (CONFLICT, nothing written);
// - every refusal comes before the pre-restore backup: a refused restore or dataset import writes no backup.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeelError, Result } from '../../../shared/contract.ts';
import { sha256File, tempDir } from '../../../../tests/support/tmp.ts';
import { runCli } from '../../../../tests/support/run-cli.ts';
import { CoreError } from '../errors.ts';
import { openCore, type Core } from '../index.ts';
import { backupsDir, databasePath } from '../paths.ts';
import { backupNow, listBackups } from './backup.ts';
import { writeDataset } from './dataset.ts';
import { beginWriteSync, connect } from './lock.ts';
import { openDatabase, type Db } from './open.ts';
import { restoreBackup } from './restore.ts';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

function err<T>(r: Result<T>): KeelError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return 'no error';
}

/** A data folder with a keel.db holding setting a=`value`, a manual backup of it, and a dataset file of it. */
function folder(value: string): { dir: string; backup: string; dataset: string } {
  const dir = tempDir();
  const { db } = openDatabase({ dataDir: dir });
  db.prepare("INSERT INTO settings (key, value) VALUES ('a', ?)").run(value);
  const backup = backupNow(db, dir, { kind: 'manual', now: new Date('2026-01-01T00:00:00Z') }).file;
  const dataset = writeDataset(db, path.join(tempDir(), `${value}.keel`)).file;
  db.close();
  return { dir, backup, dataset };
}

const settingA = (file: string): unknown => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT value FROM settings WHERE key = 'a'").get() as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
};

const preRestore = (dir: string) => listBackups(dir).filter((b) => b.kind === 'pre-restore').map((b) => b.name);

/** Another Keel with the database open (a WAL connection, as every Keel keeps). */
function otherKeel(dir: string): Db {
  const { db } = openDatabase({ dataDir: dir });
  open.push(db);
  return db;
}

describe('a restore holds keel.db from its check through the swap', () => {
  it('meanwhile no other connection can read or write it; the pre-restore backup is taken then, through the hold', () => {
    const source = folder('from backup');
    const live = folder('live');
    const file = databasePath(live.dir);
    const seen: Record<string, string | string[]> = {};
    restoreBackup(live.dir, source.backup, {
      safetyBackup: true,
      whileHeld: () => {
        const other = new Database(file, { timeout: 0 });
        seen.read = codeOf(() => other.pragma('user_version', { simple: true }));
        seen.write = codeOf(() => other.exec("INSERT INTO settings (key, value) VALUES ('late', 'write')"));
        other.close();
        seen.backups = preRestore(live.dir);
      },
    });
    expect(seen).toEqual({ read: 'SQLITE_BUSY', write: 'SQLITE_BUSY', backups: [expect.stringMatching(/^keel-\d{8}-\d{6}-pre-restore\.db$/)] });
    expect(settingA(file)).toBe('from backup');
    expect(settingA(listBackups(live.dir).find((b) => b.kind === 'pre-restore')?.file as string)).toBe('live');
  });

  it('a connection whose file was replaced meanwhile writes nothing: CONFLICT when it takes the write lock', () => {
    const live = folder('live');
    const file = databasePath(live.dir);
    const late = connect(file);
    open.push(late);
    // What a restore does while this connection waits: the file at the path becomes another one.
    const other = folder('restored');
    fs.linkSync(file, `${file}.replaced-test`);
    fs.renameSync(databasePath(other.dir), file);
    let error: unknown;
    try {
      beginWriteSync(late);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('CONFLICT');
    expect((error as CoreError).message).toBe(`${file} was replaced by a restore while this waited; nothing was written — run it again.`);
    expect(late.inTransaction).toBe(false);
  });
});

describe('refusals come before the pre-restore backup (item 9)', () => {
  it('keel import-dataset refused because another Keel has the database open: CONFLICT, no backup written, nothing changed', async () => {
    const live = folder('live');
    const incoming = folder('incoming');
    fs.rmSync(backupsDir(live.dir), { recursive: true, force: true });
    otherKeel(live.dir);
    const before = sha256File(databasePath(live.dir));
    const r = await runCli(['--data-dir', live.dir, 'import-dataset', incoming.dataset]);
    expect(fs.existsSync(backupsDir(live.dir)) ? fs.readdirSync(backupsDir(live.dir)) : []).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^keel: CONFLICT: .*is open in another Keel window, web door or command; close it and restore again\. Nothing was changed\.$/);
    expect(sha256File(databasePath(live.dir))).toBe(before);
  });

  async function uploadDataset(core: Core, file: string): Promise<string> {
    const bytes = fs.readFileSync(file);
    const started = await core.api.startDatasetUpload({ name: path.basename(file), size: bytes.length });
    if (!started.ok) throw new Error(started.error.message);
    const appended = await core.api.appendDatasetUpload({ uploadId: started.value.uploadId, chunk: bytes.toString('base64') });
    if (!appended.ok) throw new Error(appended.error.message);
    return started.value.uploadId;
  }

  it('in the app: a refused dataset import and a refused restore write no backup, and the app carries on with its data', async () => {
    const live = folder('live');
    const incoming = folder('incoming');
    const core = openCore({ dataDir: live.dir, door: 'web', dailyBackup: false });
    open.push(core);
    otherKeel(live.dir); // e.g. a `keel serve` on the same folder
    const before = listBackups(live.dir).map((b) => b.name);

    const refusedImport = err(await core.api.importDataset({ uploadId: await uploadDataset(core, incoming.dataset) }));
    expect(refusedImport.code).toBe('CONFLICT');
    const refusedRestore = err(await core.api.restoreBackup({ name: path.basename(live.backup) }));
    expect(refusedRestore.code).toBe('CONFLICT');

    expect(listBackups(live.dir).map((b) => b.name)).toEqual(before);
    expect(preRestore(live.dir)).toEqual([]);
    // The previous database was reopened unchanged: the app still reads and writes it.
    expect((await core.api.setFxRate({ currency: 'EUR', rate: '1.1' })).ok).toBe(true);
    expect(settingA(databasePath(live.dir))).toBe('live');
  });
});

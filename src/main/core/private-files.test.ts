// Issue 12 item 5: the data folder is 0700 and every file Keel writes in it 0600 (POSIX), also when Keel finds an
// existing folder an earlier version made 0755 / 0644.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/contract.ts';
import { tempDir } from '../../../tests/support/tmp.ts';
import { openCore, type Core } from './index.ts';
import { backupsDir, databasePath } from './paths.ts';
import { runCli as run } from '../../../tests/support/run-cli.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../../tests/fixtures/brokers/schwab/Individual-Positions-2026-07-16.csv');

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

/** Every folder and file under `dir` (itself included) with its permission bits, as "0700 path"; symlinks as "link path". */
function modes(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) {
      out.push(`link ${path.relative(dir, p)}`);
      return;
    }
    out.push(`${(st.mode & 0o777).toString(8).padStart(4, '0')} ${path.relative(dir, p) || '.'}`);
    if (st.isDirectory()) for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
  };
  walk(dir);
  return out;
}

const notPrivate = (list: string[]) => list.filter((l) => !/^(0700|0600) /.test(l));

describe.skipIf(process.platform === 'win32')('private files', () => {
  it('a fresh data folder: after an import, backups, an export, uploads, a restore and a dataset import every folder is 0700 and every file 0600', async () => {
    const dir = path.join(tempDir(), 'Keel'); // Keel creates it
    expect((await run(['--data-dir', dir, 'import', FIXTURE])).code).toBe(0);
    expect((await run(['--data-dir', dir, 'backup'])).code).toBe(0);

    const core = openCore({ dataDir: dir, door: 'web' });
    cores.push(core);
    const manual = ok(await core.api.backupNow({}));
    const exported = ok(await core.api.exportDataset({}));
    // A dataset upload still in progress, so its temporary file exists during the walk.
    const partial = ok(await core.api.startDatasetUpload({ name: 'later.keel', size: 10 }));
    ok(await core.api.appendDatasetUpload({ uploadId: partial.uploadId, chunk: Buffer.from('SQLite').toString('base64') }));
    ok(await core.api.restoreBackup({ name: manual.name }));
    const bytes = fs.readFileSync(exported.file);
    const { uploadId } = ok(await core.api.startDatasetUpload({ name: exported.name, size: bytes.length }));
    ok(await core.api.appendDatasetUpload({ uploadId, chunk: bytes.toString('base64') }));
    ok(await core.api.importDataset({ uploadId }));
    // A CSV upload in progress too (after the restores: reopening the database ends the import uploads of before).
    const csv = ok(await core.api.startImportUpload({ name: 'Positions.csv', size: 10 }));
    ok(await core.api.appendImportUpload({ uploadId: csv.uploadId, chunk: 'Symbol,Qty' }));
    ok(await core.api.setFxRate({ currency: 'EUR', rate: '1.08' })); // a write: keel.db-wal and -shm exist now

    const all = modes(dir);
    expect(all).toEqual(expect.arrayContaining(['0700 .', '0600 keel.db', '0600 keel.db-wal', '0600 keel.db-shm', '0700 backups', '0700 exports', '0700 tmp']));
    expect(all.some((l) => / keel\.db\.replaced-/.test(l))).toBe(true);
    expect(all.some((l) => /backups\/keel-.*-pre-restore\.db$/.test(l))).toBe(true);
    expect(all.some((l) => /^0600 tmp\/uploads\/session-[^/]+\/[^/]+$/.test(l))).toBe(true);
    expect(all.some((l) => /^0600 tmp\/datasets\/session-[^/]+\/[^/]+$/.test(l))).toBe(true);
    expect(notPrivate(all)).toEqual([]);
  });

  it('an existing folder made 0755 with 0644 files is made private at start; other things in it and symlink targets are left alone', async () => {
    const dir = tempDir();
    await run(['--data-dir', dir, 'summary']);
    await run(['--data-dir', dir, 'backup']);
    const core = openCore({ dataDir: dir, door: 'web' });
    ok(await core.api.exportDataset({}));
    core.close();
    const session = path.join(dir, 'tmp', 'uploads', 'session-old');
    fs.mkdirSync(session, { recursive: true });
    fs.writeFileSync(path.join(session, 'upload'), 'Symbol,Qty\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const outside = path.join(tempDir(), 'elsewhere.txt');
    fs.writeFileSync(outside, 'not Keel');
    fs.chmodSync(outside, 0o644);
    fs.symlinkSync(outside, path.join(backupsDir(dir), 'link.db'));
    // As an earlier Keel left it: folders 0755, files 0644.
    const loosen = (p: string) => {
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) return;
      fs.chmodSync(p, st.isDirectory() ? 0o755 : 0o644);
      if (st.isDirectory()) for (const name of fs.readdirSync(p)) loosen(path.join(p, name));
    };
    loosen(dir);
    expect(notPrivate(modes(dir)).length).toBeGreaterThan(5);

    cores.push(openCore({ dataDir: dir, door: 'web', dailyBackup: false }));
    const after = modes(dir);
    expect(notPrivate(after).sort()).toEqual(['0644 notes.txt', 'link backups/link.db']);
    expect(after).toEqual(expect.arrayContaining(['0700 .', '0600 keel.db', '0700 tmp/uploads/session-old', '0600 tmp/uploads/session-old/upload']));
    expect(fs.statSync(outside).mode & 0o777).toBe(0o644);
    expect(fs.statSync(databasePath(dir)).mode & 0o777).toBe(0o600);
  });
});

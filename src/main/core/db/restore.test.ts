import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sha256File, tempDir } from '../../../../tests/support/tmp.ts';
import { errorOf } from '../../../../tests/support/core.ts';
import { databasePath } from '../paths.ts';
import { backupNow } from './backup.ts';
import { LATEST_SCHEMA_VERSION, migrations } from './migrations.ts';
import { openDatabase } from './open.ts';
import { newestGoodBackup, restoreBackup } from './restore.ts';

const settings = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT key, value FROM settings ORDER BY key').all();
  } finally {
    db.close();
  }
};

describe('restoreBackup', () => {
  it('round trip: the data comes back, the replaced database is kept beside, no temp files remain', () => {
    const dir = tempDir();
    const { db } = openDatabase({ dataDir: dir });
    db.prepare("INSERT INTO settings (key, value) VALUES ('a', '1')").run();
    const backup = backupNow(db, dir, { kind: 'manual', now: new Date('2026-01-01T00:00:00Z') });
    const atBackup = settings(backup.file);
    db.prepare("UPDATE settings SET value = '2' WHERE key = 'a'").run();
    db.prepare("INSERT INTO settings (key, value) VALUES ('b', 'later')").run();
    db.close();
    const current = settings(databasePath(dir));

    const r = restoreBackup(dir, backup.file, { now: new Date('2026-01-02T03:04:05Z') });
    expect(r.replaced).toBe(path.join(dir, 'keel.db.replaced-20260102-030405'));
    expect(r.fromVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(settings(databasePath(dir))).toEqual(atBackup);
    expect(settings(r.replaced as string)).toEqual(current);
    // (keel.db-wal/-shm may linger from this test's read-only connections.)
    expect(fs.readdirSync(dir).filter((f) => !/^keel\.db-(wal|shm)$/.test(f)).sort()).toEqual(['backups', 'keel.db', 'keel.db.replaced-20260102-030405']);
    const reopened = openDatabase({ dataDir: dir });
    expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.db.close();
  });

  it('refuses while another connection has keel.db open, changing nothing', () => {
    const dir = tempDir();
    const { db } = openDatabase({ dataDir: dir });
    const backup = backupNow(db, dir, { kind: 'manual' });
    db.prepare("INSERT INTO settings (key, value) VALUES ('a', '1')").run();
    const e = errorOf(() => restoreBackup(dir, backup.file));
    expect(e.code).toBe('CONFLICT');
    expect(db.prepare("SELECT value FROM settings WHERE key = 'a'").pluck().get()).toBe('1');
    expect(fs.readdirSync(dir).filter((f) => f.includes('replaced') || f.includes('tmp'))).toEqual([]);
    db.close();
  });

  it('refuses a backup from a newer Keel (DB_TOO_NEW), leaving both files unchanged', () => {
    const dir = tempDir();
    const { db } = openDatabase({ dataDir: dir });
    const backup = backupNow(db, dir, { kind: 'manual' });
    db.close();
    const b = new Database(backup.file);
    b.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    b.close();
    const before = [sha256File(backup.file), sha256File(databasePath(dir))];
    expect(errorOf(() => restoreBackup(dir, backup.file)).code).toBe('DB_TOO_NEW');
    expect([sha256File(backup.file), sha256File(databasePath(dir))]).toEqual(before);
    expect(newestGoodBackup(dir)).toBeNull();
  });

  it('refuses damaged and non-Keel files', () => {
    const dir = tempDir();
    const { db } = openDatabase({ dataDir: dir });
    db.close();
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'hello, not a database');
    expect(errorOf(() => restoreBackup(dir, junk)).code).toBe('DB_CORRUPT');
    const foreign = path.join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE x (a)');
    f.close();
    expect(errorOf(() => restoreBackup(dir, foreign)).code).toBe('DB_CORRUPT');
    expect(errorOf(() => restoreBackup(dir, path.join(dir, 'none.db'))).code).toBe('NOT_FOUND');
    expect(errorOf(() => restoreBackup(dir, databasePath(dir))).code).toBe('VALIDATION');
  });

  it('an older backup is migrated on restore; a corrupt keel.db is moved aside untouched', () => {
    const dir = tempDir();
    const old = openDatabase({ dataDir: dir, migrations: migrations.slice(0, 1) });
    old.db.prepare("INSERT INTO settings (key, value) VALUES ('old', 'yes')").run();
    const backup = backupNow(old.db, dir, { kind: 'manual' });
    old.db.close();
    fs.writeFileSync(databasePath(dir), 'garbage garbage garbage');
    fs.writeFileSync(databasePath(dir) + '-wal', 'wal garbage');
    const damaged = sha256File(databasePath(dir));
    const r = restoreBackup(dir, backup.file, { now: new Date('2026-05-05T05:05:05Z') });
    expect(r.fromVersion).toBe(1);
    expect(r.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(sha256File(r.replaced as string)).toBe(damaged);
    expect(fs.readFileSync((r.replaced as string) + '-wal', 'utf8')).toBe('wal garbage');
    const db = openDatabase({ dataDir: dir }).db;
    expect(db.prepare("SELECT value FROM settings WHERE key = 'old'").pluck().get()).toBe('yes');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
    expect(newestGoodBackup(dir)?.file).toBeDefined();
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sha256File, tempDir } from '../../../../tests/support/tmp.ts';
import { databasePath } from '../paths.ts';
import { checkDatabase } from './health.ts';
import { LATEST_SCHEMA_VERSION } from './migrations.ts';
import { openDatabase } from './open.ts';

function keelDb(): { dir: string; file: string } {
  const dir = tempDir();
  const { db } = openDatabase({ dataDir: dir });
  const ins = db.prepare("INSERT INTO settings (key, value) VALUES (?, ?)");
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) ins.run(`k${i}`, 'v'.repeat(200));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { dir, file: databasePath(dir) };
}

describe('checkDatabase', () => {
  it('ok, missing, empty', () => {
    const { dir, file } = keelDb();
    expect(checkDatabase(file)).toMatchObject({ state: 'ok', version: LATEST_SCHEMA_VERSION });
    expect(checkDatabase(path.join(dir, 'nope.db')).state).toBe('missing');
    fs.writeFileSync(path.join(dir, 'empty.db'), '');
    expect(checkDatabase(path.join(dir, 'empty.db')).state).toBe('truncated');
  });

  it('a truncated file is "truncated" and left byte-identical', () => {
    const { file } = keelDb();
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 2 / 4096) * 4096 + 100);
    const before = sha256File(file);
    const h = checkDatabase(file);
    expect(h.state).toBe('truncated');
    expect(sha256File(file)).toBe(before);
    // Cut on a page boundary: the header's page count still tells.
    fs.truncateSync(file, 4096 * 3);
    const before2 = sha256File(file);
    expect(checkDatabase(file).state).toBe('truncated');
    expect(sha256File(file)).toBe(before2);
    // Cut inside the header.
    fs.truncateSync(file, 40);
    expect(checkDatabase(file).state).toBe('truncated');
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith('keel.db'))).toEqual(['keel.db']);
  });

  it('random bytes are "not-sqlite"; random bytes behind a valid header are "corrupt"; both left byte-identical', () => {
    const { dir, file } = keelDb();
    const random = path.join(dir, 'random.db');
    fs.writeFileSync(random, crypto.randomBytes(64 * 1024));
    const before = sha256File(random);
    expect(checkDatabase(random).state).toBe('not-sqlite');
    expect(sha256File(random)).toBe(before);

    // Overwrite pages after the first with garbage: header intact, b-trees damaged.
    const buf = fs.readFileSync(file);
    crypto.randomFillSync(buf, 4096, buf.length - 4096);
    fs.writeFileSync(file, buf);
    const before2 = sha256File(file);
    const h = checkDatabase(file);
    expect(h.state).toBe('corrupt');
    expect(sha256File(file)).toBe(before2);
  });

  it('a newer schema is "too-new" (header, without opening), a foreign SQLite database is "corrupt"', () => {
    const { dir, file } = keelDb();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const before = sha256File(file);
    expect(checkDatabase(file)).toMatchObject({ state: 'too-new', version: LATEST_SCHEMA_VERSION + 1 });
    expect(sha256File(file)).toBe(before);

    const foreign = path.join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE x (a)');
    f.pragma('user_version = 1');
    f.close();
    expect(checkDatabase(foreign)).toMatchObject({ state: 'corrupt' });
    expect(checkDatabase(foreign).detail).toMatch(/missing table/);
  });

  it('sees data still in the WAL of a live database', () => {
    const dir = tempDir();
    const { db } = openDatabase({ dataDir: dir });
    db.prepare("INSERT INTO settings (key, value) VALUES ('a', 'b')").run();
    expect(fs.existsSync(databasePath(dir) + '-wal')).toBe(true);
    expect(checkDatabase(databasePath(dir)).state).toBe('ok');
    db.close();
  });

  it('a crash during a checkpoint (header counts pages the file does not hold yet, the WAL does) is not "truncated"', () => {
    const dir = tempDir();
    const { db } = openDatabase({ dataDir: dir });
    db.pragma('wal_autocheckpoint = 0');
    const ins = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) ins.run(`k${i}`, 'v'.repeat(200));
    })();
    const file = databasePath(dir);
    // The grown database is in the WAL; the file is still small. Write the WAL's page count into the file's
    // header, as a checkpoint that wrote page 1 and was killed before the rest would leave it.
    const pages = db.pragma('page_count', { simple: true }) as number;
    const size = fs.statSync(file).size;
    const header = Buffer.alloc(100);
    const fd = fs.openSync(file, 'r+');
    try {
      fs.readSync(fd, header, 0, 100, 0);
      expect(size).toBeLessThan(pages * header.readUInt16BE(16));
      header.writeUInt32BE(pages, 28);
      header.writeUInt32BE(header.readUInt32BE(24), 92);
      fs.writeSync(fd, header, 0, 100, 0);
    } finally {
      fs.closeSync(fd);
    }
    expect(fs.statSync(file + '-wal').size).toBeGreaterThan(0);
    expect(checkDatabase(file).state).toBe('ok');
    db.close();
  });
});

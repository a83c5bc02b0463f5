// Issue 12 item 1: a dataset or backup file is untrusted input. Nothing in it that Keel's migrations did not create
// (a trigger, view, index, table or column) reaches keel.db: such a file is refused by name through every door
// (keel import-dataset, keel restore, the core's importDataset), and even a file the comparison let through would
// be rebuilt into Keel's own schema (rebuild.ts). A clean file still round-trips with every row identical.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract.ts';
import { sha256File, tempDir } from '../../../../tests/support/tmp.ts';
import { openCore, type Core } from '../index.ts';
import { databasePath } from '../paths.ts';
import { writeDataset } from './dataset.ts';
import { LATEST_SCHEMA_VERSION } from './migrations.ts';
import { openDatabase } from './open.ts';
import { rebuildDatabase } from './rebuild.ts';
import { keelSchema, schemaDifferences } from './schema.ts';
import { runCli as run } from '../../../../tests/support/run-cli.ts';

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

/** A data folder with the demo household plus history, lots, a plan, FX rates and an integer beyond 2^53. */
function householdDir(): string {
  const dir = tempDir();
  openCore({ dataDir: dir, door: 'cli', dailyBackup: false }).close(); // seeds the demo household
  const { db } = openDatabase({ dataDir: dir });
  try {
    db.exec(`
      INSERT INTO import_batches (id, file_name, sha256, broker, layout, kind, as_of, counts, warnings, imported_at)
        VALUES (900, 'History.csv', 'abc', 'schwab', 'history', 'transactions', NULL, '{}', '[]', '2026-07-01T00:00:00Z');
      INSERT INTO transactions (account_id, batch_id, date, type, raw_action, symbol, description, quantity_micro, price_micro,
                                amount_micro, fees_micro, currency, source_line)
        SELECT id, 900, '2026-03-02', 'buy', 'Buy', 'VTI', 'VANGUARD TOTAL', 12000000, 250125000, -3001500000, 0, 'USD', 7 FROM accounts;
      INSERT INTO lots (account_id, security_id, batch_id, acquired, quantity_micro, cost_basis_micro, source_line)
        SELECT (SELECT min(id) FROM accounts), p.security_id, 900, '2024-01-02', 9007199254740993, 123456789, 3 FROM positions p LIMIT 1;
      INSERT INTO fx_rates (currency, rate, as_of, source) VALUES ('EUR', '1.0834', '2026-07-01', 'user');
      INSERT INTO plans (created_at, name, status, mode, currency, request, input, result)
        VALUES ('2026-07-02T00:00:00Z', 'June', 'saved', 'full', 'USD', '{"mode":"full"}', '{}', '{"plan":{"trades":[]}}');
    `);
  } finally {
    db.close();
  }
  return dir;
}

/** A clean .keel file of householdDir(), made the way keel export makes it. */
function cleanDataset(): { source: string; file: string } {
  const source = householdDir();
  const { db } = openDatabase({ dataDir: source });
  try {
    const file = path.join(tempDir(), 'dataset.keel');
    writeDataset(db, file);
    return { source, file };
  } finally {
    db.close();
  }
}

/** A copy of a clean dataset with `sql` run in it (its header keeps Keel's application id and user_version). */
function tampered(sql: string, name = 'dataset.keel'): string {
  const { file } = cleanDataset();
  const out = path.join(tempDir(), name);
  fs.copyFileSync(file, out);
  const db = new Database(out);
  try {
    db.unsafeMode(true); // lets a test write sqlite_master directly, as anyone crafting a file can
    db.exec(sql);
  } finally {
    db.close();
  }
  return out;
}

const TRIGGER = 'CREATE TRIGGER x AFTER INSERT ON import_batches BEGIN UPDATE positions SET quantity_micro = quantity_micro * 2; END';

/** The extra objects, each with what the refusal must say. */
const FOREIGN: [what: string, sql: string, says: RegExp][] = [
  ['a trigger', TRIGGER, /it contains a trigger "x" on import_batches that Keel does not create/],
  ['a view', 'CREATE VIEW v AS SELECT * FROM positions', /it contains a view "v" that Keel does not create/],
  ['an index', 'CREATE INDEX i ON positions(price_micro)', /it contains an index "i" on positions that Keel does not create/],
  ['a table', 'CREATE TABLE extra (a TEXT)', /it contains a table "extra" that Keel does not create/],
  ['a column', 'ALTER TABLE positions ADD COLUMN note TEXT', /table positions has columns \(id, .*, source_line, note\) where Keel has \(id, .*, source_line\)/],
  ['a renamed column', 'ALTER TABLE lots RENAME COLUMN acquired TO bought', /table lots has columns \(id, account_id, security_id, batch_id, bought, .*\) where Keel has \(id, account_id, security_id, batch_id, acquired, /],
  [
    'a constraint removed',
    "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, ' CHECK (is_cash IN (0, 1))', '') WHERE name = 'positions'",
    /table positions is declared differently from Keel's: "….*DEFAULT 0, source_line INTEGER\) STRICT" where Keel has "….*DEFAULT 0 CHECK \(is_cash IN \(0, 1\)\), source_line …"/,
  ],
  ['an index changed', 'DROP INDEX lots_by_batch; CREATE INDEX lots_by_batch ON lots(batch_id, quantity_micro)', /an index "lots_by_batch" on lots is defined differently from Keel's: "…lots_by_batch ON lots\(batch_id, quantity_micro\)" where Keel has "…lots_by_batch ON lots\(batch_id\)"/],
];

/** Every Keel table's rows, in rowid order, integers exact. */
function allRows(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of keelSchema(LATEST_SCHEMA_VERSION).columns.keys()) {
      out[table] = db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).safeIntegers(true).all();
    }
    return out;
  } finally {
    db.close();
  }
}

describe('keel import-dataset and keel restore refuse a file with anything Keel does not create', () => {
  it.each(FOREIGN)('%s: refused by import-dataset, naming it; keel.db unchanged', async (_what, sql, says) => {
    const file = tampered(sql);
    const dir = householdDir();
    const before = sha256File(databasePath(dir));
    const r = await run(['--data-dir', dir, 'import-dataset', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/DB_CORRUPT: dataset\.keel is not a Keel dataset as this version writes it: /);
    expect(r.err).toMatch(says);
    expect(sha256File(databasePath(dir))).toBe(before);
  });

  it('the trigger file through keel restore: refused naming the trigger, keel.db unchanged', async () => {
    const file = tampered(TRIGGER, 'backup.db');
    const dir = householdDir();
    const before = sha256File(databasePath(dir));
    const r = await run(['--data-dir', dir, 'restore', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file} is not a Keel database as this version writes it: it contains a trigger "x" on import_batches that Keel does not create`);
    expect(sha256File(databasePath(dir))).toBe(before);
  });

  it("the trigger file through the core's importDataset: DB_CORRUPT naming the file the user chose and the trigger; the data unchanged", async () => {
    const file = tampered(TRIGGER, 'from-mail.keel');
    const dir = householdDir();
    const core = openCore({ dataDir: dir, door: 'web', dailyBackup: false });
    cores.push(core);
    const holdings = async () => JSON.stringify((await core.api.getHouseholdSummary({})) as Result<unknown>);
    const before = await holdings();
    const bytes = fs.readFileSync(file);
    const started = await core.api.startDatasetUpload({ name: 'from-mail.keel', size: bytes.length });
    if (!started.ok) throw new Error(started.error.message);
    const { uploadId } = started.value;
    for (let at = 0; at < bytes.length; at += 48 * 1024) {
      const r = await core.api.appendDatasetUpload({ uploadId, chunk: bytes.subarray(at, at + 48 * 1024).toString('base64') });
      if (!r.ok) throw new Error(r.error.message);
    }
    const r = await core.api.importDataset({ uploadId });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('DB_CORRUPT');
    expect(r.error.message).toBe(
      'from-mail.keel is not a Keel dataset as this version writes it: it contains a trigger "x" on import_batches that Keel does not create',
    );
    expect(await holdings()).toBe(before);
    expect((core.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type IN ('trigger', 'view')").get() as { n: number }).n).toBe(0);
  });

  it('a clean dataset still round-trips: every row of every table identical (positions, lots, history, plans, …), the schema exactly Keel\'s', async () => {
    const { source, file } = cleanDataset();
    const want = allRows(databasePath(source));
    expect(want.lots?.length).toBeGreaterThan(0);
    expect(want.transactions?.length).toBeGreaterThan(0);
    expect(want.plans?.length).toBeGreaterThan(0);
    expect(want.positions?.length).toBeGreaterThan(0);
    const dir = tempDir();
    await run(['--data-dir', dir, 'demo', '--clear']);
    const r = await run(['--data-dir', dir, 'import-dataset', file]);
    expect(r.code, r.err).toBe(0);
    expect(allRows(databasePath(dir))).toEqual(want);
    const db = new Database(databasePath(dir), { readonly: true });
    try {
      expect(schemaDifferences(db, LATEST_SCHEMA_VERSION)).toEqual([]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
    // And back through keel restore of a backup of it: the same rows again.
    const backup = path.join(tempDir(), 'b.db');
    expect((await run(['--data-dir', dir, 'backup', backup])).code).toBe(0);
    const other = tempDir();
    await run(['--data-dir', other, 'summary']);
    expect((await run(['--data-dir', other, 'restore', backup])).code).toBe(0);
    expect(allRows(databasePath(other))).toEqual(want);
  });
});

describe('rebuildDatabase (even if the comparison were skipped)', () => {
  it('a file with a trigger, a view, an index, a table and a column Keel does not create becomes exactly Keel\'s schema with the same rows', () => {
    const file = tampered(
      [
        TRIGGER,
        'CREATE VIEW v AS SELECT * FROM positions',
        'CREATE INDEX i ON positions(price_micro)',
        'CREATE TABLE extra (a TEXT)',
        "INSERT INTO extra VALUES ('x')",
        "ALTER TABLE positions ADD COLUMN note TEXT DEFAULT 'n'",
      ].join(';\n'),
    );
    const want = allRows(file);
    const out = path.join(tempDir(), 'rebuilt.db');
    const result = rebuildDatabase(file, out);
    expect(result.version).toBe(LATEST_SCHEMA_VERSION);
    const db = new Database(out, { readonly: true });
    try {
      expect(schemaDifferences(db, LATEST_SCHEMA_VERSION)).toEqual([]);
      expect(db.prepare("SELECT type, name FROM sqlite_master WHERE name IN ('x', 'v', 'i', 'extra')").all()).toEqual([]);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      db.close();
    }
    const got = allRows(out);
    // positions lost only the foreign column; every other table is identical.
    expect(got.positions).toEqual((want.positions as Record<string, unknown>[]).map(({ note: _note, ...rest }) => rest));
    expect({ ...got, positions: [] }).toEqual({ ...want, positions: [] });
    expect(fs.readdirSync(path.dirname(out))).toEqual(['rebuilt.db']); // its private snapshot of the source is gone
  });

  it('a view where Keel has a table is never queried: refused', () => {
    const file = tampered("ALTER TABLE fx_rates RENAME TO fx_old; CREATE VIEW fx_rates AS SELECT currency, rate, as_of, source FROM fx_old");
    const out = path.join(tempDir(), 'rebuilt.db');
    expect(() => rebuildDatabase(file, out, 'v.keel')).toThrow(/v\.keel cannot be restored: it has no table fx_rates; nothing was changed/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('rows that break Keel\'s constraints are refused, and nothing is left behind', () => {
    const file = tampered('PRAGMA foreign_keys = OFF; INSERT INTO lots (account_id, security_id, acquired, quantity_micro, cost_basis_micro) VALUES (424242, 1, \'2024-01-01\', 1, 1)');
    const out = path.join(tempDir(), 'rebuilt.db');
    expect(() => rebuildDatabase(file, out, 'o.keel')).toThrow(/o\.keel cannot be restored: a row of lots \(rowid \d+\) refers to a missing row of accounts/);
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  });
});

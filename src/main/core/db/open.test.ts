import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sha256File, tempDir } from '../../../../tests/support/tmp.ts';
import { errorOf } from '../../../../tests/support/core.ts';
import { databasePath } from '../paths.ts';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations.ts';
import { openDatabase, readHeaderUserVersion } from './open.ts';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

const v2: Migration = {
  version: 99,
  name: 'test: notes',
  up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT'),
};

describe('openDatabase', () => {
  it('creates a fresh database at the latest schema with WAL, synchronous=FULL and foreign keys', () => {
    const dir = tempDir();
    const opened = openDatabase({ dataDir: dir });
    const { db } = opened;
    expect(opened.created).toBe(true);
    expect(opened.backupPath).toBeNull();
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(tables(db)).toEqual([
      'account_menus', 'accounts', 'allocation_history', 'classification_overrides', 'column_maps', 'fx_rates', 'import_batches',
      'lots', 'model_preferred', 'model_targets', 'models', 'plans', 'positions', 'price_files', 'prices', 'securities', 'settings', 'signal_readings', 'signal_rules',
      'signal_series', 'sleeves', 'snapshots', 'trade_prices', 'transactions',
    ]);
    db.close();
    expect(readHeaderUserVersion(databasePath(dir))).toBe(LATEST_SCHEMA_VERSION);
  });

  it('reopening an up-to-date database runs no migration and takes no backup', () => {
    const dir = tempDir();
    openDatabase({ dataDir: dir }).db.close();
    const again = openDatabase({ dataDir: dir });
    expect(again.previousVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(again.backupPath).toBeNull();
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
    again.db.close();
  });

  it('refuses a database from a newer Keel and leaves the file byte-identical', () => {
    const dir = tempDir();
    const file = databasePath(dir);
    const newer = new Database(file);
    newer.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('from the future')");
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    newer.close();
    const before = sha256File(file);
    const listing = fs.readdirSync(dir).sort();

    const err = errorOf(() => openDatabase({ dataDir: dir }));
    expect(err.code).toBe('DB_TOO_NEW');
    expect(err.message).toContain('newer version of Keel');
    expect(err.details).toMatchObject({ found: LATEST_SCHEMA_VERSION + 5, latest: LATEST_SCHEMA_VERSION });
    expect(sha256File(file)).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(listing); // no -wal, -shm or backup created
  });

  it('backs up an existing database with the online backup before migrating, and the backup is sound', () => {
    const dir = tempDir();
    const first = openDatabase({ dataDir: dir, migrations: [migrations[0] as Migration] });
    first.db.prepare("INSERT INTO settings (key, value) VALUES ('baseCurrency', 'EUR')").run();
    first.db.close();

    const now = new Date('2026-11-29T10:11:12Z');
    const second = openDatabase({ dataDir: dir, migrations: [migrations[0] as Migration, v2], now: () => now });
    expect(second.previousVersion).toBe(1);
    expect(second.schemaVersion).toBe(99);
    expect(second.backupPath).toBe(path.join(dir, 'backups', 'keel-20261129-101112-before-migration-v1-to-v99.db'));
    expect(second.db.pragma('user_version', { simple: true })).toBe(99);
    expect(tables(second.db)).toContain('notes');
    second.db.close();

    const backup = new Database(second.backupPath as string, { readonly: true });
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(backup)).not.toContain('notes');
    expect(backup.prepare("SELECT value FROM settings WHERE key = 'baseCurrency'").get()).toEqual({ value: 'EUR' });
    backup.close();
  });

  it('migrates a v1 database with holdings to the latest schema, keeping its data', () => {
    const dir = tempDir();
    const first = openDatabase({ dataDir: dir, migrations: [migrations[0] as Migration] });
    first.db.exec(`
      INSERT INTO accounts (id, name, tax_treatment, created_at) VALUES (1, 'Roth', 'tax-free', 'x');
      INSERT INTO securities (id, symbol) VALUES (1, 'IWM');
      INSERT INTO snapshots (id, account_id, as_of, cash_micro, created_at) VALUES (1, 1, '2026-11-27', 5000000, 'x');
      INSERT INTO positions (snapshot_id, security_id, quantity_micro, price_micro, market_value_micro)
        VALUES (1, 1, 40000000, 248120000, 9924800000);`);
    first.db.close();
    const latest = openDatabase({ dataDir: dir });
    expect(latest.previousVersion).toBe(1);
    expect(latest.backupPath).not.toBeNull();
    expect(latest.db.prepare('SELECT market_value_micro AS v FROM positions').get()).toEqual({ v: 9924800000 });
    expect(latest.db.prepare('SELECT DISTINCT currency, is_cash FROM positions').all()).toEqual([{ currency: 'USD', is_cash: 0 }]);
    expect(latest.db.pragma('foreign_key_check')).toEqual([]);
    latest.db.close();
  });

  it('a failing migration rolls back whole: the database stays at the previous version', () => {
    const dir = tempDir();
    openDatabase({ dataDir: dir, migrations: [migrations[0] as Migration] }).db.close();
    const broken: Migration = {
      version: 2,
      name: 'test: fails halfway',
      up: (db) => {
        db.exec('CREATE TABLE half (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => openDatabase({ dataDir: dir, migrations: [migrations[0] as Migration, broken] })).toThrow('boom');
    const db = new Database(databasePath(dir), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).not.toContain('half');
    db.close();
  });

  it('refuses a file that is not a database and leaves it unchanged', () => {
    const dir = tempDir();
    const file = databasePath(dir);
    fs.writeFileSync(file, 'Symbol,Quantity\nIWM,10\n'.repeat(20));
    const before = sha256File(file);
    const err = errorOf(() => openDatabase({ dataDir: dir }));
    expect(err.code).toBe('DB_CORRUPT');
    expect(sha256File(file)).toBe(before);
  });
});

// Numbered migrations. Each runs in one transaction together with `PRAGMA user_version`, so a crash leaves
// the database at the previous version, never between two. Never edit a released migration: add one.
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'household: settings, accounts, securities, snapshots, positions',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE accounts (
          id            INTEGER PRIMARY KEY,
          name          TEXT NOT NULL,
          broker        TEXT NOT NULL DEFAULT '',
          number_masked TEXT NOT NULL DEFAULT '',
          tax_treatment TEXT NOT NULL
                        CHECK (tax_treatment IN ('taxable','tax-deferred','tax-free','hsa','other')),
          currency      TEXT NOT NULL DEFAULT 'USD',
          is_demo       INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
          created_at    TEXT NOT NULL
        ) STRICT;

        CREATE TABLE securities (
          id         INTEGER PRIMARY KEY,
          symbol     TEXT NOT NULL UNIQUE,
          name       TEXT NOT NULL DEFAULT '',
          asset_type TEXT NOT NULL DEFAULT 'other'
                     CHECK (asset_type IN ('stock','etf','mutual-fund','money-market','bond','option','other')),
          cusip      TEXT,
          isin       TEXT
        ) STRICT;

        -- What an account held as of a date. The newest snapshot of an account is its current holdings.
        CREATE TABLE snapshots (
          id         INTEGER PRIMARY KEY,
          account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          as_of      TEXT NOT NULL,
          cash_micro INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX snapshots_by_account ON snapshots(account_id, as_of);

        -- Decimals are INTEGER micro-units (× 10^6) so that SUM() is exact.
        CREATE TABLE positions (
          id                 INTEGER PRIMARY KEY,
          snapshot_id        INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
          security_id        INTEGER NOT NULL REFERENCES securities(id),
          quantity_micro     INTEGER NOT NULL,
          price_micro        INTEGER NOT NULL,
          price_date         TEXT,
          market_value_micro INTEGER NOT NULL,
          cost_basis_micro   INTEGER
        ) STRICT;
        CREATE INDEX positions_by_snapshot ON positions(snapshot_id);
        CREATE INDEX positions_by_security ON positions(security_id);
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

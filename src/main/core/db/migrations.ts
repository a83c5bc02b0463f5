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
  {
    version: 2,
    name: 'imports: batches, transactions, lots, FX rates, column maps; provenance on snapshots and positions',
    up(db) {
      db.exec(`
        -- One row per imported file. Deleting a batch (undo) cascades to everything it wrote.
        CREATE TABLE import_batches (
          id          INTEGER PRIMARY KEY,
          file_name   TEXT NOT NULL,
          sha256      TEXT NOT NULL UNIQUE,
          broker      TEXT NOT NULL,
          layout      TEXT NOT NULL,
          kind        TEXT NOT NULL CHECK (kind IN ('positions','transactions','lots')),
          as_of       TEXT,
          counts      TEXT NOT NULL,          -- JSON: accounts, positions, transactions, duplicates, lots
          warnings    TEXT NOT NULL,          -- JSON: [{ line, message }]
          imported_at TEXT NOT NULL
        ) STRICT;

        ALTER TABLE accounts ADD COLUMN created_by_batch INTEGER REFERENCES import_batches(id) ON DELETE SET NULL;

        ALTER TABLE snapshots ADD COLUMN batch_id INTEGER REFERENCES import_batches(id) ON DELETE CASCADE;
        ALTER TABLE snapshots ADD COLUMN file_total_micro INTEGER;
        CREATE INDEX snapshots_by_batch ON snapshots(batch_id);

        -- market_value_micro is in the position's own currency; account_value_micro in the account's
        -- (NULL when they are the same currency).
        ALTER TABLE positions ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';
        ALTER TABLE positions ADD COLUMN account_value_micro INTEGER;
        ALTER TABLE positions ADD COLUMN is_cash INTEGER NOT NULL DEFAULT 0 CHECK (is_cash IN (0, 1));
        ALTER TABLE positions ADD COLUMN source_line INTEGER;

        CREATE TABLE transactions (
          id             INTEGER PRIMARY KEY,
          account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          batch_id       INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
          date           TEXT NOT NULL,
          settle_date    TEXT,
          type           TEXT NOT NULL,
          raw_action     TEXT NOT NULL,
          symbol         TEXT,
          description    TEXT NOT NULL,
          quantity_micro INTEGER,
          price_micro    INTEGER,
          amount_micro   INTEGER,
          fees_micro     INTEGER,
          currency       TEXT NOT NULL,
          source_line    INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX transactions_by_account_date ON transactions(account_id, date);

        -- Tax lots as a lot-details file gives them; the newest batch per account and security is current.
        CREATE TABLE lots (
          id               INTEGER PRIMARY KEY,
          account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          security_id      INTEGER NOT NULL REFERENCES securities(id),
          batch_id         INTEGER REFERENCES import_batches(id) ON DELETE CASCADE,
          acquired         TEXT NOT NULL,
          quantity_micro   INTEGER NOT NULL,
          cost_basis_micro INTEGER NOT NULL,
          source_line      INTEGER
        ) STRICT;
        CREATE INDEX lots_by_account_security ON lots(account_id, security_id);
        CREATE INDEX lots_by_batch ON lots(batch_id);

        -- 1 unit of currency = rate units of the household's base currency.
        CREATE TABLE fx_rates (
          currency TEXT PRIMARY KEY,
          rate     TEXT NOT NULL,
          as_of    TEXT,
          source   TEXT NOT NULL
        ) STRICT;

        -- A user's column mapping for an unknown CSV layout, keyed by its header signature.
        CREATE TABLE column_maps (
          signature  TEXT PRIMARY KEY,
          map        TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

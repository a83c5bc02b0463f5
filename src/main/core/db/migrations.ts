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
  {
    version: 3,
    name: 'allocation: sleeves, classification overrides, target models, preferred buys, account menus, history',
    up(db) {
      db.exec(`
        -- key: the default sleeve this row is (reference data speaks these names), NULL for a sleeve the user added.
        CREATE TABLE sleeves (
          id       INTEGER PRIMARY KEY,
          key      TEXT UNIQUE,
          name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
          position INTEGER NOT NULL
        ) STRICT;
        INSERT INTO sleeves (key, name, position) VALUES
          ('Small-cap', 'Small-cap', 1), ('Cyclicals', 'Cyclicals', 2), ('Value', 'Value', 3),
          ('Large-cap growth', 'Large-cap growth', 4), ('International', 'International', 5),
          ('Bonds', 'Bonds', 6), ('Cash', 'Cash', 7), ('Other', 'Other', 8);

        -- The user's own classification of a symbol: weights in percent (decimal text) summing to 100.
        CREATE TABLE classification_overrides (
          symbol    TEXT NOT NULL,
          sleeve_id INTEGER NOT NULL REFERENCES sleeves(id) ON DELETE CASCADE,
          weight    TEXT NOT NULL,
          PRIMARY KEY (symbol, sleeve_id)
        ) STRICT;

        CREATE TABLE models (
          id         INTEGER PRIMARY KEY,
          name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
          band_rule  TEXT NOT NULL DEFAULT 'either' CHECK (band_rule IN ('either', 'wider')),
          is_active  INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
          preset     TEXT,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX models_one_active ON models(is_active) WHERE is_active = 1;

        -- Percentages as decimal text. A sleeve absent from a model has target 0.
        CREATE TABLE model_targets (
          model_id    INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
          sleeve_id   INTEGER NOT NULL REFERENCES sleeves(id) ON DELETE CASCADE,
          target_pct  TEXT NOT NULL,
          band_abs_pp TEXT NOT NULL DEFAULT '5',
          band_rel_pct TEXT NOT NULL DEFAULT '25',
          PRIMARY KEY (model_id, sleeve_id)
        ) STRICT;

        CREATE TABLE model_preferred (
          model_id  INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
          sleeve_id INTEGER NOT NULL REFERENCES sleeves(id) ON DELETE CASCADE,
          symbol    TEXT NOT NULL,
          position  INTEGER NOT NULL,
          PRIMARY KEY (model_id, sleeve_id, symbol)
        ) STRICT;

        -- What an account can buy (a 401(k) menu). No rows: anything.
        CREATE TABLE account_menus (
          account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
          symbol     TEXT NOT NULL,
          PRIMARY KEY (account_id, symbol)
        ) STRICT;

        -- The allocation as it stood after each import, for the drift-history chart.
        CREATE TABLE allocation_history (
          id         INTEGER PRIMARY KEY,
          taken_at   TEXT NOT NULL,
          batch_id   INTEGER REFERENCES import_batches(id) ON DELETE CASCADE,
          model_name TEXT,
          total      TEXT NOT NULL,
          sleeves    TEXT NOT NULL   -- JSON [{ sleeve, currentPct, targetPct, driftPp }]
        ) STRICT;
      `);
      // The presets. "2026 Rotation" fixes small-cap 30, cyclicals 20, value 20; the other 30 is the user's
      // to set (large-cap growth until they change it).
      const presets: [string, string, number, [string, string][]][] = [
        ['2026 Rotation', 'rotation-2026', 1, [['Small-cap', '30'], ['Cyclicals', '20'], ['Value', '20'], ['Large-cap growth', '30']]],
        ['Classic 60/40', 'classic-60-40', 0, [['Large-cap growth', '30'], ['Value', '30'], ['Bonds', '40']]],
        ['Three-fund', 'three-fund', 0, [['Large-cap growth', '21.6'], ['Value', '21.6'], ['Small-cap', '4.8'], ['International', '32'], ['Bonds', '20']]],
      ];
      const model = db.prepare("INSERT INTO models (name, band_rule, is_active, preset, created_at) VALUES (?, 'either', ?, ?, datetime('now'))");
      const target = db.prepare('INSERT INTO model_targets (model_id, sleeve_id, target_pct) SELECT ?, id, ? FROM sleeves WHERE key = ?');
      for (const [name, preset, active, targets] of presets) {
        const id = model.run(name, active, preset).lastInsertRowid;
        for (const [sleeve, pct] of targets) target.run(id, pct, sleeve);
      }
    },
  },
  {
    version: 4,
    name: 'plans: saved plans with their request, exact planner input and result; executed state for the follow-up',
    up(db) {
      db.exec(`
        -- Every plan Keel computes is recorded as a draft (the newest 50 unnamed drafts are kept); the user names
        -- (saved) or marks one executed. request: the planRequest JSON; input: the exact planner input
        -- ("keel plan --input" format) so a re-run plans the same household; result: the HouseholdPlanView JSON.
        -- executed_batch_id: the newest import batch when the plan was marked executed (no foreign key: an undone
        -- batch must not rewrite the plan's history); the follow-up compares imports newer than it.
        CREATE TABLE plans (
          id                INTEGER PRIMARY KEY,
          created_at        TEXT NOT NULL,
          name              TEXT,
          status            TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'saved', 'executed')),
          model_name        TEXT,
          mode              TEXT NOT NULL,
          currency          TEXT NOT NULL,
          request           TEXT NOT NULL,
          input             TEXT NOT NULL,
          result            TEXT NOT NULL,
          executed_at       TEXT,
          executed_batch_id INTEGER,
          CHECK ((status = 'executed') = (executed_at IS NOT NULL))
        ) STRICT;
        CREATE INDEX plans_by_status ON plans(status, id);
      `);
    },
  },
  {
    version: 5,
    name: 'prices: quoted currency of securities, price files, dated file and manual prices; 2026 Rotation preferred buys',
    up(db) {
      db.exec(`
        -- The currency a security is quoted in, when Keel was told (a price file, a manual price); NULL: unknown.
        ALTER TABLE securities ADD COLUMN currency TEXT;

        -- One row per imported price file (which file a price came from; undoing it removes its prices).
        CREATE TABLE price_files (
          id          INTEGER PRIMARY KEY,
          file_name   TEXT NOT NULL,
          sha256      TEXT NOT NULL,
          layout      TEXT NOT NULL CHECK (layout IN ('generic', 'yahoo', 'stooq')),
          imported_at TEXT NOT NULL
        ) STRICT;

        -- Dated closes from price files (their whole history) and prices the user entered. Positions imports and
        -- imported histories are price sources too, read from their own rows (positions, transactions), so undoing
        -- an import takes its prices with it. A later file or entry for the same symbol, currency, date and
        -- source replaces the earlier one.
        CREATE TABLE prices (
          id          INTEGER PRIMARY KEY,
          symbol      TEXT NOT NULL,
          currency    TEXT NOT NULL,
          date        TEXT NOT NULL,
          close_micro INTEGER NOT NULL CHECK (close_micro > 0),
          source      TEXT NOT NULL CHECK (source IN ('file', 'manual')),
          file_id     INTEGER REFERENCES price_files(id) ON DELETE CASCADE,
          entered_at  TEXT NOT NULL,
          UNIQUE (symbol, currency, date, source)
        ) STRICT;
        CREATE INDEX prices_by_file ON prices(file_id);

        -- The last trade (buy, sell, reinvestment with a price) of each symbol and currency in each imported
        -- history: the store's history prices, read without scanning the transactions. Undoing the batch removes it.
        CREATE TABLE trade_prices (
          batch_id    INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
          symbol      TEXT NOT NULL,
          currency    TEXT NOT NULL,
          date        TEXT NOT NULL,
          price_micro INTEGER NOT NULL CHECK (price_micro > 0),
          PRIMARY KEY (batch_id, symbol, currency)
        ) STRICT;
        INSERT INTO trade_prices (batch_id, symbol, currency, date, price_micro)
        SELECT batch_id, symbol, currency, date, price_micro FROM (
          SELECT t.batch_id, t.symbol, t.currency, substr(t.date, 1, 10) AS date, t.price_micro,
                 ROW_NUMBER() OVER (PARTITION BY t.batch_id, t.symbol, t.currency ORDER BY substr(t.date, 1, 10) DESC, t.id DESC) AS n
          FROM transactions t JOIN accounts a ON a.id = t.account_id
          WHERE t.type IN ('buy', 'sell', 'reinvest') AND t.symbol IS NOT NULL AND t.symbol <> '' AND t.price_micro > 0 AND a.is_demo = 0)
        WHERE n = 1;

        -- The 2026 Rotation preset's preferred buys, where the user has not set any of their own.
        INSERT INTO model_preferred (model_id, sleeve_id, symbol, position)
        SELECT m.id, s.id, p.symbol, p.position
        FROM models m
        JOIN (SELECT 'Small-cap' AS sleeve, 'IWM' AS symbol, 0 AS position
              UNION ALL SELECT 'Cyclicals', 'XLI', 0 UNION ALL SELECT 'Cyclicals', 'XLF', 1
              UNION ALL SELECT 'Value', 'VTV', 0) p
        JOIN sleeves s ON s.key = p.sleeve
        WHERE m.preset = 'rotation-2026' AND NOT EXISTS (SELECT 1 FROM model_preferred x WHERE x.model_id = m.id);
      `);
    },
  },
  {
    version: 6,
    name: 'signals: series, readings, rules with the 2026 rotation thesis presets',
    up(db) {
      db.exec(`
        -- A market series the user keeps readings of: the built-in ones below, or their own.
        CREATE TABLE signal_series (
          key        TEXT PRIMARY KEY,
          name       TEXT NOT NULL,
          unit       TEXT NOT NULL DEFAULT '',
          cadence    TEXT NOT NULL CHECK (cadence IN ('daily', 'monthly')),
          builtin    INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
          created_at TEXT NOT NULL
        ) STRICT;

        -- One reading per series and date (a later one replaces it), value in integer micro-units (never a float).
        -- cpi holds the year-over-year %, computed on import when a file gives the index level.
        CREATE TABLE signal_readings (
          series      TEXT NOT NULL REFERENCES signal_series(key) ON DELETE CASCADE,
          date        TEXT NOT NULL,
          value_micro INTEGER NOT NULL,
          source      TEXT NOT NULL CHECK (source IN ('manual', 'file')),
          file_name   TEXT,
          entered_at  TEXT NOT NULL,
          PRIMARY KEY (series, date)
        ) STRICT;

        -- The user's rules: series op threshold, and what a met rule suggests (a model to switch to, staging the
        -- rotation, or a flag). preset names the thesis rule a row started as.
        CREATE TABLE signal_rules (
          id              INTEGER PRIMARY KEY,
          series          TEXT NOT NULL REFERENCES signal_series(key) ON DELETE CASCADE,
          op              TEXT NOT NULL CHECK (op IN ('>', '>=', '<', '<=')),
          threshold_micro INTEGER NOT NULL,
          suggests        TEXT NOT NULL CHECK (suggests IN ('model', 'stage', 'flag')),
          model_id        INTEGER REFERENCES models(id) ON DELETE SET NULL,
          note            TEXT NOT NULL DEFAULT '',
          preset          TEXT UNIQUE,
          created_at      TEXT NOT NULL
        ) STRICT;

        INSERT INTO signal_series (key, name, unit, cadence, builtin, created_at) VALUES
          ('unemployment', 'Unemployment rate', '%', 'monthly', 1, datetime('now')),
          ('cpi', 'CPI, year over year', '%', 'monthly', 1, datetime('now')),
          ('ism-pmi', 'ISM manufacturing PMI', 'index', 'monthly', 1, datetime('now')),
          ('russell-rsi', 'Russell 2000 RSI-14 (IWM)', 'index', 'daily', 1, datetime('now')),
          ('ten-year', '10-year Treasury yield', '%', 'daily', 1, datetime('now')),
          ('vix', 'VIX', 'index', 'daily', 1, datetime('now'));

        -- The 2026 rotation thesis's own conditions; the defensive model is the Classic 60/40 preset (if kept).
        INSERT INTO signal_rules (series, op, threshold_micro, suggests, model_id, note, preset, created_at) VALUES
          ('unemployment', '>', 4300000, 'model', (SELECT id FROM models WHERE preset = 'classic-60-40' ORDER BY id LIMIT 1),
           'rotation may reverse toward bonds: consider the defensive model', 'unemployment-reversal', datetime('now')),
          ('cpi', '>', 2600000, 'flag', NULL, 'cuts delayed', 'cpi-cuts-delayed', datetime('now')),
          ('russell-rsi', '>=', 72000000, 'stage', NULL, 'overbought: stage purchases', 'rsi-overbought', datetime('now')),
          ('ism-pmi', '>', 50000000, 'flag', NULL, 'rotation supported', 'pmi-supported', datetime('now'));
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
